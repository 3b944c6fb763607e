"""A success metric's target in the client's own words, where they stated one (pure).

Their success criteria and desired outcomes (the steps playing those roles) are read clause by
clause. A clause is the client's target for a metric when it names the metric the way clients
do (the metric's `said_as` phrases, at the start of a word: "lead time", "deploy") and holds a
quantity: a number or "a"/"one"… with a unit of time, a percentage, or "times"/"x". So "deploy
lead time under a day" is the target of the metric "Reduce deployment time from weeks to
minutes"; "faster deployments" (no quantity) is not a target, and the guide's benchmark stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from interviewer.scoring.said import Said
from interviewer.script.model import Metric

TARGET_ROLES = ("success_criteria", "desired_outcomes")  # read in this order
MAX_QUOTE = 120

_COUNT = (
    r"(?:\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"fifteen|twenty|thirty|half an?|a few|a single|same|single)"
)
_UNIT = (
    r"(?:ms|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|"
    r"quarters?|years?|times|x|percent|per cent|%)"
)
QUANTITY = re.compile(rf"(?:\b{_COUNT}\s*-?\s*{_UNIT}(?!\w)|\d\s*%)")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|[;\n]+")
_CLAUSES = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?=\w+\s+\w+)")


class ClientTarget(NamedTuple):
    """A target the client stated for a metric: their words, and the turn they said them."""

    text: str
    turn: int


class Target(NamedTuple):
    """A metric's target as a report shows it, and whose it is."""

    text: str  # the client's words, or the guide's benchmark
    source: str  # "client" | "guide" | "" (neither stated one)
    turn: int | None = None  # where the client stated it


@lru_cache(maxsize=1024)
def _phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())))


def clauses(text: str) -> list[str]:
    """The text cut into sentences, and sentences into the clauses a list of targets makes
    ("deploy lead time under a day, and every model monitored")."""
    out = []
    for sentence in _SENTENCES.split(text):
        for clause in _CLAUSES.split(sentence):
            clause = clause.strip(" .!?-–—\"'“”")
            if clause:
                out.append(clause)
    return out


def _quote(clause: str) -> str:
    if len(clause) <= MAX_QUOTE:
        return clause
    return clause[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"


def client_target(metric: Metric, said: Iterable[Said]) -> ClientTarget | None:
    """The first clause of what was said that names this metric with a quantity."""
    if not metric.said_as:
        return None
    for answer in said:
        for clause in clauses(answer.text):
            low = clause.lower().replace("\u2019", "'")
            if QUANTITY.search(low) and any(_phrase(p).search(low) for p in metric.said_as):
                return ClientTarget(_quote(clause), answer.turn)
    return None


def metric_target(metric: Metric, said: Mapping[str, Said]) -> Target:
    """The client's own target where their success criteria or desired outcomes state one,
    else the guide's benchmark (or nothing, when the guide gives none)."""
    own = client_target(metric, [said[r] for r in TARGET_ROLES if r in said])
    if own is not None:
        return Target(own.text, "client", own.turn)
    return Target(metric.benchmark, "guide" if metric.benchmark else "")
