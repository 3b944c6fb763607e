"""An ordinary interviewee at a given maturity, and a walk of a track with them: what the
length tests, the route's tests and `benchmarks/bench_route.py` share."""

from __future__ import annotations

from collections.abc import Callable

from conftest import drive, persona

from interviewer.engine.interview import Ask, Interview
from interviewer.script import Script
from interviewer.script.timing import expected_seconds

# questions an ordinary interview may ask, per track (the 90-minute tracks share one target;
# the executive's one more than the platform's for the business case's running costs)
TARGETS = {
    "executive": 40,
    "tech-lead": 75,
    "data-science": 75,
    "ml-engineering": 75,
    "platform": 40,
    "full": 150,
}
TEXT = (
    "We are about 25 people; we run scheduled pipelines with a review each release, "
    "and a new feature takes about six weeks to reach production."
)


def interviewee(level: int) -> Callable[[Ask], str]:
    """A team at `level` everywhere: every practice up to it in place, the next level's in
    part, none above; a self-rating that agrees, a target one higher, two pains ticked, and
    concrete answers that mention a team size and a duration."""
    rest = persona("yes", level, text=TEXT, pains="1,2")

    def answer(ask: Ask) -> str:
        step = ask.step
        if step.kind == "indicator" and step.indicator is not None:
            at = step.indicator.level
            return "yes" if at <= level else "partly" if at == level + 1 else "no"
        return rest(ask)

    return answer


def walk(script: Script, track: str, policy: Callable[[Ask], str]) -> list[Ask]:
    """Every question an interview of `track` asks of `policy`."""
    return drive(Interview(script, track), policy, gap=20.0)


def paced(script: Script, track: str, policy: Callable[[Ask], str]) -> tuple[Interview, list[Ask]]:
    """An interview of `track` answered at the expected pace (each answer takes its question's
    expected time), so the segments' clocks trim optional questions as they would for real."""
    iv = Interview(script, track)
    asked: list[Ask] = []
    now = 1000.0
    while True:
        while (found := iv.settlement(now)) is not None:
            iv.apply(found[0])
        ask = iv.ask()
        if ask is None:
            return iv, asked
        asked.append(ask)
        now += expected_seconds(ask.step)
        reply = iv.interpret(policy(ask), now)
        assert reply.invalid is None, (ask.step.id, reply.invalid)
        for event in reply.events:
            iv.apply(event)
