"""The facilitator's view: follow a live interview, annotate turns, override levels, push a
follow-up question. It reads the interviewee's files and writes only its own notes file.

ShadowScreen does the work, so the interviewee app's home screen can open it too; ShadowApp is
the thin app `interviewer shadow ID` runs."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from interviewer import startup_gc
from interviewer.frontends.consent import when
from interviewer.frontends.facilitation import annotation, override, question
from interviewer.frontends.follower import SessionFollower
from interviewer.records import (
    TYPE_OF,
    Completed,
    ConsentDeclined,
    ConsentGiven,
    FacilitatorQuestion,
    Note,
    Paused,
    Resumed,
    to_json,
)
from interviewer.store import SessionStore, StoreError
from interviewer.store.notes_file import NotesWriter
from interviewer.textsafe import visible_control
from interviewer.tui import themes
from interviewer.tui.browser import PALETTE_KEY, QUIT_KEY
from interviewer.tui.conversation.chat import ChatEntry, ChatLog
from interviewer.tui.key_bar import KeyBar
from interviewer.tui.safe_text import literal
from interviewer.tui.shadow.state_panel import StatePanel
from interviewer.whole_numbers import whole_number

POLL_SECONDS = 0.05

HELP = (
    "Type a note for the selected turn (#quote #pain #risk #follow-up #disagree or any #tag), "
    "or /override DIMENSION LEVEL reason, or /ask a question for the interviewee."
)


class ShadowScreen(Screen[None]):
    CSS_PATH = "shadow.tcss"
    BINDINGS = [
        Binding("ctrl+up", "select(-1)", "Earlier turn", priority=True),
        Binding("ctrl+down", "select(1)", "Later turn", priority=True),
        # what a browser (or macOS) leaves alone: the line at the bottom has no use for ↑↓
        Binding("up", "select(-1)", "Earlier turn", priority=True),
        Binding("down", "select(1)", "Later turn", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, store: SessionStore, session_id: str, who: str) -> None:
        super().__init__()
        self.store, self.session_id, self.who = store, session_id, who
        self.follower: SessionFollower | None = None
        self.notes: NotesWriter | None = None
        self.selected: int | None = None  # event index of the selected answer
        self.follow_latest = True  # the selection moves with new answers until one is chosen

    def compose(self) -> ComposeResult:
        yield Static("", id="shadow-title")
        with Horizontal(id="shadow-body"):
            yield ChatLog(id="transcript")
            yield StatePanel(id="state")
        with Vertical(id="shadow-actions"):
            yield Static("", id="selected")
            yield Input(placeholder=HELP, id="action", compact=True)
            yield Static("", id="action-result")
        yield KeyBar()

    def on_mount(self) -> None:
        try:
            self.follower = SessionFollower(self.store, self.session_id)
            self.notes = NotesWriter(self.store.ref(self.session_id), self.who)
        except StoreError as exc:
            if isinstance(self.app, ShadowApp):
                self.app.exit(f"interviewer: {exc}", return_code=1)
            else:
                self.notify(visible_control(str(exc)), severity="error", timeout=8, markup=False)
                self.dismiss()
            return
        self.tick()
        self.set_interval(POLL_SECONDS, self.tick)
        self.query_one("#action", Input).focus()

    # -- following ----------------------------------------------------------------------------

    def tick(self) -> None:
        follower = self.follower
        if follower is None:
            return
        try:
            events, notes = follower.poll()
        except StoreError as exc:
            self.notify(visible_control(str(exc)), severity="error", markup=False)
            return
        for warning in follower.warnings():
            self.notify(visible_control(warning), severity="warning", timeout=8, markup=False)
        if not events and not notes:
            return
        iv = follower.interview
        entries: list[ChatEntry] = []
        revised = False
        for index, event in events:
            turn = iv.transcript.at_event(index)
            if turn is not None:
                entries.append(
                    ChatEntry(
                        "interviewer",
                        turn.question,
                        step=turn.step.id,
                        title=f"Turn {turn.number} · {turn.step.purpose}",
                    )
                )
                revised |= turn.revises
                entries.append(ChatEntry("you", turn.answer, step=turn.step.id, event_index=index))
                if self.follow_latest:
                    self.selected = index
            elif isinstance(event, FacilitatorQuestion):
                entries.append(ChatEntry("info", f"{event.by} pushed a question: {event.text}"))
            elif isinstance(event, Paused | Resumed | Completed):
                entries.append(ChatEntry("info", f"The interview was {TYPE_OF[type(event)]}."))
            elif isinstance(event, ConsentGiven):
                entries.append(
                    ChatEntry("info", f"The interviewee accepted the notice at {when(event.ts)}.")
                )
            elif isinstance(event, ConsentDeclined):
                entries.append(
                    ChatEntry("info", f"The interviewee declined the notice at {when(event.ts)}.")
                )
        chat = self.query_one(ChatLog)
        if entries:
            chat.add(*entries)
        if revised:
            chat.sync_superseded(iv.transcript.superseded_events())
        self.refresh_state()

    def _answer_indexes(self) -> list[int]:
        if self.follower is None:
            return []
        return [turn.event_index for turn in self.follower.transcript]

    def refresh_state(self) -> None:
        follower = self.follower
        assert follower is not None
        self.query_one(StatePanel).show(follower)
        meta = follower.meta
        present = [p for p in follower.present() if p != self.who]
        others = f" · also following: {', '.join(present)}" if present else ""
        self.query_one("#shadow-title", Static).update(
            literal(
                f"Shadowing {self.session_id} as {self.who} · {meta.get('participant') or '-'}"
                f" · {meta.get('org') or '-'}{others}"
            )
        )
        selected = self.query_one("#selected", Static)
        if self.selected is None:
            selected.update("No answer yet: notes attach to a turn once there is one.")
        else:
            turn = follower.turn_at(self.selected)
            selected.update(
                literal(
                    f"Selected: turn {turn.number} · {turn.step.id} "
                    "(click an answer or ↑/↓ to choose another)"
                )
            )

    # -- choosing a turn ----------------------------------------------------------------------

    def on_chat_log_selected(self, message: ChatLog.Selected) -> None:
        if message.entry.event_index is not None:
            self.selected = message.entry.event_index
            answers = self._answer_indexes()
            self.follow_latest = bool(answers) and self.selected == answers[-1]
            self.refresh_state()

    def action_select(self, step: int) -> None:
        answers = self._answer_indexes()
        if not answers:
            return
        at = answers.index(self.selected) if self.selected in answers else len(answers) - 1
        self.selected = answers[max(0, min(len(answers) - 1, at + step))]
        self.follow_latest = self.selected == answers[-1]
        self.refresh_state()

    # -- acting -------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        try:
            record, done = self._record_for(text)
        except StoreError as exc:
            self._result(f"✗ {exc}")
            return
        assert self.notes is not None
        self.notes.append([to_json(record)])
        event.input.value = ""
        self._result(done)
        self.tick()
        self.refresh_state()

    def _record_for(self, text: str) -> tuple[Note, str]:
        follower = self.follower
        assert follower is not None
        if text.startswith("/ask"):
            return question(text[4:]), "Question queued: asked after the current question."
        if text.startswith("/override"):
            parts = text.split(maxsplit=3)
            number = whole_number(parts[2]) if len(parts) == 4 else None
            if number is None:
                raise StoreError("use: /override DIMENSION LEVEL reason")
            level = override(list(follower.script.dimensions), parts[1], number, parts[3])
            return level, f"{parts[1]} overridden to {parts[2]}."
        if self.selected is None:
            raise StoreError("there is no answer to annotate yet")
        words = text.split()
        tags = [w[1:] for w in words if w.startswith("#") and len(w) > 1]
        note = " ".join(w for w in words if not (w.startswith("#") and len(w) > 1))
        turn = follower.turn_at(self.selected).number
        return annotation(follower.transcript, turn, note, tags), f"Noted on turn {turn}."

    def _result(self, text: str) -> None:
        self.query_one("#action-result", Static).update(literal(text))

    def action_leave(self) -> None:
        if isinstance(self.app, ShadowApp):
            self.app.exit()
        else:
            self.dismiss()

    def on_unmount(self) -> None:
        if self.notes is not None:
            self.notes.close()
            self.notes = None


class ShadowApp(App[str | None]):
    TITLE = "interviewer · shadow"
    BINDINGS = [
        Binding(f"ctrl+q,{QUIT_KEY}", "quit", "Quit", priority=True),
        Binding("f6", "toggle_dark", "Light/dark"),
        Binding(f"ctrl+p,{PALETTE_KEY}", "command_palette", "Commands", show=False, priority=True),
    ]

    def __init__(
        self, store: SessionStore, session_id: str, who: str, web_keys: bool = False
    ) -> None:
        super().__init__()
        themes.install(self)
        self.web_keys = web_keys  # show the browser's keys without a browser (tests)
        self.store, self.session_id, self.who = store, session_id, who

    def on_mount(self) -> None:
        self.call_after_refresh(startup_gc.release)
        self.push_screen(ShadowScreen(self.store, self.session_id, self.who))

    def action_toggle_dark(self) -> None:
        self.theme = themes.other(self.theme)


def run_shadow(sessions_dir: Path, session_id: str, who: str) -> int:
    app = ShadowApp(SessionStore(sessions_dir), session_id, who)
    message = app.run()
    if message:
        print(message)
    return app.return_code or 0
