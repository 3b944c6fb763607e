"""The adaptive route through a dimension's indicators, and what it takes as in place unasked
(README, "How the interview adapts").

A consultant starts where the evidence points, confirms that level with its practices, steps up
while the levels hold and down when they do not. A level beneath a level that holds is taken as
in place from a spot check of its critical practices (its first practice when none is
critical); when a spot check fails, the rest of that level is asked. Above the levels that hold,
the next level is asked only while it could move the level on the assumption that it is no
stronger than the level beneath it. Pure: the route is worked out from the answers each time.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from statistics import median

from interviewer.scoring import levels as lv
from interviewer.script.model import Dimension, Indicator

IN_PLACE = ("yes", "mostly")  # a spot check that holds


def spot_checks(dim: Dimension, level: int, doubted: Collection[str] = ()) -> list[Indicator]:
    """The practices that stand for a level beneath one that holds: its critical ones (its
    first when none is critical), and any the interviewee's own words put in doubt (heard
    missing or partly there), which is never taken as in place unasked."""
    at = dim.indicators_at(level)
    critical = [i for i in at if i.critical] or at[:1]
    return critical + [i for i in at if i.id in doubted and i not in critical]


def holds(dim: Dimension, values: Mapping[str, str | None], level: int) -> bool:
    """The level's own practices count in full on the answers given."""
    part = lv.level_share(dim, values, level, "point")
    return part.known > 0 and lv.level_credit(part) >= 1.0


def inferred(
    dim: Dimension,
    values: Mapping[str, str | None],
    asked: Collection[str],
    doubted: Collection[str] = (),
) -> dict[str, int]:
    """The practices not asked that are taken as in place: indicator id -> the level above
    whose holding they are inferred from. A level is inferred when a level above it holds (in
    its own answers, or itself inferred) and every spot check of it was answered yes or mostly;
    its practices not asked are then in place."""
    out: dict[str, int] = {}
    confirmed: int | None = None  # the level above that holds, asked in full
    for level in sorted(lv.LEVELS, reverse=True):
        unasked = [i.id for i in dim.indicators_at(level) if i.id not in asked]
        if not unasked:
            confirmed = level if holds(dim, values, level) else None
            continue
        spots = spot_checks(dim, level, doubted)
        if confirmed is not None and all(values.get(i.id) in IN_PLACE for i in spots):
            out.update(dict.fromkeys(unasked, confirmed))
            continue
        confirmed = None
    return out


def with_inferred(
    dim: Dimension,
    values: Mapping[str, str | None],
    asked: Collection[str],
    doubted: Collection[str] = (),
) -> dict[str, str | None]:
    """The answers with every inferred practice read as yes: what the level is scored on."""
    return {**values, **dict.fromkeys(inferred(dim, values, asked, doubted), "yes")}


def start_level(hints: Sequence[float]) -> int:
    """Where the route starts: the median of what points to a level (the self-rating, what the
    open answers said, the earlier dimensions' levels), rounded down, from 2 to 5."""
    return min(5, max(2, int(median(hints)))) if hints else 2


def heard_level(dim: Dimension, present: Collection[str], absent: Collection[str]) -> int | None:
    """The level the open answers point to: the highest level of a practice heard in place,
    kept below the lowest level of a practice heard missing; None when nothing was heard."""
    levels = {i.id: i.level for i in dim.indicators}
    up = max((levels[i] for i in present if i in levels), default=None)
    down = min((levels[i] for i in absent if i in levels), default=None)
    if up is None:
        return None if down is None else max(1, down - 1)
    return up if down is None else max(1, min(up, down - 1))


def _unasked(dim: Dimension, level: int, asked: Collection[str]) -> list[str]:
    at = sorted(dim.indicators_at(level), key=lambda i: not i.critical)
    return [i.id for i in at if i.id not in asked]


def _could_move(dim: Dimension, values: Mapping[str, str | None], level: int) -> bool:
    """Asking `level` (not asked yet) could change the dimension's level, if it is as strong
    as the level beneath it."""
    added = lv.credits(dim, values, "point")
    now = 1.0 + sum(added)
    beneath = lv.level_credit(lv.level_share(dim, values, level - 1, "point"))
    own = beneath * (lv.SUPPORT_FLOOR + (1 - lv.SUPPORT_FLOOR) * added[level - 3])
    return int(now + own + 1e-9) > int(now + 1e-9)


def plan(
    dim: Dimension,
    values: Mapping[str, str | None],
    asked: Collection[str],
    start: int,
    doubted: Collection[str] = (),
) -> list[str]:
    """The indicators the route asks next, in order (the first is asked now); empty once the
    level is settled. `values`: the answers given; `asked`: every indicator answered or
    skipped; `doubted`: those the interviewee's words put in doubt."""
    scored = with_inferred(dim, values, asked, doubted)
    level = start
    while True:  # confirm the start, then step up while the levels hold
        missing = _unasked(dim, level, asked)
        if missing:
            return missing
        if level == 5:
            break
        if not holds(dim, scored, level) and not _could_move(dim, scored, level + 1):
            break
        level += 1
    for below in range(start - 1, 1, -1):  # then down: spot checks beneath a level that holds
        if holds(dim, scored, below + 1):
            checks = spot_checks(dim, below, doubted)
            spots = [i.id for i in checks if i.id not in asked]
            if spots:
                return spots
            if all(values.get(i.id) in IN_PLACE for i in checks):
                continue
        missing = _unasked(dim, below, asked)
        if missing:
            return missing
    return []
