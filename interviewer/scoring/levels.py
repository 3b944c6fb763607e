"""Gated maturity levels from indicator answers (research notes, maturity_anchors §2.3)."""

from __future__ import annotations

from collections.abc import Mapping

from interviewer.script.model import Dimension

# Fully / largely / partly / not in place, in the spirit of SCAMPI's FI / LI / PI / NI (README,
# "Scoring"). "mostly" earns exactly the threshold, so a level answered "mostly" throughout is met
# (SCAMPI satisfies a goal whose practices are largely implemented); "partly" keeps the ML Test
# Score's 0.5 for a practice done by hand or for some models only.
CREDIT = {"yes": 1.0, "mostly": 0.75, "partly": 0.5, "no": 0.0}
THRESHOLD = 0.75


def credit(value: str | None, optimistic: bool) -> float | None:
    """1 / 0.75 / 0.5 / 0 for yes / mostly / partly / no; unknown or unanswered count 0, or 1
    when optimistic; None when not applicable (the indicator leaves the denominator)."""
    if value == "na":
        return None
    if value in CREDIT:
        return CREDIT[value]
    return 1.0 if optimistic else 0.0


def level_fraction(
    dim: Dimension, values: Mapping[str, str | None], level: int, optimistic: bool
) -> tuple[float, bool]:
    """(share of the level's applicable credit present, whether a critical indicator is 0)."""
    total = got = 0.0
    critical_missing = False
    for ind in dim.indicators:
        if ind.level != level:
            continue
        c = credit(values.get(ind.id), optimistic)
        if c is None:
            continue
        total += 1
        got += c
        if ind.critical and c == 0.0:
            critical_missing = True
    if total == 0:
        return (1.0, False)
    return (got / total, critical_missing)


def level_met(
    dim: Dimension, values: Mapping[str, str | None], level: int, optimistic: bool
) -> bool:
    """At least THRESHOLD of the level's applicable credit, and no critical indicator at 0: each
    "partly" needs a "yes" beside it, each "no" three, and "mostly" neither helps nor hurts."""
    f, critical_missing = level_fraction(dim, values, level, optimistic)
    return f >= THRESHOLD and not critical_missing


def gated_level(dim: Dimension, values: Mapping[str, str | None], optimistic: bool) -> int:
    """The highest L such that every level 2..L is met; level 1 is the floor."""
    level = 1
    for n in (2, 3, 4, 5):
        if not level_met(dim, values, n, optimistic):
            break
        level = n
    return level


def fractional_score(dim: Dimension, values: Mapping[str, str | None], optimistic: bool) -> float:
    """S = level + 0.9 x share of the next level met (5.0 at the top)."""
    level = gated_level(dim, values, optimistic)
    if level == 5:
        return 5.0
    f, _ = level_fraction(dim, values, level + 1, optimistic)
    return level + 0.9 * f


def high_water(dim: Dimension, values: Mapping[str, str | None]) -> int:
    """Highest level met when gating is ignored: the diagnostic for a skipped foundation."""
    hw = 1
    for n in (2, 3, 4, 5):
        if level_fraction(dim, values, n, optimistic=False)[0] >= THRESHOLD and any(
            values.get(i.id) in CREDIT for i in dim.indicators_at(n)
        ):
            hw = n
    return hw


def reachable(dim: Dimension, values: Mapping[str, str | None], level: int) -> bool:
    """Every level below `level` can still be met if the open questions go well."""
    return all(level_met(dim, values, n, optimistic=True) for n in range(2, level))
