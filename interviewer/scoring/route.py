"""The adaptive route through a dimension's indicators, and what it takes as in place unasked
(README, "How the interview adapts").

A consultant starts where the evidence points, confirms that level with its practices, steps up
while the levels hold and down when they do not. A level beneath a level that holds is taken as
in place from a spot check of its critical practices (its first practice when none is
critical); when a spot check fails, the rest of that level is asked. Above the levels that hold,
the next level is asked only while it could move the level on the assumption that it is no
stronger than the level beneath it, and a level is asked only until the rest could not change
its credit. Pure: the route is worked out from the answers each time; the scoring reads the
same rule (`inferred`) to count what was taken as in place.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from statistics import median
from typing import NamedTuple

from interviewer.scoring import levels as lv
from interviewer.script.model import Dimension, Indicator

IN_PLACE = ("yes", "mostly")  # a spot check that holds


def spot_checks(dim: Dimension, level: int, doubted: Collection[str] = ()) -> list[Indicator]:
    """The practices that stand for a level beneath one that holds: its critical ones (its
    first when none is critical), and any in doubt (`Evidence.doubted`: heard missing or partly
    there, or worded by a practice that is missing), which is never taken as in place unasked."""
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
    """The practices not asked that are taken as in place: indicator id -> the level whose
    holding they are inferred from. A level is inferred when the nearest level above it that
    holds on its own answers, or one inferred in turn, stands over it and every spot check of it
    was answered yes or mostly; its practices not asked are then in place. So are those a level
    was asked without because it holds whatever they are (the route stops asking a level once
    the rest could not change its credit), inferred from that level itself. A practice in doubt
    is never inferred."""
    out: dict[str, int] = {}
    confirmed: int | None = None  # the nearest level above that holds on its own answers
    for level in sorted(lv.LEVELS, reverse=True):
        unasked = [i.id for i in dim.indicators_at(level) if i.id not in asked]
        spots = spot_checks(dim, level, doubted)
        if unasked and confirmed is not None and all(values.get(i.id) in IN_PLACE for i in spots):
            out.update(dict.fromkeys(unasked, confirmed))
            continue
        confirmed = level if holds(dim, values, level) else None
        if unasked and confirmed and holds(dim, {**values, **dict.fromkeys(unasked, "no")}, level):
            out.update(dict.fromkeys((i for i in unasked if i not in doubted), level))
    return out


def with_inferred(
    dim: Dimension,
    values: Mapping[str, str | None],
    asked: Collection[str],
    doubted: Collection[str] = (),
) -> dict[str, str | None]:
    """The answers with every inferred practice read as yes: what the level is scored on."""
    return {**values, **dict.fromkeys(inferred(dim, values, asked, doubted), "yes")}


class Hints(NamedTuple):
    """What points to a level before a dimension's indicators are asked."""

    rating: int | None  # the self-rating
    earlier: float | None  # the mean level of the dimensions measured before
    heard_in_place: tuple[int, ...] = ()  # levels of practices heard in place in open answers
    heard_missing: tuple[int, ...] = ()  # levels of practices heard missing there


def start_level(hints: Hints) -> int:
    """Where the route starts, from 2 to 5: the median of the self-rating and the mean level
    of the dimensions measured before (2 with neither), rounded down; raised by one towards the
    highest level of a practice heard in place in the open answers, and kept below the lowest
    level of a practice heard missing there."""
    given = [h for h in (hints.rating, hints.earlier) if h is not None]
    at = median(given) if given else 2
    if hints.heard_in_place:
        at = max(at, min(max(hints.heard_in_place), int(at) + 1))
    if hints.heard_missing:
        at = min(at, min(hints.heard_missing) - 1)
    return min(5, max(2, int(at)))


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


def _settled(dim: Dimension, values: Mapping[str, str | None], missing: Collection[str]) -> bool:
    """No answer to the practices still missing could change the dimension's score (so
    neither its level): the level counts in full, or nothing, whatever they are."""
    yes = {**values, **dict.fromkeys(missing, "yes")}
    no = {**values, **dict.fromkeys(missing, "no")}
    return abs(lv.score(dim, yes, "point") - lv.score(dim, no, "point")) < 1e-9


