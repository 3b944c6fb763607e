"""The interview engine: a transitions state machine over a track's steps, driven by an
append-only event log. No I/O and no UI: callers persist the events this returns, then apply them.

`Interview` is the one object front ends hold. Its state is a fold over the log: `apply` takes
one event at a time, each type to its own mutator (`_on_answer`, `_on_back`, ...), and `replay`
applies a stored log in order. Beside it, each in its own module:
- engine.routing: what is asked next (settling on the way, the rewalk after a revision);
- engine.rendering: a question's text as it is put now;
- engine.replies: what a line of input means (`interpret`);
- engine.migration: a move to a new script version, as the log records it;
- engine.old_pains: the two pain questions of sessions from before.
"""

from __future__ import annotations

from functools import partial
from typing import Any, NamedTuple

from interviewer.engine import clarify, migration, old_pains, pacing, rendering, replies, routing
from interviewer.engine.context import WalkContext
from interviewer.engine.errors import DamagedLog, ReplayError
from interviewer.engine.machine import Position, TrackMachine, machine_for
from interviewer.engine.replies import Reply
from interviewer.engine.settle import Reading
from interviewer.records import (
    Answer,
    AnswerValue,
    Back,
    Completed,
    ConsentDeclined,
    ConsentGiven,
    Event,
    FacilitatorQuestion,
    Paused,
    Resumed,
    ScriptMigrated,
    SessionStatus,
    Started,
)
from interviewer.scoring import Scorecard, score_answers
from interviewer.script.model import END, Script, Segment, Step, Track
from interviewer.transcript import Clarified, Transcript, clarified_from

IDLE_CAP_SECONDS = 15 * 60  # a long silence is a coffee break, not interview time


def _number(x: float | None) -> float | int | None:
    return int(x) if x is not None and float(x).is_integer() else x


class Ask(NamedTuple):
    """The question to put to the interviewee now."""

    step: Step
    text: str
    previous: Any = None  # the earlier answer when revising

    def to_json(self) -> dict[str, Any]:
        s = self.step
        return {
            "type": "ask",
            "step": s.id,
            "dimension": s.dimension,
            "kind": s.kind,
            "purpose": s.purpose,
            "text": self.text,
            "options": [{"value": o.value, "label": o.label} for o in s.options],
            "min": _number(s.min) if s.kind in ("scale", "number") else None,
            "max": _number(s.max) if s.kind in ("scale", "number") else None,
        }


