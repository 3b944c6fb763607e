"""What the facilitators' notes add to the assessment (pure functions).

A `quote` tag makes the annotated answer evidence for its dimension, a `pain` tag adds a pain
point, and an override replaces a dimension's level while the computed one stays visible beside
it. The interviewee never sees any of this; reports and the facilitator's app do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewer.scoring import Scorecard


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
    annotations: list[dict[str, Any]] = field(default_factory=list)

    def level(self, card: Scorecard, dimension: str) -> int:
        """The level to report: the override if there is one, else the computed level."""
        if dimension in self.overrides:
            return self.overrides[dimension].level
        return card.dimensions[dimension].level


def facilitated(
    card: Scorecard,
    events: list[dict[str, Any]],
    notes: list[dict[str, Any]],
    dimension_of: dict[str, str | None],
) -> Facilitated:
    """Fold the notes (already in time order) into the assessment.

    `dimension_of` maps a step id to its dimension key (None for context questions)."""
    out = Facilitated()
    for rec in notes:
        kind = rec.get("type")
        by = str(rec.get("by") or "")
        if kind == "override" and rec.get("dimension") in card.dimensions:
            key = rec["dimension"]
            out.overrides[key] = Override(
                key, int(rec["level"]), card.dimensions[key].level, str(rec.get("reason")), by
            )
        elif kind == "annotation":
            out.annotations.append(rec)
            index = rec.get("event")
            if not isinstance(index, int) or not 0 <= index < len(events):
                continue
            event = events[index]
            said = str(event.get("raw") if event.get("raw") is not None else event.get("value"))
            dim = dimension_of.get(str(event.get("step")))
            tags = rec.get("tags") or []
            if "quote" in tags:
                out.quotes.append(Quote(dim, int(rec["turn"]), said, str(rec.get("note")), by))
            if "pain" in tags:
                out.pains.append(NotedPain(dim, int(rec["turn"]), rec.get("note") or said, by))
    return out
