"""Progress as a share of the interview's expected time, not of its steps.

A track has dozens of quick indicator steps and a few open questions that take minutes each;
counting steps made the figure race through indicators and stall on open questions, and it
counted every step of the track, asked or not. Here progress is the expected time of what was
answered over that plus the expected time of what is still ahead on the route, with the steps
ahead found by following the route on the answers given so far.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from interviewer.engine.machine import Edge, edges
from interviewer.script.model import END, Step, Track
from interviewer.script.timing import expected_seconds

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview
    from interviewer.script.expressions import Context, Expr

_WAYS: weakref.WeakKeyDictionary[Track, dict[str, list[Edge]]] = weakref.WeakKeyDictionary()


def holds(expr: Expr | None, ctx: Context) -> bool:
    """`expr` on the answers so far, quietly: a condition on an answer not given yet (a length
    of None, None < 50) is false here, without the warning a real routing failure logs."""
    if expr is None:
        return True
    try:
        return bool(expr.fn(ctx, None))
    except Exception:  # the same totality as Expr.__call__, minus the log line
        return False


def _ways_out(track: Track) -> dict[str, list[Edge]]:
    """The track's edges by source step, in the order the machine tries them."""
    ways = _WAYS.get(track)
    if ways is None:
        ways = _WAYS[track] = {}
        for edge in edges(track):
            ways.setdefault(edge.source, []).append(edge)
    return ways


def _next(ways: dict[str, list[Edge]], step_id: str, ctx: Context) -> str:
    """Where the route goes after `step_id` if its answer is not vague (a follow-up is only
    asked after a vague answer, which nobody can expect)."""
    for edge in ways.get(step_id, []):
        if edge.followup or edge.loop:  # the route's indicators ahead are counted by its plan
            continue
        if edge.condition is None or holds(edge.condition, ctx):
            return edge.dest
    return END


def seconds_ahead(iv: Interview) -> float:
    """The expected time of the questions still to come on the route, the current one
    included: those whose `when` holds on the answers so far, and optional ones only while
    their segment's clock (real time spent, then the expected time of what comes before them)
    leaves room, as the engine will trim them otherwise."""
    ways = _ways_out(iv.track)
    clock: dict[str, float] = dict(iv.segment_seconds)
    seen: set[str] = set()
    total = 0.0
    state = iv.current
    while state is not None and state != END and state not in seen:
        seen.add(state)
        step = iv.track.index[state]
        if state not in iv.ctx.answers and _ahead(iv, step, clock, state == iv.current):
            seconds = expected_seconds(step)
            total += seconds
            clock[step.segment] = clock.get(step.segment, 0.0) + seconds
        state = _next(ways, state, iv.ctx)
    return total


def _ahead(iv: Interview, step: Step, clock: dict[str, float], current: bool) -> bool:
    if current:
        return True
    if step.routed and step.indicator is not None and step.dimension is not None:
        return step.indicator.id in iv.ctx.planned(step.dimension)
    if not holds(step.when, iv.ctx):
        return False
    return step.priority != "optional" or leaves_room(iv, step, clock.get(step.segment, 0.0))


def leaves_room(iv: Interview, step: Step, spent: float) -> bool:
    """An optional question is asked while its segment has room: on a script with the
    adaptive route, while it can end within the segment's minutes (the time spent plus its
    own expected time); on scripts from before, until the minutes are spent."""
    segment = iv.segment(step.segment)
    if segment is None:
        return True
    budget = segment.minutes * 60
    if iv.script.route == "adaptive":
        return spent + expected_seconds(step) <= budget
    return spent < budget


def progress(iv: Interview) -> float:
    """Expected time answered / (that + expected time ahead); 1.0 once the route is done."""
    if iv.current is None:
        return 1.0
    done = sum(expected_seconds(iv.track.index[step_id]) for step_id in iv.path)
    ahead = seconds_ahead(iv)
    return done / (done + ahead) if done + ahead > 0 else 0.0
