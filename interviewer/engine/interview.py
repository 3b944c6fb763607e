"""The interview engine: a transitions state machine over a track's steps, driven by an
append-only event log. No I/O and no UI: callers persist the events this returns, then apply them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from interviewer.answer_words import is_non_answer, is_vague
from interviewer.engine import clarify, pacing
from interviewer.engine.answers import (
    NON_ANSWER_FOLLOWUP,
    Rejected,
    display_answer,
    parse_answer,
    too_long,
)
from interviewer.engine.context import WalkContext
from interviewer.engine.errors import ReplayError
from interviewer.engine.explain import explain_step, help_text, status_text
from interviewer.engine.machine import Position, TrackMachine, machine_for
from interviewer.engine.old_pains import combined, old_detail, old_step
from interviewer.engine.quoting import with_answers
from interviewer.engine.settle import (
    SETTLED_NOTE,
    Reading,
    acknowledgement,
    read_settled,
    settled_from,
)
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
    Started,
)
from interviewer.scoring import Contradiction, Scorecard, evidence_from_answers, score_answers
from interviewer.scoring.contradictions import find
from interviewer.script.loader import mid_sentence
from interviewer.script.model import END, INDICATOR_SHOWN, Script, Segment, Step, Track
from interviewer.script.steps import CLARIFY_OPTIONS
from interviewer.script.texts import fill
from interviewer.transcript import Clarified, Transcript, clarified_from, clarified_note

IDLE_CAP_SECONDS = 15 * 60  # a long silence is a coffee break, not interview time
COMMANDS = ("back", "skip", "pause", "why", "status", "help")
# The step asking which currency the figures are in: settled without asking when the amounts on
# the route were typed with one currency (£1.2m), asked as before when none was or they differ.
CURRENCY_STEP = "currency"
NOT_KNOWN = "That's fine, I've noted it as not known for now."
MENTIONED = "You mentioned: “{quote}” {question}"  # an indicator already spoken to


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


@dataclass(eq=False)
class Reply:
    """What to do with one line of input: events to persist, text to show, or a rejection."""

    events: list[Event] = field(default_factory=list)
    info: str | None = None
    invalid: str | None = None
    command: str | None = None


class Interview:
    def __init__(self, script: Script, track_key: str, machine: TrackMachine | None = None) -> None:
        """`machine`: the track's shared machine unless given one."""
        self.script = script
        self.track: Track = script.tracks[track_key]
        self._machine = machine
        self.ctx = WalkContext(script, self.track)
        self._first = self.track.steps[0].id if self.track.steps else END
        self._position: Position | None = None
        self.events: list[Event] = []
        self.current: str | None = self.track.steps[0].id if self.track.steps else None
        self.revising: str | None = None
        self.path: list[str] = []  # answered (or skipped) steps on the current route, in order
        self.trimmed: list[str] = []  # optional steps left out to keep to the time budget
        self.active_event: dict[str, int] = {}  # step -> index of the answer event in force
        self.segment_seconds: dict[str, float] = {seg.id: 0.0 for seg in self.track.segments}
        self.status = "active"
        self.turn = 0
        self.facilitator_steps: dict[str, Step] = {}
        self.facilitator_answers: dict[str, Any] = {}
        self.asked_by: dict[str, str] = {}  # facilitator question step -> who pushed it
        self.transcript = Transcript(self.active_event.get)
        self.pending_questions: list[str] = []  # facilitators' questions not answered yet
        self.checks_asked: dict[str, int] = {}  # clarifying question -> its latest answer event
        self.unread: dict[str, str] = {}  # clarifying question -> words typed that gave no answer
        self.currencies: dict[str, str] = {}  # number step -> the currency its amount came with
        self.pending: Reading | None = None  # the current step, settled by an earlier answer
        self.old_steps: dict[str, Step] = {}  # a pain's two questions, in sessions from before
        self.old_details: dict[str, dict[str, AnswerValue]] = {}  # pain question -> those answers
        self._carried: dict[str, Any] | None = None  # a re-walk's answers not yet met again
        self.kept: dict[str, Any] = {}  # answers a move to this script kept, not yet met again
        self.archived_before = -1  # the log's last move: answers before it are only recorded
        self._last_ts: float | None = None
        self._after_pause = False
        self._keep_ahead = False  # the re-walk under way follows a clarification
        self.ctx.claim_of = self.claim_of
        self.ctx.ahead = self._ahead
        if self.current is not None:
            self._settle()

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

    def _advance(self) -> None:
        """Take the transition out of the current step."""
        self.machine.advance(self.position, self)

    def prepare(self) -> None:
        """Build the state machine now rather than at the first answer."""
        self.position  # noqa: B018

    # -- routing ------------------------------------------------------------------------------

    def needs_followup(self, step_id: str) -> bool:
        value = self.ctx.answers.get(step_id)
        return isinstance(value, str) and is_vague(value)

    def _askable(self, step: Step) -> bool:
        if step.when is not None and not step.when(self.ctx):
            return False
        if step.purpose == "pain_detail" and step.options_from and self._rated_before(step):
            return False  # "which hurts most" was never asked of a session from before
        spent = self.segment_seconds.get(step.segment, 0.0)
        if step.priority == "optional" and not pacing.leaves_room(self, step, spent):
            if step.id not in self.trimmed:
                self.trimmed.append(step.id)
            return False
        return True

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.track.segments if s.id == segment_id), None)

    def _settle(self, carried: dict[str, Any] | None = None) -> None:
        """Move forward from the machine's state to the next question that needs an answer.

        `carried` holds earlier answers during a re-walk: those met again on the route are kept.
        A step an earlier answer settles (`settled_by`) stops the walk with `pending` set: the
        caller records that answer (`settlement`), and the walk goes on, still carrying.
        """
        if carried is not None:
            self._carried = carried
        carried = self._carried
        self.pending = None
        while True:
            state = self._position.state if self._position is not None else self._first
            if state == END:
                self.current = None
                self._drop_carried()
                self._drop_kept()
                return
            step = self.track.index[state]
            if self._askable(step):
                if carried is not None and step.id in carried and self._still_settled(step):
                    self.ctx.set(step.id, carried.pop(step.id))
                    self.path.append(step.id)
                elif step.id in self.kept:  # answered before the move to this script
                    self.ctx.set(step.id, self.kept.pop(step.id))
                    self.path.append(step.id)
                elif step.id in self.ctx.answers:
                    pass
                elif step.id in self.checks_asked:  # asked once, ever: its answer still holds
                    index = self.checks_asked[step.id]
                    self.ctx.set(step.id, self._answer_value(index))
                    self.active_event[step.id] = index
                    self.path.append(step.id)
                elif step.id == CURRENCY_STEP and self.currency_given() is not None:
                    self.ctx.set(step.id, self.currency_given())
                    self.path.append(step.id)
                else:
                    self.current = step.id
                    self.pending = self.reading(step)
                    if self.pending is None:
                        self._drop_carried(step.id)
                    return
            self._advance()

    def _ahead(self) -> list[str]:
        """Answers in force the walk has not met again yet: those a move or a clarification
        kept, and those a re-walk carries."""
        return [*self.kept, *(self._carried or ())]

    def _drop_kept(self) -> None:
        """The route is walked to its end: answers a move kept that it never met are off it."""
        for step_id in self.kept:
            self.active_event.pop(step_id, None)
        self.kept.clear()

    def _drop_carried(self, at: str | None = None) -> None:
        """The re-walk is over: the answers it did not meet again are no longer in force. After
        a clarification, or when it stopped `at` a statement the adaptive route now asks (a
        changed rating or answer moved the route), those further on are kept (as a move keeps
        them): they count, and are met again once that question is answered."""
        carried = self._carried or {}
        if at is not None and (self._keep_ahead or self.track.index[at].routed):
            pos = self.track.position
            ahead = {k: v for k, v in carried.items() if pos.get(k, -1) > pos[at]}
            self.kept.update(ahead)
            carried = {k: v for k, v in carried.items() if k not in ahead}
        for step_id in carried:
            self.active_event.pop(step_id, None)
        self._carried = None
        self._keep_ahead = False

    def _rewalk(self) -> None:
        """Replay the route from the first step with the answers in force (after a revision)."""
        carried = dict(self.ctx.answers)
        self.ctx.reset()
        self.path = []
        self.trimmed = []
        self.machine.jump(self.position, self._first)
        self._settle(carried)

    # -- settled by an earlier answer ---------------------------------------------------------

    def reading(self, step: Step) -> Reading | None:
        """What the answers on the route already say for `step` (`settled_by`), if anything:
        each settling step in order, its follow-up after it."""
        for source_id in step.settled_by:
            for sid in (source_id, f"{source_id}.followup"):
                source = self.track.index.get(sid)
                if source is None or sid not in self.ctx.answers:
                    continue
                found = read_settled(step, source, self.ctx.answers[sid], self.currencies.get(sid))
                if found is not None:
                    return found
        return None

    def _still_settled(self, step: Step) -> bool:
        """On a re-walk: an answer kept, unless it was read from an earlier answer that now
        reads differently; then it is read again (or asked, when nothing can be read)."""
        assert self._carried is not None
        index = self.active_event.get(step.id)
        event = self.events[index] if index is not None else None
        if not isinstance(event, Answer) or settled_from(event.note) is None:
            return True
        found = self.reading(step)
        if found is not None and found.value == self._carried[step.id]:
            return True
        del self._carried[step.id]
        self.active_event.pop(step.id, None)
        return False

    def settlement(self, now: float) -> tuple[Answer, str] | None:
        """The answer to record for the current step when an earlier answer settles it, and
        what to tell the interviewee instead of asking; None when there is none."""
        found = self.pending
        if found is None or self.revising is not None or self.current is None:
            return None
        step = self.track.index[self.current]
        said = acknowledgement(step, found)
        answer = Answer(
            step.id,
            found.value,
            found.said,
            now,
            SETTLED_NOTE + found.source,
            question=said,
            currency=found.currency,
        )
        return answer, said

    def currency_given(self) -> str | None:
        """The one currency the amounts answered on the route were typed with, if there is one."""
        found = {c for step_id, c in self.currencies.items() if step_id in self.ctx.answers}
        return found.pop() if len(found) == 1 else None

    # -- input --------------------------------------------------------------------------------

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

    def as_asked(self, step: Step) -> Step:
        """The step as it is put now: with `options_from`, only the options picked there; a
        clarifying question with the claimed answer worded as the one that stands."""
        if step.purpose == "contradiction" and step.kind == "indicator":
            found = self._check_found(step)
            return replace(
                step, options=clarify.options(found.claim if found else None, step.options)
            )
        if not step.options_from:
            return step
        chosen = self.ctx.answers.get(step.options_from) or []
        return replace(step, options=tuple(o for o in step.options if o.value in chosen))

    def ask(self) -> Ask | None:
        step_id = self.asking
        if step_id is None:
            return None
        step = self.as_asked(self.step(step_id))
        return Ask(step, self.render(step), self.answers.get(step_id) if self.revising else None)

    def _answer_value(self, index: int) -> AnswerValue:
        event = self.events[index]
        return event.value if isinstance(event, Answer) else None

    def render(self, step: Step) -> str:
        """The question as it is put now: in the first of its `forms` whose condition holds
        (an earlier answer denied what its text takes for granted), filled in."""
        form = next((f.text for f in step.forms if f.when(self.ctx)), None)
        if form is not None:
            step = replace(step, text=form)
        if step.is_followup:  # after "don't know", asking for more detail doesn't fit
            source = self.ctx.answers.get(step.id.removesuffix(".followup"))
            return (
                NON_ANSWER_FOLLOWUP
                if isinstance(source, str) and is_non_answer(source)
                else step.text
            )
        if step.purpose == "contradiction":
            return self._render_check(step)
        if step.indicator is not None and step.dimension is not None:
            return self._render_heard(step, step.indicator.id, step.dimension)
        if step.purpose not in ("clarify", "target") or step.dimension is None:
            return with_answers(step.text, self.track, self.ctx.answers)
        ev = self.ctx.ev(step.dimension)
        dim = self.script.dimensions[step.dimension]
        level = self.ctx.level(step.dimension)
        return (
            step.text.replace("{dimension}", mid_sentence(dim.name))
            .replace("{self_rating}", str(ev.self_rating if ev.self_rating is not None else "?"))
            .replace("{level_name}", self.script.levels[level].name)
            .replace("{level}", str(level))
        )

    def _check_found(self, step: Step) -> Contradiction | None:
        """The contradiction a clarifying question asks about, if the answers in force (those
        a clarification kept ahead of the route too) still make it."""
        if step.check is None or step.dimension is None:
            return None
        if not self.kept:
            return self.ctx.contradiction(step.dimension, step.check.id)
        ev = evidence_from_answers(self.track, self.answers, self.claims())[step.dimension]
        found = find(self.script.dimensions[step.dimension], ev, only=step.check.id)
        return found[0] if found else None

    def _render_heard(self, step: Step, indicator: str, dimension: str) -> str:
        """An indicator the interviewee already spoke to in their own words is asked with
        what they said in view, never filled in from it."""
        from interviewer.scoring.heard import heard_on  # the reader: off the first frame

        dim = self.script.dimensions[dimension]
        said = heard_on(dim, self.ctx.ev(dimension), indicator)
        if not said:
            return step.text
        return MENTIONED.format(quote=said[0].heard.quote, question=step.text)

    def _render_check(self, step: Step) -> str:
        """A cross-check's clarifying question, quoting both statements in the order given,
        and the indicator's answers it offers: the one claimed, and the others."""
        found = self._check_found(step)
        claimed = found.claim if found is not None else ""
        others = [o.value for o in CLARIFY_OPTIONS[:4] if o.value != claimed]
        alternatives = ", ".join(others[:-1]) + f" or {others[-1]}"
        if found is None:  # not contradicted (any more): no quotes to give
            earlier, later = "you told me one thing", "another answer seemed to say otherwise"
        else:
            claim = f"you answered {found.indicator_quote}"
            other = f"you {'said' if found.phrase else 'answered'} {found.other_quote}"
            pos = self.track.position
            first = pos.get(found.other_step, 0) < pos.get(found.indicator_step, 0)
            earlier, later = (other, claim) if first else (claim, other)
        name = self.script.dimensions[step.dimension].name if step.dimension else ""
        text = fill(
            step.text,
            earlier=earlier,
            later=later,
            dimension=mid_sentence(name),
            claim=f"“{INDICATOR_SHOWN[claimed]}”" if claimed else "answer",
            others=alternatives,
        )
        return text.replace(".”.", ".”").replace("?”.", "?”").replace("!”.", "!”")

    def interpret(self, raw: str, now: float, step_id: str | None = None) -> Reply:
        """Decide what a line of input means without changing any state (but for the words a
        clarifying question could not read, kept as its reason: `unread`). Every front end's
        answers come through here: one too long is refused before anything reads it."""
        refused = too_long(len(raw))
        if refused is not None:
            return Reply(invalid=refused)
        text = raw.strip()
        if text.startswith("/") and step_id is None:
            return self._command(text[1:].strip().lower(), now)
        if self.status == "completed" and step_id is None:
            return Reply(invalid="The interview is complete.")
        target = step_id or self.asking
        if target is None or (
            target not in self.track.index and target not in self.facilitator_steps
        ):
            return Reply(invalid="There is no question to answer.")
        if step_id is not None and step_id not in self.answers and step_id != self.asking:
            return Reply(invalid="Only questions on the current route can be answered.")
        step = self.as_asked(self.step(target))
        if step.purpose == "contradiction" and step.kind == "indicator":
            return self._clarification(step, raw, now)
        parsed = parse_answer(step, raw)
        if isinstance(parsed, Rejected):
            return Reply(invalid=parsed.message)
        constraint = step.constraint  # total: a failing expression is false, never an error
        checked = parsed.value is not None and not (
            step.kind == "number" and parsed.note == "non-answer"  # no number to check
        )
        if checked and constraint is not None and not constraint(self.ctx, parsed.value):
            return Reply(invalid=step.constraint_message or "That answer isn't allowed here.")
        answer = Answer(
            target,
            parsed.value,
            raw,
            now,
            parsed.note or None,
            skipped=parsed.value is None,  # Enter on an optional number leaves it out
            question=self.render(step),
            currency=parsed.currency,
        )
        said = parsed.said
        if parsed.note == "non-answer" and (step.followup is None or step.is_followup):
            said = NOT_KNOWN  # nothing more will be asked about it: say it was heard
        return Reply(events=[answer], info=said)

    def _clarification(self, step: Step, raw: str, now: float) -> Reply:
        """An answer to a clarifying question: recorded for it, and for the indicator it asks
        about as an answer of its own (noted as clarified), so the indicator's answer in force
        is the clarified one (see engine.clarify)."""
        if not raw.strip():
            return Reply(invalid="Please pick one of the answers, or /skip to leave it open.")
        found = self._check_found(step)
        claim = found.claim if found is not None else None
        reading = clarify.read(step, raw, claim)
        if reading is None:
            self.unread[step.id] = " ".join(raw.split())
            return Reply(invalid=clarify.unread(raw))
        typed_before = self.unread.pop(step.id, "")
        words = reading.words or typed_before
        events: list[Event] = [
            Answer(step.id, reading.value, raw, now, words or None, question=self.render(step))
        ]
        if found is None or claim is None:  # nothing to revise: the answer is recorded
            return Reply(events=events)
        indicator = self.step(found.indicator_step)
        note = clarified_note(step.id, claim)
        events.append(
            Answer(indicator.id, reading.value, raw, now, note, question=self.render(indicator))
        )
        before = self.answers.get(indicator.id)
        said = clarify.said_back(reading, indicator, before if isinstance(before, str) else claim)
        return Reply(events=events, info=said)

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

    def _command(self, name: str, now: float) -> Reply:
        name = name.split()[0] if name else ""
        if name == "back":
            target = self._clarified_last() or self._previous_answered(self.asking)
            if target is None:
                return Reply(invalid="There's no earlier answer to go back to.", command=name)
            return Reply(events=[Back(target, now)], command=name)
        if name == "skip":
            if self.asking is None:
                return Reply(invalid="There is no question to skip.", command=name)
            asked = self.step(self.asking)
            skipped = Answer(
                self.asking, None, "/skip", now, skipped=True, question=self.render(asked)
            )
            return Reply(events=[skipped], command=name)
        if name == "pause":
            return Reply(events=[Paused(now)], command=name)
        if name == "why":
            return Reply(info=explain_step(self), command=name)
        if name == "status":
            return Reply(info=status_text(self), command=name)
        if name == "help":
            return Reply(info=help_text(), command=name)
        return Reply(invalid=f"Unknown command /{name}. Type /help to see the commands.")

    def _clarified_last(self) -> str | None:
        """The clarifying question, when the last answer was the one it gave an indicator:
        /back right after it goes back to that question, wherever the route went on."""
        if self.revising is not None:
            return None
        for index in range(len(self.events) - 1, -1, -1):
            event = self.events[index]
            if not isinstance(event, Answer):
                continue
            came = clarified_from(event.note)
            if came is None or self.active_event.get(event.step) != index:
                return None
            return came.step if came.step in self.answers else None
        return None

    def _previous_answered(self, before: str | None) -> str | None:
        if before is not None and before in self.path:
            idx = self.path.index(before)
            return self.path[idx - 1] if idx > 0 else None
        return self.path[-1] if self.path else None

    # -- applying events ----------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        """Fold one persisted event into the state. Replay is applying the log in order."""
        self.events.append(event)
        if isinstance(event, Answer):
            self._apply_answer(event)
        elif isinstance(event, Back):
            if event.step in self.answers:
                self.revising = event.step
            self._last_ts = event.ts
        elif isinstance(event, Paused):
            self.status = "paused"
            self._after_pause = True
        elif isinstance(event, Resumed | Started):
            if self.status == "paused":
                self.status = "active"
            self._after_pause = False
            self._last_ts = event.ts
        elif isinstance(event, FacilitatorQuestion):
            self._add_question(event)
        elif isinstance(event, ScriptMigrated):
            self._migrate(event)
        elif not isinstance(event, Completed | ConsentGiven | ConsentDeclined):
            raise TypeError(f"not an event: {event!r:.60}")
        if self.current is None and self.revising is None and not self.pending_questions:
            self.status = "completed"
        elif self.status == "completed":  # a facilitator's question came in at the very end
            self.status = "active"

    def _migrate(self, event: ScriptMigrated) -> None:
        """The session moved to this script: the route is walked again from the first step with
        the answers that were in force, as the previous script routed them. A question the new
        version added on the route is asked before the interview goes on from where it was;
        the answers after it stay in force (`kept`) and are met again once it is answered."""
        index = len(self.events) - 1
        for shown in event.shown:  # earlier answers as they read under the previous script
            answer = self.events[shown.event] if 0 <= shown.event < index else None
            if not isinstance(answer, Answer) or answer.step != shown.step:
                continue
            if self.transcript.at_event(shown.event) is None:
                step = Step(
                    shown.step, "text", shown.purpose, shown.question, dimension=shown.dimension
                )
                self.transcript.place(shown.event, step, shown.question, shown.answer, answer)
                self.turn += 1
            else:
                self.transcript.reword(shown.event, shown.question, shown.answer)
        in_force = dict(event.in_force)
        retired = {i for step_id, i in in_force.items() if step_id in event.retired}
        self.transcript.moved(index, event.from_version, event.to_version, retired)
        facilitators = {k: i for k, i in self.active_event.items() if k in self.facilitator_steps}
        self.active_event.clear()  # the transcript reads this very dict: updated in place
        self.active_event.update(facilitators)
        self.kept.clear()
        self.currencies.clear()
        for step_id, i in in_force.items():
            answer = self.events[i] if 0 <= i < index else None
            if step_id in event.retired or step_id not in self.track.index:
                continue
            if isinstance(answer, Answer) and answer.step == step_id:
                self.active_event[step_id] = i
                self.kept[step_id] = answer.value
                if answer.currency is not None:
                    self.currencies[step_id] = answer.currency
        self.revising = None
        self._carried = None
        self.ctx.reset()
        self.path = []
        self.trimmed = []
        self.machine.jump(self.position, self._first)
        self._settle()

    def _add_question(self, event: FacilitatorQuestion) -> None:
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

    def _apply_answer(self, event: Answer) -> None:
        step_id = event.step
        if step_id not in self.track.index and step_id not in self.facilitator_steps:
            old = old_detail(self.track, step_id)
            if old is not None:
                self._apply_old_detail(event, *old)
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
        ts = event.ts
        seg = step.segment
        if self._last_ts is not None and not self._after_pause and seg in self.segment_seconds:
            self.segment_seconds[seg] += max(0.0, min(ts - self._last_ts, IDLE_CAP_SECONDS))
        self._last_ts = ts
        self._after_pause = False
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
            self._advance()
            self._settle()
            return
        # a revision of an earlier answer: route again from the start, keeping what still fits
        self.revising = None
        self.kept.pop(step_id, None)  # answered again: what a move or a clarification kept goes
        self.ctx.set(step_id, value)
        self.active_event[step_id] = index
        self._keep_ahead = step.purpose == "contradiction" or clarified_from(event.note) is not None
        self._rewalk()

    def _rated_before(self, step: Step) -> bool:
        """This dimension's pains were rated with the two questions of sessions from before."""
        return any(self.track.index[base].dimension == step.dimension for base in self.old_details)

    def _apply_old_detail(self, event: Answer, base: str, detail: str) -> None:
        """An answer to one of a pain's two old questions: shown as asked, and once both are in,
        the answer to the pain's one question (see engine.old_pains)."""
        self.turn += 1
        index = len(self.events) - 1
        step = self.old_steps.setdefault(event.step, old_step(self.track, base, detail))
        question = event.question if event.question is not None else step.text
        shown = display_answer(step, event.value)
        self.transcript.add(index, step, question, shown, event, None)
        self.active_event[event.step] = index
        details = self.old_details.setdefault(base, {})
        details[detail] = event.value
        if len(details) < 2:
            return
        if base == self.current and self.revising is None:
            self.ctx.set(base, combined(details))
            self.path.append(base)
            self._advance()
            self._settle()
        elif base in self.ctx.answers:  # one of the two changed later: route again
            self.revising = None
            self.ctx.set(base, combined(details))
            self._rewalk()

    @classmethod
    def replay(
        cls,
        script: Script,
        track_key: str,
        events: list[Event],
        machine: TrackMachine | None = None,
    ) -> Interview:
        interview = cls(script, track_key, machine)
        moved = [i for i, e in enumerate(events) if isinstance(e, ScriptMigrated)]
        interview.archived_before = moved[-1] if moved else -1
        for event in events:
            interview.apply(event)
        moves = [e for e in events if isinstance(e, ScriptMigrated)]
        if moves and script.sha256 and moves[-1].to_hash != script.sha256:
            raise ReplayError(  # a move cut short, which the user can finish
                f"the session was moved to version {moves[-1].to_version} of its script, but its "
                f"script copy is version {script.version}: the move did not finish; run "
                "`interviewer migrate` with the new script again to finish it"
            )
        return interview

    # -- reading ------------------------------------------------------------------------------

    @property
    def answers(self) -> dict[str, Any]:
        """The answers in force: on the route so far, and any a move to this script kept
        that the route has not met again yet (they count until it is walked past them)."""
        return {**self.kept, **self.ctx.answers} if self.kept else self.ctx.answers

    def superseded(self, event_index: int) -> bool:
        """An answer event no longer in force: revised, or its question left the route."""
        event = self.events[event_index]
        return isinstance(event, Answer) and self.active_event.get(event.step) != event_index

    def scorecard(self) -> Scorecard:
        return score_answers(self.script, self.track, self.answers, self.claims())

    def progress(self) -> float:
        """The share of the interview's expected time behind us (see engine.pacing)."""
        return pacing.progress(self)

    @property
    def current_segment(self) -> Segment | None:
        step_id = self.asking
        return self.segment(self.step(step_id).segment) if step_id else None

    def active_seconds(self) -> float:
        return sum(self.segment_seconds.values())
