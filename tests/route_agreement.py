"""The adaptive route against asking every indicator: profiles spread over every level, the
route walked on each, and the share of dimension levels the two agree on (the equivalence test
and `benchmarks/bench_route.py` share it)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from interviewer.scoring import levels as lv
from interviewer.scoring import route
from interviewer.script import Script
from interviewer.script.model import Dimension

SEED = 20
PER_LEVEL = 60  # generated teams per dimension and level


class Case(NamedTuple):
    """One dimension answered by one team: what asking everything and the route give."""

    name: str
    dimension: str
    everything: int  # the level asking every indicator gives
    routed: int  # the level the route gives
    asked: int  # indicators the route asked
    total: int  # indicators the dimension has


def walk(dim: Dimension, answers: Mapping[str, str], rating: int | None) -> tuple[int, int]:
    """The level the route gives and the number of indicators it asks, starting where the
    self-rating points (nothing else heard, no earlier dimension)."""
    asked: set[str] = set()
    values: dict[str, str | None] = {}
    start = route.start_level(route.Hints(rating, None))
    while ids := route.plan(dim, values, asked, start).ids:
        asked.add(ids[0])
        values[ids[0]] = answers[ids[0]]
    return lv.level(dim, route.with_inferred(dim, values, asked), "point"), len(asked)


def generated(dim: Dimension, level: int, rng: random.Random) -> dict[str, str]:
    """A team at `level`: below it yes, now and then mostly or partly; at it yes or mostly,
    now and then partly or don't know; above it partly or no, now and then one practice in
    place (the reference profiles' recipe, tests/test_calibration.py, with noise)."""
    out = {}
    for ind in dim.indicators:
        if ind.level < level:
            weights = {"yes": 0.8, "mostly": 0.12, "partly": 0.05, "unknown": 0.03}
        elif ind.level == level:
            weights = {"yes": 0.55, "mostly": 0.3, "partly": 0.1, "unknown": 0.05}
        else:
            weights = {"partly": 0.35, "no": 0.5, "yes": 0.1, "unknown": 0.05}
        out[ind.id] = rng.choices(list(weights), list(weights.values()))[0]
    return out


def generated_cases(script: Script) -> Iterator[Case]:
    """PER_LEVEL teams per dimension at each level 1 to 5, each rating itself at its level, one
    above or one below."""
    rng = random.Random(SEED)
    for _key, dim in script.dimensions.items():
        for level in range(1, 6):
            for n in range(PER_LEVEL):
                answers = generated(dim, level, rng)
                rating = min(5, max(1, level + rng.choice((-1, 0, 0, 1))))
                yield case(f"level {level} #{n}", dim, answers, rating)


def case(name: str, dim: Dimension, answers: Mapping[str, str], rating: int | None) -> Case:
    everything = lv.level(dim, answers, "point")
    routed, asked = walk(dim, answers, rating)
    return Case(name, dim.key, everything, routed, asked, len(dim.indicators))


def agreement(cases: list[Case]) -> float:
    return sum(c.routed == c.everything for c in cases) / len(cases)
