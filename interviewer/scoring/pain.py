"""Pain point severity on one 1-9 scale, for events and standing problems alike.

A pain point that happens (an event) is rated by what it costs and how often in one answer,
"<impact>-<frequency>": severity is impact (1-3) x frequency (1-3), as it was when they were two
questions (sessions answered that way still score the same). A standing problem (a state, such as
"only one or two people can deploy a model") is rated by how much it holds the team back, each
answer a severity on the same scale, up to 9 when revenue, compliance or safety is at risk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from interviewer.script.model import PainKind

FREQUENCY = {"weekly": 3, "monthly": 2, "quarterly": 1}
IMPACT = {"revenue": 3, "team_days": 2, "hours": 1}
STATE = {"little": 2, "slows": 4, "holds-back": 6, "blocks": 9}
CRITICAL = 6


class PainScore(NamedTuple):
    """A confirmed pain point with its severity."""

    dimension: str
    pain_id: str
    text: str
    frequency: int | None  # an event's, 1-3
    impact: int | None  # an event's, 1-3
    kind: PainKind = "event"  # or "state": a standing problem
    rated: int | None = None  # a state's severity, as answered
    worst: bool = False  # the one the interviewee said hurts most

    @property
    def severity(self) -> int | None:
        if self.kind == "state":
            return self.rated
        if self.frequency is None or self.impact is None:
            return None
        return self.frequency * self.impact

    @property
    def critical(self) -> bool:
        return (self.severity or 0) >= CRITICAL


def pain_severity(frequency: str | None, impact: str | None) -> int | None:
    f, i = FREQUENCY.get(frequency or ""), IMPACT.get(impact or "")
    return f * i if f and i else None


def pain_score(
    dimension: str,
    pain_id: str,
    text: str,
    kind: PainKind,
    answers: Mapping[str, Any],
    worst: bool = False,
) -> PainScore:
    """The score of a pain point that was ticked, from its one answer (`<dim>.pain.<id>`), or
    from the frequency and impact answers sessions gave before it was one question."""
    base = f"{dimension}.pain.{pain_id}"
    value = answers.get(base)
    if kind == "state" or value in STATE:
        rated = STATE.get(str(value))
        return PainScore(dimension, pain_id, text, None, None, "state", rated, worst)
    impact, _, frequency = str(value or "").partition("-")
    if value is None:
        frequency = str(answers.get(f"{base}.frequency") or "")
        impact = str(answers.get(f"{base}.impact") or "")
    return PainScore(
        dimension,
        pain_id,
        text,
        FREQUENCY.get(frequency),
        IMPACT.get(impact),
        "event",
        None,
        worst,
    )