class Interview:
    """One interview on one track: its state folded from the log, and what front ends ask."""

    def __init__(self, script: Script, track_key: str, machine: TrackMachine | None = None) -> None:
        """`machine`: the track's shared machine unless given one."""
        self.script = script
        self.track: Track = script.tracks[track_key]
        self._machine = machine
        self.ctx = WalkContext(script, self.track)
        self.first = self.track.steps[0].id if self.track.steps else END  # where a walk starts
        self._position: Position | None = None
        # -- the fold's state: what the log says so far --
        self.events: list[Event] = []
        self.status: SessionStatus = "active"
        self.turn = 0
        self.active_event: dict[str, int] = {}  # step -> index of the answer event in force
        self.transcript = Transcript(self.active_event.get)  # reads that very dict
        self.segment_seconds: dict[str, float] = {seg.id: 0.0 for seg in self.track.segments}
        self.facilitator_steps: dict[str, Step] = {}
        self.facilitator_answers: dict[str, Any] = {}
        self.asked_by: dict[str, str] = {}  # facilitator question step -> who pushed it
        self.pending_questions: list[str] = []  # facilitators' questions not answered yet
        self.checks_asked: dict[str, int] = {}  # clarifying question -> its latest answer event
        self.unread: dict[str, str] = {}  # clarifying question -> words typed that gave no answer
        self.currencies: dict[str, str] = {}  # number step -> the currency its amount came with
        self.old_steps: dict[str, Step] = {}  # a pain's two questions, in sessions from before
        self.old_details: dict[str, dict[str, AnswerValue]] = {}  # pain question -> those answers
        self.archived_before = -1  # the log's last move: answers before it are only recorded
        self._last_ts: float | None = None
        self._after_pause = False
        # -- the route (engine.routing): where the walk is, and what it carries --
        self.current: str | None = self.track.steps[0].id if self.track.steps else None
        self.revising: str | None = None
        self.path: list[str] = []  # answered (or skipped) steps on the current route, in order
        self.trimmed: list[str] = []  # optional steps left out to keep to the time budget
        self.pending: Reading | None = None  # the current step, settled by an earlier answer
        self.carried: dict[str, Any] | None = None  # a re-walk's answers not yet met again
        self.kept: dict[str, Any] = {}  # answers a move to this script kept, not yet met again
        self.keep_ahead = False  # the re-walk under way follows a clarification
        self.ctx.claim_of = self.claim_of
        self.ctx.ahead = partial(routing.ahead, self)
        if self.current is not None:
            routing.settle(self)

    # -- the machine ----------------------------------------------------------------------------

    @property
    def position(self) -> Position:
        """This interview on the track's machine, joined when the route first moves: asking
        the first question needs no transition, so a new session is on screen before the
        machine is built (`prepare` builds it once the screen is up)."""
        if self._position is None:
            self._position = self.machine.join(self)
        return self._position

    @property
    def machine(self) -> TrackMachine:
        if self._machine is None:
            self._machine = machine_for(self.track)
        return self._machine

    @property
    def machine_state(self) -> str:
        """The step the route is at on the machine, without building it before it first moves."""
        return self._position.state if self._position is not None else self.first

    def prepare(self) -> None:
        """Build the state machine now rather than at the first answer."""
        self.position  # noqa: B018

    def needs_followup(self, step_id: str) -> bool:
        """The answer to `step_id` was vague: the machine takes the way to its follow-up."""
        return routing.needs_followup(self, step_id)

    # -- the fold: one mutator per event type ----------------------------------------------------

    def apply(self, event: Event) -> None:
        """Fold one persisted event into the state. Replay is applying the log in order."""
        self.events.append(event)
        match event:
            case Answer():
                self._on_answer(event)
            case Back():
                self._on_back(event)
            case Paused():
                self._on_paused(event)
            case Resumed() | Started():
                self._on_resumed(event)
            case FacilitatorQuestion():
                self._on_facilitator_question(event)
            case ScriptMigrated():
                self._on_script_migrated(event)
            case Completed() | ConsentGiven() | ConsentDeclined():
                pass  # recorded; the route and the answers are as they were
            case _:
                raise TypeError(f"not an event: {event!r:.60}")
        if self.current is None and self.revising is None and not self.pending_questions:
            self.status = "completed"
        elif self.status == "completed":  # a facilitator's question came in at the very end
            self.status = "active"

    def _on_back(self, event: Back) -> None:
        if event.step in self.answers:
            self.revising = event.step
        self._last_ts = event.ts

    def _on_paused(self, event: Paused) -> None:
        self.status = "paused"
        self._after_pause = True

    def _on_resumed(self, event: Resumed | Started) -> None:
        if self.status == "paused":
            self.status = "active"
        self._after_pause = False
        self._last_ts = event.ts

    def _on_script_migrated(self, event: ScriptMigrated) -> None:
        migration.moved(self, event)

    def _on_facilitator_question(self, event: FacilitatorQuestion) -> None:
        step_id = f"facilitator.{event.id}"
        if step_id in self.facilitator_steps:
            return
        by = event.by or "the facilitator"
        self.asked_by[step_id] = event.by
        self.facilitator_steps[step_id] = Step(
            id=step_id,
            kind="text",
            purpose="facilitator",
            text=event.text,
            say=f"A question from your facilitator, {by}:",
            help=f"{by} is following this interview and added this question.",
            segment=self.track.segment_of[self.current].id if self.current else "",
            required=True,
        )
        self.pending_questions.append(step_id)

    def _on_answer(self, event: Answer) -> None:
        step_id = event.step
        if step_id not in self.track.index and step_id not in self.facilitator_steps:
            old = old_pains.old_detail(self.track, step_id)
            if old is not None:
                self._on_old_detail(event, *old)
            return
        self.turn += 1
        step = self.step(step_id)
        index = len(self.events) - 1
        self.transcript.add(
            index,
            step,
            # as asked: logged with the answer, or (older sessions) rendered before this answer
            # changes what it would say
            event.question if event.question is not None else self.render(step),
            clarify.shown(step, event),
            event,
            self.asked_by.get(step_id),
        )
        self._count_time(step, event.ts)
        if self.status == "paused":
            self.status = "active"
        value: AnswerValue = event.value
        if event.currency is not None:
            self.currencies[step_id] = event.currency
        else:
            self.currencies.pop(step_id, None)
        if step_id in self.facilitator_steps:  # outside the route: recorded, nothing re-routes
            self.facilitator_answers[step_id] = value
            self.active_event[step_id] = index
            self.pending_questions = [q for q in self.pending_questions if q != step_id]
            return
        if step.purpose == "contradiction":
            self.checks_asked[step_id] = index
        if index < self.archived_before:  # given under an earlier script: the move says what holds
            return
        if step_id == self.current and self.revising is None:
            self.ctx.set(step_id, value)
            self.active_event[step_id] = index
            self.path.append(step_id)
            routing.advance(self)
            routing.settle(self)
            return
        # a revision of an earlier answer: route again from the start, keeping what still fits
        self.revising = None
        self.kept.pop(step_id, None)  # answered again: what a move or a clarification kept goes
        self.ctx.set(step_id, value)
        self.active_event[step_id] = index
        self.keep_ahead = step.purpose == "contradiction" or clarified_from(event.note) is not None
        routing.rewalk(self)

    def _on_old_detail(self, event: Answer, base: str, detail: str) -> None:
        """An answer to one of a pain's two old questions: shown as asked, and once both are in,
        the answer to the pain's one question (see engine.old_pains)."""
        both = old_pains.record_detail(self, event, base, detail)
        if both is None:
            return
        if base == self.current and self.revising is None:
            self.ctx.set(base, old_pains.combined(both))
            self.path.append(base)
            routing.advance(self)
            routing.settle(self)
        elif base in self.ctx.answers:  # one of the two changed later: route again
            self.revising = None
            self.ctx.set(base, old_pains.combined(both))
            routing.rewalk(self)

    def _count_time(self, step: Step, ts: float) -> None:
        """The time since the last event, counted to the answer's segment (a pause, or a long
        silence beyond `IDLE_CAP_SECONDS`, is not interview time)."""
        seg = step.segment
        if self._last_ts is not None and not self._after_pause and seg in self.segment_seconds:
            self.segment_seconds[seg] += max(0.0, min(ts - self._last_ts, IDLE_CAP_SECONDS))
        self._last_ts = ts
        self._after_pause = False

    @classmethod
    def replay(
        cls,
        script: Script,
        track_key: str,
        events: list[Event],
        machine: TrackMachine | None = None,
    ) -> Interview:
        """The interview a stored log makes; ReplayError when it cannot be replayed on
        `script` (engine.errors)."""
        interview = cls(script, track_key, machine)
        moved = [i for i, e in enumerate(events) if isinstance(e, ScriptMigrated)]
        interview.archived_before = moved[-1] if moved else -1
        for number, event in enumerate(events, start=1):
            try:
                interview.apply(event)
            except ReplayError:
                raise
            except (LookupError, ValueError) as exc:  # the event, not the engine, is at fault
                name = type(event).__name__
                raise DamagedLog(f"event {number} ({name}): {type(exc).__name__}: {exc}") from exc
        migration.check_finished(script, events)
        return interview

    # -- asking and answering -------------------------------------------------------------------

    @property
    def asking(self) -> str | None:
        if self.revising:
            return self.revising
        if self.pending_questions:  # taken in between two questions: asked before the next one
            return self.pending_questions[0]
        return self.current

    def step(self, step_id: str) -> Step:
        """A step of the track, or a question a facilitator pushed into this session."""
        return (
            self.track.index.get(step_id)
            or self.old_steps.get(step_id)
            or self.facilitator_steps[step_id]
        )

    def ask(self) -> Ask | None:
        step_id = self.asking
        if step_id is None:
            return None
        step = self.as_asked(self.step(step_id))
        return Ask(step, self.render(step), self.answers.get(step_id) if self.revising else None)

    def as_asked(self, step: Step) -> Step:
        """The step with the options it is offered with now (engine.rendering)."""
        return rendering.as_asked(self, step)

    def render(self, step: Step) -> str:
        """The question as it is put now (engine.rendering)."""
        return rendering.render(self, step)

    def interpret(self, raw: str, now: float, step_id: str | None = None) -> Reply:
        """What a line of input means, without changing the state (engine.replies)."""
        return replies.interpret(self, raw, now, step_id)

    def settlement(self, now: float) -> tuple[Answer, str] | None:
        """The answer an earlier one gives the current step, and what to say instead of
        asking it (engine.routing); None when there is none."""
        return routing.settlement(self, now)

    # -- reading ----------------------------------------------------------------------------------

    @property
    def answers(self) -> dict[str, Any]:
        """The answers in force: on the route so far, and any a move to this script kept
        that the route has not met again yet (they count until it is walked past them)."""
        return {**self.kept, **self.ctx.answers} if self.kept else self.ctx.answers

    def answer_value(self, index: int) -> AnswerValue:
        """The value the event at `index` answered with (None for any other event)."""
        event = self.events[index]
        return event.value if isinstance(event, Answer) else None

    def claim_of(self, step_id: str) -> Clarified | None:
        """For an indicator whose answer in force a clarifying question gave: that question
        and the answer it asked about; None otherwise."""
        index = self.active_event.get(step_id)
        event = self.events[index] if index is not None else None
        return clarified_from(event.note) if isinstance(event, Answer) else None

    def claims(self) -> dict[str, Clarified]:
        """Every indicator whose answer in force a clarifying question gave (`claim_of`)."""
        found = {step_id: self.claim_of(step_id) for step_id in self.active_event}
        return {step_id: came for step_id, came in found.items() if came is not None}

    def superseded(self, event_index: int) -> bool:
        """An answer event no longer in force: revised, or its question left the route."""
        event = self.events[event_index]
        return isinstance(event, Answer) and self.active_event.get(event.step) != event_index

    def scorecard(self) -> Scorecard:
        return score_answers(self.script, self.track, self.answers, self.claims())

    def progress(self) -> float:
        """The share of the interview's expected time behind us (see engine.pacing)."""
        return pacing.progress(self)

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.track.segments if s.id == segment_id), None)

    @property
    def current_segment(self) -> Segment | None:
        step_id = self.asking
        return self.segment(self.step(step_id).segment) if step_id else None

    def active_seconds(self) -> float:
        return sum(self.segment_seconds.values())
