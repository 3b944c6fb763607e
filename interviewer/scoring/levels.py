"""A dimension's maturity score and level from its indicator answers (README, "Scoring").

The score adds up, level by level from 2 to 5, how much of each level is in place: a level whose
practices earn two thirds of their credit or more counts in full, one with a third or less counts
nothing, and in between it counts in proportion. A critical practice answered "no" keeps its
level to three quarters. A level counts three quarters of that whatever lies beneath it, and the
last quarter in proportion to what the level directly beneath it added, so a gap lower down is
named (the skipped-foundation flag, the finding's "not yet") and costs the levels above part of
their credit instead of capping them. The level is the score's whole part.

A notch on one answer moves its level's own credit by at most three quarters, and that reaches
each level above at a quarter of the one before, so the score moves by less than one and the
level by at most one (`tests/test_levels.py` checks it with hypothesis, for the built-in script
and for areas of any shape). The same rule is read three ways: the point from the known answers
alone (don't-know and unanswered practices leave the count, though a level is always judged over
at least three quarters of its practices, so it counts in full only once half of them are known
to be in place); the bottom of the range with don't-know and unanswered as "no"; the top with
don't-know as "yes".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from interviewer.script.model import Dimension

# Fully / largely / partly / not in place, in the spirit of SCAMPI's FI / LI / PI / NI; "partly"
# keeps the ML Test Score's 0.5 for a practice done by hand or for some models only.
CREDIT = {"yes": 1.0, "mostly": 0.75, "partly": 0.5, "no": 0.0}
FULL = 2 / 3  # a level's share from which it counts in full: "mostly" with a "partly" beside it
NONE = 1 / 3  # a level's share at or below which it counts nothing: one practice in three
CRITICAL_CAP = 0.75  # what a level with a critical practice answered "no" can count at most
SUPPORT_FLOOR = 0.75  # the share of itself a level counts with nothing in place beneath it
JUDGED = 0.75  # the point judges a level over its known practices, but at least this share
LEVELS = (2, 3, 4, 5)

# How "don't know" and answers not given (skipped, or not asked yet) are read. "point" leaves both
# out; "low", the bottom of the range, counts both as no; "high", the top of the range, counts
# "don't know" as yes and leaves the rest out; "open", for routing, counts both as yes (a level
# is worth asking about while the questions still open could reach it).
Reading = Literal["low", "point", "high", "open"]


class LevelShare(NamedTuple):
    """One level's share of its applicable credit, and whether a critical practice is absent."""

    share: float
    critical_missing: bool
    known: int  # practices answered yes, mostly, partly or no
    applicable: int  # practices not marked not applicable


def credit(value: str | None, optimistic: bool) -> float | None:
    """1 / 0.75 / 0.5 / 0 for yes / mostly / partly / no; unknown or unanswered count 0, or 1
    when optimistic; None when not applicable (the indicator leaves the denominator)."""
    if value == "na":
        return None
    if value in CREDIT:
        return CREDIT[value]
    return 1.0 if optimistic else 0.0


def level_share(
    dim: Dimension, values: Mapping[str, str | None], level: int, reading: Reading
) -> LevelShare:
    """The share of a level's applicable credit in place, read as `reading` says."""
    got = 0.0
    known = applicable = opened = 0  # opened: open answers read as yes
    critical_missing = False
    for ind in dim.indicators_at(level):
        value = values.get(ind.id)
        if value == "na":
            continue
        applicable += 1
        if value in CREDIT:
            known += 1
            got += CREDIT[value]
            critical_missing |= ind.critical and value == "no"
        elif reading == "open" or (reading == "high" and value == "unknown"):
            opened += 1
        elif reading == "low":
            critical_missing |= ind.critical
    if applicable == 0:
        return LevelShare(1.0, False, 0, 0)
    if reading == "low":
        return LevelShare(got / applicable, critical_missing, known, applicable)
    counted = max(known + opened, JUDGED * applicable)
    return LevelShare((got + opened) / counted, critical_missing, known, applicable)


def level_credit(part: LevelShare) -> float:
    """How much of one level counts, 0-1, before the support of the levels beneath it."""
    counted = min(1.0, max(0.0, (part.share - NONE) / (FULL - NONE)))
    return min(counted, CRITICAL_CAP) if part.critical_missing else counted


def credits(dim: Dimension, values: Mapping[str, str | None], reading: Reading) -> list[float]:
    """What each of levels 2-5 adds to the score, once the levels beneath have supported it."""
    added: list[float] = []
    beneath = 1.0
    for level in LEVELS:
        own = level_credit(level_share(dim, values, level, reading))
        added.append(own * (SUPPORT_FLOOR + (1 - SUPPORT_FLOOR) * beneath))
        beneath = added[-1]
    return added


def score(dim: Dimension, values: Mapping[str, str | None], reading: Reading) -> float:
    """S, from 1.0 to 5.0: 1 plus what levels 2-5 add."""
    return 1.0 + sum(credits(dim, values, reading))


def level(dim: Dimension, values: Mapping[str, str | None], reading: Reading) -> int:
    """The score's whole part: 2.9 is level 2, most of the way to 3."""
    return min(5, int(score(dim, values, reading) + 1e-9))


def high_water(dim: Dimension, values: Mapping[str, str | None]) -> int:
    """Highest level whose own practices count in full, whatever lies beneath: the diagnostic
    for a skipped foundation."""
    hw = 1
    for n in LEVELS:
        part = level_share(dim, values, n, "low")
        if part.known and level_credit(part) >= 1.0:
            hw = n
    return hw


def gaps(dim: Dimension, values: Mapping[str, str | None], below: int) -> list[int]:
    """The levels under `below` that do not count in full on the known answers: named gaps."""
    return [
        n for n in LEVELS if n < below and level_credit(level_share(dim, values, n, "point")) < 1.0
    ]


def reachable(dim: Dimension, values: Mapping[str, str | None], level_: int) -> bool:
    """Worth asking about: the level below holds if its open questions go well (a consultant
    steps up while a level holds), and so could the level itself."""
    below = level_share(dim, values, level_ - 1, "open") if level_ > 2 else None
    holds = below is None or level_credit(below) >= 1.0
    return holds and level(dim, values, "open") >= level_
