"""What the facilitators' notes add to the assessment (pure functions).

A `quote` tag makes the annotated answer evidence for its dimension, a `pain` tag adds a pain
point, and an override replaces a dimension's level while the computed one stays visible beside
it. The interviewee never sees any of this; reports and the facilitator's app do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.records import Annotation, LevelOverride, Note
from interviewer.scoring import Scorecard
from interviewer.transcript import Transcript


@dataclass
class Override:
    dimension: str
    level: int
    computed: int
    reason: str
    by: str


@dataclass
class Quote:
    dimension: str | None
    turn: int
    text: str
    note: str
    by: str


@dataclass
class NotedPain:
    dimension: str | None
    turn: int
    text: str
    by: str


@dataclass
class Facilitated:
    overrides: dict[str, Override] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    pains: list[NotedPain] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)

    def level(self, card: Scorecard, dimension: str) -> int:
        """The level to report: the override if there is one, else the computed level."""
        if dimension in self.overrides:
            return self.overrides[dimension].level
        return card.dimensions[dimension].level


def facilitated(card: Scorecard, transcript: Transcript, notes: list[Note]) -> Facilitated:
    """Fold the notes (already in time order) into the assessment."""
    out = Facilitated()
    for note in notes:
        if isinstance(note, LevelOverride) and note.dimension in card.dimensions:
            key = note.dimension
            computed = card.dimensions[key].level
            out.overrides[key] = Override(key, note.level, computed, note.reason, note.by)
        elif isinstance(note, Annotation):
            out.annotations.append(note)
            turn = transcript.at_event(note.event)
            if turn is None:
                continue
            said = turn.answer
            if "quote" in note.tags:
                out.quotes.append(Quote(turn.dimension, note.turn, said, note.note, note.by))
            if "pain" in note.tags:
                out.pains.append(NotedPain(turn.dimension, note.turn, note.note or said, note.by))
    return out