class Next(NamedTuple):
    """What the route asks next, and why: `ids` in order (the first is asked now; empty once
    the level is settled), the level they belong to and the step of the route that asks them:
    "start" (confirming where the evidence points), "spot" (a spot check beneath a level that
    holds), "down" (the level above does not hold, or a spot check failed), "up" (the level
    beneath holds), "could" (the level beneath does not hold in full, but this one could
    still move the level) or "premise" (the next statement is worded by how this one is
    answered)."""

    ids: list[str]
    level: int = 0
    why: str = ""


def premises(dim: Dimension, indicator: Indicator) -> list[str]:
    """The practices of the same dimension whose answer decides how `indicator` is worded
    (its `forms:` name them with absent()): asked before it, so its wording can fit."""
    refs = (
        r for form in indicator.forms for kind, r in form.when.references if kind == "indicator"
    )
    return [r.split(":", 1)[1] for r in refs if r.startswith(f"{dim.key}:")]


def _premises_first(dim: Dimension, nxt: Next, asked: Collection[str]) -> Next:
    """`nxt` with the practices its first statement is worded by, not asked yet, before it."""
    if not nxt.ids:
        return nxt
    by_id = {i.id: i for i in dim.indicators}
    before = [p for p in premises(dim, by_id[nxt.ids[0]]) if p not in asked and p in by_id]
    if not before:
        return nxt
    return Next([*before, *nxt.ids], by_id[before[0]].level, "premise")


def plan(
    dim: Dimension,
    values: Mapping[str, str | None],
    asked: Collection[str],
    start: int,
    doubted: Collection[str] = (),
) -> Next:
    """The indicators the route asks next. `values`: the answers given; `asked`: every
    indicator answered or skipped; `doubted`: those in doubt (Evidence.doubted).

    First the start level; then, if it holds, the spot checks of each level beneath, from
    level 2 up; then down, the rest of each level beneath asked when the level above it does
    not hold or its spot check failed; then up while the top level holds or the next could
    move the level. Each level is asked until no answer still missing could change the score
    (its own credit), but for the statements in doubt. A statement worded by how another
    practice was answered (`forms:`) has that practice asked first."""
    return _premises_first(dim, _plan(dim, values, asked, start, doubted), asked)


def _plan(
    dim: Dimension,
    values: Mapping[str, str | None],
    asked: Collection[str],
    start: int,
    doubted: Collection[str],
) -> Next:
    scored = with_inferred(dim, values, asked, doubted)

    def unsettled(level: int) -> list[str]:
        """The level's statements not asked yet while any of them could change the score, or
        while fewer of its practices are answered than a level is judged over (so confidence
        is not lowered); then those in doubt, which are asked whatever they could change."""
        missing = _unasked(dim, level, asked)
        part = lv.level_share(dim, values, level, "point")
        judged = part.known >= lv.JUDGED * part.applicable
        if missing and judged and _settled(dim, scored, missing):
            return [i for i in missing if i in doubted]
        return missing

    if missing := unsettled(start):
        return Next(missing, start, "start")
    if holds(dim, scored, start):  # the spot checks beneath, from level 2 up: premises first
        for below in range(2, start):
            spots = [i.id for i in spot_checks(dim, below, doubted) if i.id not in asked]
            if spots:
                return Next(spots, below, "spot")
    for below in range(start - 1, 1, -1):
        if holds(dim, scored, below + 1):
            checks = spot_checks(dim, below, doubted)
            spots = [i.id for i in checks if i.id not in asked]
            if spots:
                return Next(spots, below, "spot")
            if all(values.get(i.id) in IN_PLACE for i in checks):
                continue
        if missing := unsettled(below):
            return Next(missing, below, "down")
    level = start
    while level < 5:
        up = holds(dim, scored, level)
        if not up and not _could_move(dim, scored, level + 1):
            break
        level += 1
        if missing := unsettled(level):
            return Next(missing, level, "up" if up else "could")
    return Next([])
