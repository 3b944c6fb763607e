"""Running each expression on sample answers, so `validate` finds the ones that would fail.

An expression's inputs are the answers of the steps it names (unanswered, or answered with a
value of the kind the step records), the state of the dimensions it names, and `value` in a
constraint. Every combination of samples is tried (a covering subset past MAX_COMBINATIONS);
the first failure is reported. At run time the same failure would count as false and log a
warning (see script.expressions), so this is what turns those into problems with a line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import product
from math import prod
from typing import Any

from interviewer.script.expressions import AnswerLookups, Expr, describe_failure
from interviewer.script.model import Step, Track

MAX_COMBINATIONS = 256

_TEXT = "a few words"


def answer_samples(step: Step | None) -> list[Any]:
    """One value of each type the step's answer can take once answered."""
    if step is None:
        return [_TEXT]
    first = step.options[0].value if step.options else "x"
    kind = step.kind
    if kind == "number":
        samples: list[Any] = [7, 2.5]
    elif kind == "scale":
        samples = [3]
    elif kind == "multi":
        samples = [[first], []]
    elif kind in ("choice", "indicator"):
        samples = [first]
    else:
        samples = [_TEXT]
    if not step.required and kind != "number":  # an empty number is left out, as /skip does
        samples.append("")  # an empty answer let through
    return samples


class _Sample(AnswerLookups):
    """A Context made of sample answers and dimension states (True: low maturity)."""

    def __init__(self, answers: dict[str, Any], low: dict[str, bool]) -> None:
        self.answers, self._low = answers, low

    def level(self, dimension: str) -> int:
        return 1 if self._low.get(dimension, True) else 5

    def low(self, dimension: str) -> bool:
        return self._low.get(dimension, True)

    def high(self, dimension: str) -> bool:
        return not self._low.get(dimension, True)

    def reachable(self, dimension: str, level: int) -> bool:
        return not self._low.get(dimension, True)

    def inconsistent(self, dimension: str) -> bool:
        return self._low.get(dimension, True)

    def contradicted(self, dimension: str, check: str) -> bool:
        return self._low.get(dimension, True)

    def absent(self, dimension: str, indicator: str) -> bool:
        return self._low.get(dimension, True)

    def asks(self, dimension: str, indicator: str) -> bool:
        return not self._low.get(dimension, True)

    def routing(self, dimension: str) -> bool:
        return False


def _combinations(choices: Sequence[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    if prod(len(c) for c in choices) <= MAX_COMBINATIONS:
        yield from product(*choices)
        return
    base = [c[0] for c in choices]
    yield tuple(base)
    for i, options in enumerate(choices):  # each input through all its samples, alone
        for sample in options[1:]:
            yield (*base[:i], sample, *base[i + 1 :])
    for k in range(1, max(len(c) for c in choices)):  # and all of them moving together
        yield tuple(c[k % len(c)] for c in choices)


def first_failure(expr: Expr, track: Track, owner: Step | None = None) -> str | None:
    """Why `expr` fails on some sample input, or None. `owner`: the step whose constraint
    it is (its answer is `value`); otherwise `value` is none, as the engine passes it."""
    steps = list(dict.fromkeys(name for kind, name in expr.references if kind == "step"))
    dims = list(dict.fromkeys(name for kind, name in expr.references if kind == "dimension"))
    choices: list[list[Any]] = [[None, *answer_samples(track.index.get(s))] for s in steps]
    choices += [[True, False] for _ in dims]
    values: list[Any] = answer_samples(owner) if owner is not None and expr.uses_value else [None]
    choices.append(values)
    for combo in _combinations(choices):
        answers = dict(zip(steps, combo, strict=False))
        low = dict(zip(dims, combo[len(steps) :], strict=False))
        try:
            expr.fn(_Sample(answers, low), combo[-1])
        except Exception as exc:  # the very failures this check is for
            return _explain(steps, answers, owner is not None and expr.uses_value, combo[-1], exc)
    return None


def _explain(
    steps: list[str], answers: dict[str, Any], with_value: bool, value: Any, exc: Exception
) -> str:
    parts = [
        f"{s} is unanswered" if answers[s] is None else f"{s} is {answers[s]!r}" for s in steps
    ]
    if with_value:
        parts.append(f"value is {value!r}")
    when = f"when {', '.join(parts)}" if parts else "always"
    return f"fails {when}: {describe_failure(exc)}"
