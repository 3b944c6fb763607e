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
from interviewer.store.retention import warning as retention_warning
from interviewer.tui.home.messages import ResumeRequested, ShadowRequested, StartRequested
from interviewer.tui.key_bar import KeyBar
from interviewer.tui.safe_text import literal

SESSION_LISTS = {  # each list of sessions, and what it says when it has none
    "paused-list": "Nothing paused.",
    "live-list": "No interview is running right now.",
    "recent-list": "No sessions yet.",
}

Row = tuple[str, str, bool]  # session id, the line shown, disabled


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "-"


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"

    def __init__(self, script: Script, store: SessionStore) -> None:
        super().__init__()
        self.script, self.store = script, store
        self._rows: dict[str, list[Row]] = {}  # what each session list shows now

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
        tracks.highlighted = 0  # the first (shortest) track, at the top of the view
        self.refresh_sessions()
        tracks.focus()
        past = retention_warning(self.store, time.time())
        if past:  # said once, where the sessions are listed
            self.notify(past, title="Retention", severity="warning", markup=False, timeout=15)
        self.query_one("#new-interview", VerticalScroll).scroll_home(animate=False)

    def refresh_sessions(self) -> None:
        """Read the sessions again (every 2 s, and on coming back to this screen). A list is
        rebuilt only when what it shows changed, and keeps the highlighted session: rebuilding
        an unchanged list would take the keyboard highlight away under the user's cursor."""
        rows = self.session_rows()
        for list_id, empty in SESSION_LISTS.items():
            if rows[list_id] != self._rows.get(list_id):
                self._show_rows(self.query_one(f"#{list_id}", OptionList), rows[list_id], empty)
        self._rows = rows

    def session_rows(self) -> dict[str, list[Row]]:
        rows: dict[str, list[Row]] = {list_id: [] for list_id in SESSION_LISTS}
        for s in list_sessions(self.store):
            who = " · ".join(x for x in (s.participant, s.org) if x) or "anonymous"
            line = f"{s.id}  {s.role}  {who}  ({s.status}, {_when(s.last_activity)})"
            if s.status == "paused":
                rows["paused-list"].append((s.id, line, False))
            if s.status == "active":
                rows["live-list"].append((s.id, line, False))
            rows["recent-list"].append((s.id, line, s.status != "paused"))
        return rows

    @staticmethod
    def _show_rows(widget: OptionList, rows: list[Row], empty: str) -> None:
        current = widget.highlighted_option
        keep = current.id if current is not None else None
        if rows:
            widget.set_options(
                Option(literal(line), id=sid, disabled=disabled) for sid, line, disabled in rows
            )
        else:
            widget.set_options([Option(literal(empty), disabled=True)])
        ids = [sid for sid, _, disabled in rows if not disabled]
        if keep in ids:
            widget.highlighted = widget.get_option_index(keep)
        elif ids:  # Tab into the list highlights a session, not nothing
            widget.highlighted = widget.get_option_index(ids[0])

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
            self.notify("Pick a track first.", severity="warning", markup=False)
            return
        option = tracks.get_option_at_index(tracks.highlighted)
        self.post_message(
            StartRequested(
                option.id or "full",
                self.query_one("#org", Input).value.strip(),
                self.query_one("#participant", Input).value.strip(),
            )
        )
