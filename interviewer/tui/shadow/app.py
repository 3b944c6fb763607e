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
from textual.widgets import Input, Label, Static

from interviewer import startup_gc
from interviewer.records import Note
from interviewer.session.errors import EngineError
from interviewer.session.facilitation import annotation, override, question
from interviewer.session.follower import SessionFollower
from interviewer.store import SessionStore, StoreError
from interviewer.store.notes_file import NotesWriter
from interviewer.textsafe import visible_control
from interviewer.tui import themes
from interviewer.tui.browser import PALETTE_KEY, QUIT_KEY
from interviewer.tui.conversation.chat import ChatEntry, ChatLog
from interviewer.tui.key_bar import KeyBar
from interviewer.tui.safe_text import interviewer_text, literal
from interviewer.tui.shadow.state_panel import StatePanel
from interviewer.whole_numbers import whole_number

POLL_SECONDS = 0.05

HELP = (
    "a note and #tags (#quote #pain #risk #follow-up #disagree), /ask QUESTION, "
    "/override DIMENSION LEVEL REASON"
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
        self.drafting = False  # a note is being typed: it stays on the turn it was begun on

    def compose(self) -> ComposeResult:
        yield Static("", id="shadow-title")
        with Horizontal(id="shadow-body"):
            with Vertical(id="shadow-left"):
                yield ChatLog(id="transcript")
                with Vertical(id="now"):
                    yield Static("", id="now-heading")
                    yield Static("", id="now-text")
                    yield Static("", id="now-choices")
                    yield Static("", id="now-detail")
            yield StatePanel(id="state")
        with Vertical(id="shadow-actions"):
            yield Static("", id="selected")
            with Horizontal(id="action-line"):
                yield Label("", id="action-prefix")
                yield Input(placeholder=HELP, id="action", compact=True)
            yield Static("", id="action-result")
        yield KeyBar()

    def on_mount(self) -> None:
        try:
            self.follower = SessionFollower(self.store, self.session_id)
            self.notes = NotesWriter(self.store.ref(self.session_id), self.who)
        except (StoreError, EngineError) as exc:
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
        except (StoreError, EngineError) as exc:
            self.notify(visible_control(str(exc)), severity="error", markup=False)
            return
        for warning in follower.warnings():
            self.notify(visible_control(warning), severity="warning", timeout=8, markup=False)
        if not events and not notes:
            return
        iv = follower.interview
        entries: list[ChatEntry] = []
        if not self.query_one(ChatLog).entries:
            entries.append(
                ChatEntry(
                    "info",
                    f"Following {follower.participant}'s interview as {self.who}: "
                    "answers appear here as they are given.",
                )
            )
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
                entries.append(
                    ChatEntry(
                        "you",
                        turn.answer,
                        step=turn.step.id,
                        event_index=index,
                        revised=turn.revises,
                        speaker=follower.participant,
                    )
                )
                if self.follow_latest and not self.drafting:
                    self.selected = index
            else:
                said = follower.happened(index, event)
                if said is not None:
                    entries.append(ChatEntry("info", said))
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
        org = follower.meta.org
        present = [p for p in follower.present() if p != self.who]
        others = f" · also following: {', '.join(present)}" if present else ""
        self.query_one("#shadow-title", Static).update(
            literal(
                f"Following {follower.participant}{' · ' + org if org else ''} · as {self.who}"
                f" · session {self.session_id}{others}"
            )
        )
        self._show_on_screen()
        self._show_selected()

    def _show_on_screen(self) -> None:
        """The question the interviewee has in front of them, as they see it."""
        assert self.follower is not None
        now = self.follower.on_screen()
        box = self.query_one("#now", Vertical)
        box.display = now is not None
        if now is None:
            return
        self.query_one("#now-heading", Static).update(literal(now.heading))
        self.query_one("#now-text", Static).update(interviewer_text(now.text))
        for widget_id, text in (("#now-choices", now.choices), ("#now-detail", now.detail)):
            line = self.query_one(widget_id, Static)
            line.update(literal(text))
            line.display = bool(text)

    def _show_selected(self) -> ChatEntry | None:
        """Which answer a note goes on: marked in the transcript, named above the input and
        beside it. Cheap: a key press or a new selection redraws only this."""
        follower = self.follower
        assert follower is not None
        marked = self.query_one(ChatLog).mark(self.selected)
        selected = self.query_one("#selected", Static)
        prefix = self.query_one("#action-prefix", Label)
        typed = self.query_one("#action", Input).value.lstrip()
        if self.selected is None:
            selected.update("No answer yet: notes go on a turn once there is one.")
            number = None
        else:
            turn = follower.turn_at(self.selected)
            number = turn.number
            held = " · held while you type" if self.drafting else ""
            selected.update(
                literal(
                    f"Turn {turn.number} selected ({follower.participant}): "
                    f"“{_short(turn.answer)}”{held} · ↑/↓ or a click chooses another"
                )
            )
        if typed.startswith("/ask"):
            prefix.update(literal(f"Question for {follower.participant}:"))
        elif typed.startswith("/"):
            prefix.update("Command:")
        elif number is None:
            prefix.update("Note:")
        else:
            prefix.update(f"Note on turn {number}:")
        return marked

    # -- choosing a turn ----------------------------------------------------------------------

    def on_chat_log_selected(self, message: ChatLog.Selected) -> None:
        if message.entry.event_index is not None:
            self._choose(message.entry.event_index)

    def action_select(self, step: int) -> None:
        answers = self._answer_indexes()
        if not answers:
            return
        at = answers.index(self.selected) if self.selected in answers else len(answers) - 1
        self._choose(answers[max(0, min(len(answers) - 1, at + step))])

    def _choose(self, event_index: int) -> None:
        """The facilitator chose an answer: notes go on it until they choose another (the
        newest answer: the selection follows new answers again)."""
        answers = self._answer_indexes()
        self.selected = event_index
        self.follow_latest = bool(answers) and event_index == answers[-1]
        marked = self._show_selected()
        if marked is not None:
            self.query_one(ChatLog).keep_in_view(marked)

    def on_input_changed(self, event: Input.Changed) -> None:
        """A note begun stays on the turn it was begun on, whatever is answered meanwhile."""
        text = event.value.strip()
        self.drafting = bool(text) and not text.startswith("/")
        if self.follower is not None:
            if not self.drafting and self.follow_latest:
                answers = self._answer_indexes()
                self.selected = answers[-1] if answers else None
            self._show_selected()

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
        self.notes.append([record])
        event.input.value = ""  # the selection follows new answers again, unless one was chosen
        self._result(done)
        self.tick()

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
        """What the last action did (or why it was refused)."""
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


def _short(text: str, limit: int = 40) -> str:
    """An answer cut to one short line, to recognise it by."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"


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
