"""Home: start a new interview, resume a paused one, see recent sessions."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from interviewer.script import Script
from interviewer.store import SessionStore, list_sessions
from interviewer.tui.home.messages import ResumeRequested, ShadowRequested, StartRequested
from interviewer.tui.key_bar import KeyBar
from interviewer.tui.safe_text import literal


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "-"


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"

    def __init__(self, script: Script, store: SessionStore) -> None:
        super().__init__()
        self.script, self.store = script, store

    def compose(self) -> ComposeResult:
        yield Static("interviewer · MLOps maturity discovery", id="home-title")
        with Horizontal(id="home"):
            with VerticalScroll(id="new-interview"):
                yield Static("Start a new interview", classes="panel-title")
                tracks = []
                for key in self.script.tracks:
                    track = self.script.tracks[key]
                    dims = ", ".join(self.script.dimensions[d].name for d in track.dimensions)
                    text = f"{track.title} · {track.minutes:g} min\n  {track.summary}"
                    if dims:
                        text += f"\n  Covers: {dims}"
                    tracks.append(Option(literal(text), id=key))
                yield OptionList(*tracks, id="track-list")
                yield Input(placeholder="Organisation", id="org", compact=True)
                yield Input(placeholder="Your name", id="participant", compact=True)
                yield Button("Start interview", id="start", variant="primary")
            with Vertical(id="sessions-column"):
                yield Static("Resume a paused interview", classes="panel-title")
                yield OptionList(id="paused-list")
                yield Static("Live sessions: follow one as a facilitator", classes="panel-title")
                yield OptionList(id="live-list")
                yield Static("Recent sessions", classes="panel-title")
                yield OptionList(id="recent-list")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        self.refresh_sessions()

    def on_mount(self) -> None:
        self.set_interval(2.0, self.refresh_sessions)
        tracks = self.query_one("#track-list", OptionList)
        keys = list(self.script.tracks)
        tracks.highlighted = keys.index("full") if "full" in keys else 0
        self.refresh_sessions()
        tracks.focus()

    def refresh_sessions(self) -> None:
        sessions = list_sessions(self.store)
        paused = self.query_one("#paused-list", OptionList)
        recent = self.query_one("#recent-list", OptionList)
        live = self.query_one("#live-list", OptionList)
        paused.clear_options()
        recent.clear_options()
        live.clear_options()
        for s in sessions:
            who = " · ".join(x for x in (s.participant, s.org) if x) or "anonymous"
            line = literal(f"{s.id}  {s.role}  {who}  ({s.status}, {_when(s.last_activity)})")
            if s.status == "paused":
                paused.add_option(Option(line, id=s.id))
            if s.status == "active":
                live.add_option(Option(line, id=s.id))
            recent.add_option(Option(line, id=s.id, disabled=s.status != "paused"))
        if not paused.option_count:
            paused.add_option(Option("Nothing paused.", disabled=True))
        if not live.option_count:
            live.add_option(Option("No interview is running right now.", disabled=True))
        if not recent.option_count:
            recent.add_option(Option("No sessions yet.", disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "live-list" and event.option.id:
            self.post_message(ShadowRequested(event.option.id))
        elif event.option_list.id in ("paused-list", "recent-list") and event.option.id:
            self.post_message(ResumeRequested(event.option.id))
        elif event.option_list.id == "track-list":
            self.query_one("#org", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "org":
            self.query_one("#participant", Input).focus()
        else:
            self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self._start()

    def _start(self) -> None:
        tracks = self.query_one("#track-list", OptionList)
        if tracks.highlighted is None:
            self.notify("Pick a track first.", severity="warning")
            return
        option = tracks.get_option_at_index(tracks.highlighted)
        self.post_message(
            StartRequested(
                option.id or "full",
                self.query_one("#org", Input).value.strip(),
                self.query_one("#participant", Input).value.strip(),
            )
        )
