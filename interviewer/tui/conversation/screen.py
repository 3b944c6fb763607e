"""The conversation: chat, answer area, status, and the maturity picture on the side.

No interview logic lives here: every line goes to the SessionRunner, and the screen shows what
comes back.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from interviewer.session import consent
from interviewer.session.conversation import Ask, Interview
from interviewer.session.runner import Out, SessionRunner, saving
from interviewer.store import StoreError
from interviewer.transcript import Turn
from interviewer.tui.browser import PANEL_KEY, app_help, in_browser
from interviewer.tui.conversation.answer_area import AnswerArea, Submitted
from interviewer.tui.conversation.chat import ChatEntry, ChatLog
from interviewer.tui.conversation.status_bar import StatusBar
from interviewer.tui.key_bar import KeyBar

if TYPE_CHECKING:
    from interviewer.tui.conversation.profile_panel import ProfilePanel


def as_raw(value: Any) -> str | None:
    """An earlier answer in the form the answer widgets take it back."""
    if value is None:
        return None
    if isinstance(value, list):
        return ",".join(value)
    return str(value)


WINDOW_COMMANDS = {  # typed commands for what the window does (the engine's are /help etc.)
    "/panel": "toggle_profile",
    "/theme": "app.toggle_dark",
    "/change": "history",
    "/quit": "app.pause_and_quit",
}


class ConversationScreen(Screen[None]):
    BINDINGS = [
        Binding("f1", "command('help')", "Help"),
        Binding("f2", "command('why')", "Why?"),
        Binding("f3", "command('skip')", "Skip"),
        Binding("f4", "command('pause')", "Pause"),
        Binding(f"f5,{PANEL_KEY}", "toggle_profile", "Profile"),
        Binding("ctrl+e", "history", "Change an answer", priority=True),
        Binding("escape", "cancel_revision", "Cancel change", show=False),
    ]

    def __init__(self, runner: SessionRunner, first: list[Out] | None = None) -> None:
        """`first`: what to show first when the runner already said it (accepting the
        notice on its own screen begins the interview); else the runner's opening."""
        super().__init__()
        self.runner = runner
        self._first = first
        self.revising: str | None = None
        self._last_asked: str | None = None
        self._profile: ProfilePanel | None = None

    @property
    def interview(self) -> Interview:
        return self.runner.interview

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield ChatLog(id="chat")
        yield AnswerArea(id="answer-area")
        yield KeyBar()

    def on_mount(self) -> None:
        self._history_from_log()
        self.set_interval(2.0, self._check_facilitators)
        self.render_outs(self._first if self._first is not None else self.runner.opening())
        self._first = None
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """What the first question does not need waits until it is on screen."""
        self.interview.prepare()
        self.query_one(AnswerArea).ensure_widgets()
        if self.app.size.width >= 110:
            self.action_toggle_profile()

    # -- showing what the runner says -------------------------------------------------------

    def _history_from_log(self) -> None:
        """On resume, rebuild the conversation so far from the transcript."""
        entries: list[ChatEntry] = []
        for turn in self.interview.transcript:
            entries.append(ChatEntry("interviewer", turn.question, step=turn.step.id))
            if turn.settled_by is None:  # else the question is what was noted, said once
                entries.append(self._you(turn))
        if entries:
            chat = self.query_one(ChatLog)
            chat.add(*entries)
            chat.sync_superseded(self.interview.transcript.superseded_events())

    @staticmethod
    def _you(turn: Turn) -> ChatEntry:
        return ChatEntry(
            "you",
            turn.answer,
            step=turn.step.id,
            event_index=turn.event_index,
            revised=turn.revises,
        )

    def render_outs(
        self, outs: list[Out], entries: list[ChatEntry] | None = None, again: bool = False
    ) -> None:
        """Show what the runner said, after `entries` already due in the chat. `again`: after
        a command that recorded no answer, so the question shown again keeps what was typed."""
        chat = self.query_one(ChatLog)
        area = self.query_one(AnswerArea)
        entries = list(entries or [])
        for out in outs:
            if out.kind == "segment":
                entries.append(ChatEntry("segment", out.text))
            elif out.kind == "say":
                entries.append(ChatEntry("interviewer", out.text))
            elif out.kind in ("info", "presence"):
                entries.append(ChatEntry("info", out.text))
            elif out.kind == "invalid":
                area.show_error(out.text)
                area.select_answer()  # typing replaces the rejected text
                self.call_after_refresh(self._question_in_view)  # the error line took a row
            elif out.kind == "notice" and out.notice is not None:
                self._ask_consent(out)
            elif out.kind == "ask" and out.ask is not None:
                if out.ask.step.purpose == "consent":
                    continue  # answered on the notice's own screen
                if out.ask.step.id != self._last_asked or out.ask.previous is not None:
                    entries.append(ChatEntry("interviewer", out.ask.text, step=out.ask.step.id))
                    self._last_asked = out.ask.step.id
                    area.set_ask(out.ask, as_raw(out.ask.previous), keep=again)
                elif not any(o.kind == "invalid" for o in outs):
                    area.set_ask(out.ask, keep=again)
            elif out.kind == "summary" and out.card is not None:
                from interviewer.tui.summary.screen import SummaryScreen

                iv = self.interview
                levels = {n: level.name for n, level in iv.script.levels.items()}
                self.app.push_screen(
                    SummaryScreen(
                        out.card,
                        self.runner.session_id,
                        iv.track.title,
                        list(out.actions),
                        levels,
                        store=self.runner.store,
                    )
                )
            elif out.kind == "paused":
                self.app.exit(
                    f"Paused. Resume any time with: interviewer resume {self.runner.session_id}"
                )
            elif out.kind == "declined":
                self.app.exit(consent.DECLINED)
        if entries:
            chat.add(*entries)
        self._refresh_panels()

    def _ask_consent(self, out: Out) -> None:
        """The notice on its own screen; the interview starts once it is accepted."""
        from interviewer.tui.consent.screen import ConsentScreen

        def answered(accepted: bool | None) -> None:
            if accepted is not None and not self.runner.finished:
                self.render_outs(self.runner.answer_consent(accepted))

        assert out.notice is not None
        self.app.push_screen(ConsentScreen(out.notice, self.runner.consent.previous), answered)

    def _question_in_view(self) -> None:
        chat = self.query_one(ChatLog)
        question = chat.last_question()
        if question is not None:
            chat.keep_in_view(question)

    def _check_facilitators(self) -> None:
        """Who is following: shown as it changes; pushed questions come after the answer."""
        if not self.runner.finished:
            notices = self.runner.facilitators()
            if notices:
                self.render_outs(notices)

    def _refresh_panels(self) -> None:
        self.query_one(StatusBar).show(
            self.interview, revising=self.revising is not None, present=self.runner.present
        )
        panel = self._profile
        if panel is not None and panel.display:
            panel.show(self.interview.scorecard())

    # -- answering ----------------------------------------------------------------------------

    def on_submitted(self, message: Submitted) -> None:
        message.stop()
        self.submit(message.raw)

    def submit(self, raw: str) -> None:
        with self.app.batch_update():  # one repaint for the answer, the question, the status
            self._submit(raw)

    def _submit(self, raw: str) -> None:
        if self.runner.finished:
            return
        word = raw.strip().lower()
        if word in WINDOW_COMMANDS:  # the window's own commands: the engine never sees them
            area = self.query_one(AnswerArea)
            ask = area.ask  # the question in front of them again, as it was before the command
            area.set_ask(ask, as_raw(ask.previous) if ask is not None else None, keep=True)
            self.call_later(self.run_action, WINDOW_COMMANDS[word])
            return
        transcript = self.interview.transcript
        before = len(transcript)
        revising = self.revising
        if revising is not None and not raw.strip().startswith("/"):
            turn = partial(self.runner.revise, revising, raw)
        else:
            turn = partial(self.runner.handle, raw)
        try:
            outs = saving(self.runner, turn)
        except StoreError as exc:  # a full disk, or the session deleted: said as it ends
            self.app.exit(f"interviewer: {exc}", return_code=1)
            return
        turns = transcript.turns[before:]
        revised = any(turn.revises for turn in turns)
        if turns:
            self.revising = None
        if revised:
            self._last_asked = None  # show the question we return to again
        if word.split()[:1] == ["/help"]:  # the app's keys in place of the plain mode's text
            outs = [*outs]
            help_out = Out("info", app_help(in_browser(self.app)))
            at = next((n for n, o in enumerate(outs) if o.kind == "info"), None)
            if at is not None:
                outs[at] = help_out
            else:
                outs.insert(len(outs) - 1 if outs else 0, help_out)
        # the answer and what follows it: one addition to the chat
        # an answer read from an earlier one, or given to an indicator by a clarifying question,
        # is said by the runner, never shown as typed
        typed = [t for t in turns if t.settled_by is None and t.clarified is None]
        self.render_outs(
            outs, [self._you(t) for t in typed], again=not turns and word.startswith("/")
        )
        if revised:
            self.query_one(ChatLog).sync_superseded(transcript.superseded_events())

    # -- changing an earlier answer -----------------------------------------------------------

    def on_chat_log_selected(self, message: ChatLog.Selected) -> None:
        if message.entry.step:
            self.start_revision(message.entry.step)

    def action_history(self) -> None:
        from interviewer.tui.conversation.history import HistoryScreen

        def chosen(step_id: str | None) -> None:
            if step_id:
                self.start_revision(step_id)

        self.app.push_screen(HistoryScreen(self.interview), chosen)

    def start_revision(self, step_id: str) -> None:
        iv = self.interview
        if step_id not in iv.answers or self.runner.finished:
            self.notify("That answer is no longer on the route, so it can't be changed.")
            return
        step = iv.as_asked(iv.track.index[step_id])
        self.revising = step_id
        ask = Ask(step, iv.render(step), iv.answers.get(step_id))
        self.query_one(ChatLog).add(
            ChatEntry("info", "Changing an earlier answer (Esc cancels):"),
            ChatEntry("interviewer", ask.text, step=step_id),
        )
        self.query_one(AnswerArea).set_ask(ask, as_raw(ask.previous))
        self._refresh_panels()

    def action_cancel_revision(self) -> None:
        if self.revising is None:
            return
        self.revising = None
        self.query_one(ChatLog).add(ChatEntry("info", "Change cancelled."))
        self._last_asked = None
        self.render_outs(self.runner.prompt(repeat=True))

    # -- commands -----------------------------------------------------------------------------

    def action_command(self, name: str) -> None:
        self.submit(f"/{name}")

    def action_toggle_profile(self) -> None:
        """The panel is built the first time it is shown."""
        if self._profile is None:
            from interviewer.tui.conversation.profile_panel import ProfilePanel

            self._profile = ProfilePanel(id="profile")
            self.mount(self._profile)
        else:
            self._profile.display = not self._profile.display
        self._refresh_panels()
