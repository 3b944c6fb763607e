"""The conversation as people read it: the one model of turns that the app, the shadow view,
facilitation and every export use.

The engine adds a `Turn` for each answer it applies, with the question as it was asked at that
moment, so a transcript never rebuilds a question from a later state. Whether a turn is still in
force changes as the interview goes on (a revision supersedes it), so that is asked of the
`Transcript`, not stored in the turn.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import NamedTuple

from interviewer.records import Answer
from interviewer.script.model import Step

SETTLED_NOTE = "settled by "  # an answer's note when an earlier answer gave it: "settled by <step>"
# an indicator answer a contradiction's clarifying question gave: "clarified by <step> from <claim>"
CLARIFIED_NOTE = "clarified by "
CHANGED, CONFIRMED = "changed after clarification", "confirmed after clarification"


class Clarified(NamedTuple):
    """Where an indicator answer came from when a clarifying question gave it."""

    step: str  # the clarifying question (`<dimension>.check.<id>`)
    claim: str  # the indicator answer it asked about (yes, mostly, partly or no)


def clarified_note(step: str, claim: str) -> str:
    return f"{CLARIFIED_NOTE}{step} from {claim}"


def clarified_from(note: str | None) -> Clarified | None:
    """The clarifying question an indicator answer came from, by its note; None otherwise."""
    if not note or not note.startswith(CLARIFIED_NOTE):
        return None
    step, _, claim = note[len(CLARIFIED_NOTE) :].rpartition(" from ")
    return Clarified(step, claim) if step and claim else None


class Turn(NamedTuple):
    number: int  # 1-based: what `annotate --turn` takes and reports cite
    event_index: int  # the answer's position in the event log
    step: Step
    question: str  # as it was put to the interviewee
    answer: str  # as a person reads it: option labels, "(skipped)"
    event: Answer
    revises: bool  # changes an earlier answer to the same step
    asked_by: str | None  # the facilitator who pushed this question, if one did

    @property
    def dimension(self) -> str | None:
        return self.step.dimension

    @property
    def ts(self) -> float:
        return self.event.ts

    @property
    def settled_by(self) -> str | None:
        """The earlier step this answer was read from (`settled_by`), or None when typed; its
        question is then what the interviewee was told instead of being asked."""
        note = self.event.note
        return note[len(SETTLED_NOTE) :] if note and note.startswith(SETTLED_NOTE) else None

    @property
    def clarified(self) -> Clarified | None:
        """The clarifying question this indicator answer came from, if one did."""
        return clarified_from(self.event.note)


class Transcript:
    """The turns of one interview, in order, growing as events are applied."""

    def __init__(self, in_force: Callable[[str], int | None]) -> None:
        self.turns: list[Turn] = []
        self._by_event: dict[int, Turn] = {}
        self._in_force = in_force  # step id -> event index of the answer in force
        self._answered: set[str] = set()
        self.moves: list[tuple[int, int, int]] = []  # (event index, from, to) of each migration
        self.retired_events: set[int] = set()  # answers a migration retired: read, not scored

    def add(
        self,
        event_index: int,
        step: Step,
        question: str,
        answer: str,
        event: Answer,
        asked_by: str | None,
    ) -> Turn:
        turn = Turn(
            len(self.turns) + 1,
            event_index,
            step,
            question,
            answer,
            event,
            step.id in self._answered,
            asked_by,
        )
        self._answered.add(step.id)
        self.turns.append(turn)
        self._by_event[event_index] = turn
        return turn

    def rewritten(self, turn: Callable[[Turn], Turn]) -> Transcript:
        """A copy with each turn replaced by `turn(t)` (same numbers, same events in force): an
        anonymised export rewrites what was said without replaying the interview."""
        out = copy.copy(self)  # whatever else it knows (versions, ...) stays as it is
        out.turns = [turn(t) for t in self.turns]
        out._by_event = {t.event_index: t for t in out.turns}
        out._answered = set(self._answered)
        return out

    # -- a session moved to a new version of its script (ScriptMigrated) -------------------------

    def moved(
        self, event_index: int, from_version: int, to_version: int, retired: set[int]
    ) -> None:
        self.moves.append((event_index, from_version, to_version))
        self.retired_events |= retired

    @property
    def migrated(self) -> bool:
        return bool(self.moves)

    def version_of(self, turn: Turn) -> int | None:
        """The script version `turn` was answered under; None for a session never moved, whose
        every answer is under the one version it has."""
        for event_index, from_version, _ in self.moves:
            if turn.event_index < event_index:
                return from_version
        return self.moves[-1][2] if self.moves else None

    def retired(self, turn: Turn) -> bool:
        """Answered a step a later version of the script no longer has: kept to be read, no
        longer scored (it counts as not in force, so nothing quotes it as evidence either)."""
        return turn.event_index in self.retired_events

    def place(
        self, event_index: int, step: Step, question: str, answer: str, event: Answer
    ) -> None:
        """An earlier answer to a step the script no longer has, put back where it was given:
        turns keep the numbers they had when they were given."""
        self.turns.append(Turn(0, event_index, step, question, answer, event, False, None))
        self._renumber()

    def reword(self, event_index: int, question: str, answer: str) -> None:
        """Show an earlier answer as it read under the script it was given under."""
        turn = self._by_event.get(event_index)
        if turn is not None:
            self.turns[turn.number - 1] = turn._replace(question=question, answer=answer)
            self._by_event[event_index] = self.turns[turn.number - 1]

    def _renumber(self) -> None:
        seen: set[str] = set()
        turns = []
        for number, t in enumerate(sorted(self.turns, key=lambda t: t.event_index), 1):
            turns.append(t._replace(number=number, revises=t.step.id in seen))
            seen.add(t.step.id)
        self.turns = turns
        self._by_event = {t.event_index: t for t in turns}
        self._answered |= seen

    def __len__(self) -> int:
        return len(self.turns)

    def __iter__(self) -> Iterator[Turn]:
        return iter(self.turns)

    def __getitem__(self, number: int) -> Turn:
        """Turn `number`, counted from 1 as people count them."""
        if not 1 <= number <= len(self.turns):
            raise IndexError(number)
        return self.turns[number - 1]

    def at_event(self, event_index: int) -> Turn | None:
        return self._by_event.get(event_index)

    def in_force(self, step_id: str) -> Turn | None:
        """The turn whose answer to `step_id` counts now, if it has one."""
        index = self._in_force(step_id)
        return None if index is None else self._by_event.get(index)

    def superseded(self, turn: Turn) -> bool:
        """No longer in force: answered again, or its question left the route."""
        return self._in_force(turn.step.id) != turn.event_index

    def superseded_events(self) -> set[int]:
        return {t.event_index for t in self.turns if self.superseded(t)}

    def has_answer(self, step_id: str) -> bool:
        return step_id in self._answered
