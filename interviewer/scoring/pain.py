"""Pain point severity: frequency (1-3) x impact (1-3)."""

from __future__ import annotations

from typing import NamedTuple

FREQUENCY = {"weekly": 3, "monthly": 2, "quarterly": 1}
IMPACT = {"revenue": 3, "team_days": 2, "hours": 1}
CRITICAL = 6


class PainScore(NamedTuple):
    """A confirmed pain point with its severity."""

    dimension: str
    pain_id: str
    text: str
    frequency: int | None
    impact: int | None

    @property
    def severity(self) -> int | None:
        if self.frequency is None or self.impact is None:
            return None
        return self.frequency * self.impact

    @property
    def critical(self) -> bool:
        return (self.severity or 0) >= CRITICAL


def pain_severity(frequency: str | None, impact: str | None) -> int | None:
    f, i = FREQUENCY.get(frequency or ""), IMPACT.get(impact or "")
    return f * i if f and i else None
