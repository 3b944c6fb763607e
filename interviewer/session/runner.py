"""The loop every line-based front end shares: engine + store, no rendering.

An answer is appended (fsynced) to the transcript before the engine moves on, so what the
interviewee saw acknowledged survives a crash.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from interviewer.records import (
    Answer,
    Completed,
    ConsentDeclined,
    ConsentGiven,
    Event,
    FacilitatorQuestion,
    Paused,
    PushedQuestion,
    Resumed,
    ScriptMigrated,
)
from interviewer.script import Script, ScriptError, load_script
from interviewer.script.model import Notice
from interviewer.session import consent
from interviewer.session.create import create_session
from interviewer.session.pause import write_pause
from interviewer.store import SessionStore, SessionWriter, StoreError
from interviewer.store.notes_file import NotesReader
from interviewer.textsafe import user_message

if TYPE_CHECKING:  # the engine is imported once the interview is needed: see `interview`
    from interviewer.engine.interview import Ask, Interview
    from interviewer.scoring import Scorecard
    from interviewer.scoring.recommend import NextAction

log = logging.getLogger("interviewer.session")


def _consent_ask() -> Ask:
    from interviewer.engine.interview import Ask

    return Ask(consent.STEP, consent.QUESTION)


class Out(NamedTuple):
    """One thing to show: session, notice, segment, say, presence, ask, invalid, info, summary,
    paused, declined or done."""

    kind: str
    text: str = ""
    ask: Ask | None = None
    card: Scorecard | None = None
    resumed: bool = False
    actions: tuple[NextAction, ...] = ()  # with a summary: the ranked next actions
    notice: Notice | None = None  # with a notice (and the consent ask that follows it)


class SessionRunner:
    def __init__(
        self,
        store: SessionStore,
        writer: SessionWriter,
        script: Script,
        resumed: bool,
        clock: Callable[[], float] = time.time,
        notice: Notice | None = None,
    ) -> None:
        """`notice`: the notice in force, to be accepted before anything else is recorded."""
        self.store, self.writer, self.script, self.clock = store, writer, script, clock
        self.resumed = resumed
        self._events = list(writer.events)  # replayed into `interview` (a copy: appends grow it)
        self.notice = notice
        self.consent = consent.consent_state(self._events, notice)
        self.declined = False
        self._last_segment: str | None = None
        self.finished = False
        self.notes = NotesReader(writer.ref)
        self._present: set[str] = set()
        self._asked: set[str] | None = None  # ids of facilitator questions already taken in

    @property
    def session_id(self) -> str:
        return self.writer.ref.id

    @cached_property
    def interview(self) -> Interview:
        """Replayed when first needed: a new session's notice is shown before the engine is
        even imported (a front end's first screen comes sooner)."""
        from interviewer.engine.interview import Interview

        events, self._events = self._events, []
        return Interview.replay(self.script, self.writer.meta.track, events)

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        store: SessionStore,
        track: str,
        org: str | None,
        participant: str | None,
        script_path: str | None,
        clock: Callable[[], float] = time.time,
    ) -> SessionRunner:
        writer, script = create_session(store, track, org, participant, script_path, clock())
        return cls(store, writer, script, resumed=False, clock=clock, notice=script.notice)

    @classmethod
    def resume(
        cls, store: SessionStore, session_id: str, clock: Callable[[], float] = time.time
    ) -> SessionRunner:
        writer = store.open_writer(session_id)
        try:
            script = load_script(store.script_copy(session_id))
        except (ScriptError, OSError) as exc:
            writer.close()
            raise StoreError(
                f"session {session_id}: its pinned script cannot be loaded: {exc}"
            ) from None
        notice = consent.notice_in_force(writer.meta, script)
        try:
            runner = cls(store, writer, script, resumed=True, clock=clock, notice=notice)
            completed = runner.interview.status == "completed"  # replayed here, on resume
        except Exception:
            writer.close()  # a log its script cannot replay: the session is not left open
            raise
        if not completed:
            runner._persist([Resumed(clock())])
            writer.update_meta(status="active")
        return runner

    @property
    def consent_pending(self) -> bool:
        """The notice is to be answered before anything else (a completed session records
        nothing more, so it is not asked; one just started is not completed)."""
        return self.consent.needed and (not self.resumed or self.interview.status != "completed")

    def opening(self) -> list[Out]:
        out = [Out("session", resumed=self.resumed)]
        if self.interview.status == "completed":
            self.finished = True
            return [*out, self._summary(), Out("done")]
        if self.consent_pending:
            return out + self.consent_prompt()
        return out + self._greeting()

    def _greeting(self) -> list[Out]:
        out: list[Out] = []
        if self.resumed and self.interview.turn > 0:
            out.append(Out("say", "Welcome back — let's pick up where we left off."))
            if moved_since_last_answer(self.interview.events):
                out.append(Out("say", SCRIPT_UPDATED))
        elif self.script.intro:  # a new interview, or one opened (by a link) but not begun
            out.append(Out("say", self.script.intro))
        out += self.settle()  # an answer settled before the session stopped, not yet noted
        if self.interview.status == "completed":
            return [*out, *self.finish()]
        return out + self.facilitators(take_questions=True) + self.prompt()

    # -- notice and consent -------------------------------------------------------------------

    def consent_prompt(self, repeat: bool = False) -> list[Out]:
        """The notice, then the question that accepts or declines it."""
        ask = Out("ask", ask=_consent_ask(), notice=self.notice)
        if repeat:
            return [ask]
        text = self.notice.text if self.notice is not None else ""
        if self.consent.previous is not None:
            text = (
                f"This notice has changed since you agreed to it on "
                f"{consent.when(self.consent.previous)}; please read it again.\n\n{text}"
            )
        return [Out("notice", text, notice=self.notice), ask]

    def answer_consent(self, accepted: bool) -> list[Out]:
        """Record the answer to the notice. Accepting goes on to the interview; declining
        ends it with nothing recorded but the decline."""
        assert self.notice is not None
        if not accepted:
            return self.decline()
        days = self.notice.retention_days
        self._persist([ConsentGiven(self.notice.sha256, self.clock(), days)])
        self.writer.update_meta(retention_days=days)  # the index `list` and purge read
        self.consent = consent.ConsentState(False)
        return self._greeting()

    def decline(self) -> list[Out]:
        """The session keeps its header and the decline; the names it was opened with go too,
        so the folder holds nothing about the person who declined."""
        assert self.notice is not None
        self._persist([ConsentDeclined(self.notice.sha256, self.clock())])
        self.writer.update_meta(status="declined", org="", participant="")
        self.finished = self.declined = True
        return [Out("say", consent.DECLINED), Out("declined")]

    def _handle_consent(self, line: str) -> list[Out]:
        word = line.strip().lower()
        if word.startswith("/"):
            name = word[1:].split()[0] if word[1:].split() else ""
            if name in ("pause", "quit"):
                return self.pause()
            if name == "help":
                return [Out("info", consent.HELP), *self.consent_prompt(repeat=True)]
            return [self._consent_invalid(), *self.consent_prompt(repeat=True)]
        answer = consent.parse_consent(line)
        if answer is None:
            return [self._consent_invalid(), *self.consent_prompt(repeat=True)]
        return self.answer_consent(answer)

    @staticmethod
    def _consent_invalid(message: str = consent.HINT) -> Out:
        return Out("invalid", message, ask=_consent_ask())

    # -- turns --------------------------------------------------------------------------------

    def facilitators(self, take_questions: bool = False) -> list[Out]:
        """Say when a facilitator joins or leaves, and between two questions (`take_questions`)
        take in the questions they pushed: each is asked before the next question. Notes, tags
        and overrides are never read for display here. Nothing in a facilitator's files can stop
        the interview: what cannot be read is left out, with a warning in the log."""
        try:
            fresh = self._pushed_questions() if take_questions and not self.finished else []
            present = set(self.notes.present())
        except (OSError, StoreError) as exc:
            log.warning("the facilitators' files were not read: %s", exc)
            return []
        if fresh:
            self._persist(fresh)
        out: list[Out] = []
        for who in sorted(present - self._present):
            out.append(
                Out(
                    "presence",
                    f"A facilitator, {who}, is following this interview and may add a question.",
                )
            )
        for who in sorted(self._present - present):
            out.append(Out("presence", f"{who} has stopped following the interview."))
        self._present = present
        return out

    def _pushed_questions(self) -> list[Event]:
        if self._asked is None:
            self._asked = {
                e.id for e in self.interview.events if isinstance(e, FacilitatorQuestion)
            }
        fresh: list[Event] = []
        for note in self.notes.poll():
            if isinstance(note, PushedQuestion) and note.id not in self._asked:
                self._asked.add(note.id)
                fresh.append(FacilitatorQuestion(note.id, note.text, note.by, self.clock()))
        return fresh

    @property
    def present(self) -> list[str]:
        return sorted(self._present)

    def prompt(self, repeat: bool = False) -> list[Out]:
        out: list[Out] = []
        ask = self.interview.ask()
        if ask is None:
            return out
        if not repeat:
            seg = self.interview.track.segment_of.get(ask.step.id)
            if seg is not None and seg.id != self._last_segment:
                self._last_segment = seg.id
                out.append(Out("segment", seg.title))
            if ask.step.say:
                out.append(Out("say", ask.step.say))
        out.append(Out("ask", ask=ask))
        return out

    def handle(self, line: str) -> list[Out]:
        if self.consent_pending:
            from interviewer.engine.answers import MAX_ANSWER

            if len(line) > MAX_ANSWER:
                return self.refuse_long(len(line))
            return self._handle_consent(line)
        reply = self.interview.interpret(line, self.clock())
        if reply.invalid:
            ask = self.interview.ask()
            return [Out("invalid", reply.invalid, ask=ask), *self.prompt(repeat=True)]
        if reply.info and not reply.events:
            return [Out("info", reply.info), *self.prompt(repeat=True)]
        # the answer is on disk before anything reads the facilitators' files
        self._persist(reply.events)
        if reply.command == "pause":
            return self.pause(already_logged=True)
        said = [Out("info", reply.info)] if reply.info else []  # what was read from the typing
        notices = said + self.settle() + self.facilitators(take_questions=True)
        if self.interview.status == "completed":
            return notices + self.finish()
        return notices + self.prompt()

    def refuse_long(self, size: int) -> list[Out]:
        """A line over the answer limit, measured by the front end that read it: refused with
        its size and the question asked again; nothing is recorded."""
        from interviewer.engine.answers import too_long

        message = too_long(size)
        assert message is not None
        if self.consent_pending:
            return [self._consent_invalid(message), *self.consent_prompt(repeat=True)]
        return [Out("invalid", message, ask=self.interview.ask()), *self.prompt(repeat=True)]

    def revise(self, step_id: str, line: str) -> list[Out]:
        """Change an earlier answer; the route is replayed and the conversation goes on."""
        reply = self.interview.interpret(line, self.clock(), step_id=step_id)
        if reply.invalid:
            return [Out("invalid", reply.invalid, ask=self.interview.ask())]
        self._persist(reply.events)
        said = [Out("info", reply.info)] if reply.info else []
        said += self.settle()
        if self.interview.status == "completed":
            return said + self.finish()
        return said + self.prompt(repeat=True)

    def settle(self) -> list[Out]:
        """Record the answers earlier answers settle (`settled_by`), each said as it is noted,
        so the interviewee hears what was taken from what they said and can change it."""
        out = []
        while (found := self.interview.settlement(self.clock())) is not None:
            answer, said = found
            self._persist([answer])
            out.append(Out("say", said))
        return out

    def _persist(self, events: list[Event]) -> None:
        self.writer.append(events)
        for event in events:
            self.interview.apply(event)

    def pause(self, already_logged: bool = False) -> list[Out]:
        if self.finished:
            return []
        event = None if already_logged else Paused(self.clock())
        write_pause(self.writer, event)
        if event is not None:
            self.interview.apply(event)
        self.finished = True
        return [
            Out("say", f"Paused. Resume any time with: interviewer resume {self.session_id}"),
            Out("paused"),
        ]

    def finish(self) -> list[Out]:
        self._persist([Completed(self.clock())])
        self.writer.update_meta(status="completed")
        self.finished = True
        out = [Out("say", self.script.outro)] if self.script.outro else []
        return [*out, self._summary(), Out("done")]

    def _summary(self) -> Out:
        """The scores and the ranked next actions every front end shows at the end."""
        from interviewer.scoring.findings import findings

        iv = self.interview
        card = iv.scorecard()
        found = findings(iv.script, iv.track, card, iv.answers, iv.transcript, trimmed=iv.trimmed)
        return Out("summary", card=card, actions=tuple(found.actions))

    def close(self) -> None:
        self.writer.close()


def saving(runner: SessionRunner, turn: Callable[[], list[Out]]) -> list[Out]:
    """One turn; if the session cannot be saved (a full disk, an unwritable transcript) the
    error says so in one line, and that every answer acknowledged before is kept."""
    try:
        return turn()
    except BrokenPipeError:
        raise
    except (StoreError, OSError) as exc:
        sid = runner.session_id
        if not os.path.lexists(runner.writer.ref.transcript):  # `delete --force` took it
            raise StoreError(
                f"session {sid} was deleted while it was open; nothing more is saved"
            ) from exc
        raise StoreError(
            f"session {sid} stopped, its files cannot be written: {user_message(exc)}. The "
            f"answers acknowledged before are saved; `interviewer resume {sid}` goes on from them"
        ) from exc


SCRIPT_UPDATED = (
    "This interview's questions were updated since your last answer; any new ones are asked "
    "as we come to them."
)


def moved_since_last_answer(events: list[Event]) -> bool:
    """The session moved to a new version of its script (`interviewer migrate`) after its last
    answer: the interviewee is told, as a question they have not seen may come first."""
    for event in reversed(events):
        if isinstance(event, ScriptMigrated):
            return True
        if isinstance(event, Answer):
            return False
    return False
