"""The guide's weighted platform evaluation: the current platform and the candidates, rated on
its criteria; apart from the business case, as it shares none of its figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CRITERIA = (  # the guide's weighted scoring: key (as in `evaluation-priorities`), name, points
    ("technical", "Technical capabilities", 40),
    ("business", "Business value", 25),
    ("operational", "Operational factors", 20),
    ("strategic", "Strategic alignment", 15),
)
PLATFORM_WEIGHTS = {  # the current platform's rating steps
    f"platform-{key}": (name, points / 100) for key, name, points in CRITERIA
}
PRIORITY_POINTS = 10  # added to each criterion the executive chose, before renormalising
CANDIDATES = 3
NAME_LIMIT = 80


@dataclass
class Weight:
    key: str
    name: str
    guide: float  # the guide's weight, a fraction
    added: int  # points added for the executive's priority (0 or PRIORITY_POINTS)
    weight: float  # the weight used, a fraction


@dataclass
class PlatformOption:
    name: str
    current: bool
    ratings: dict[str, int]  # criterion key -> 1-5
    weighted: float | None  # 1-5, weights renormalised over the criteria rated

    @property
    def complete(self) -> bool:
        return len(self.ratings) == len(CRITERIA)


@dataclass
class PlatformComparison:
    weights: list[Weight]
    priorities: tuple[str, ...]  # the criteria the executive chose (keys)
    options: list[PlatformOption]  # the current platform first, then candidates as named

    @property
    def current(self) -> PlatformOption | None:
        return next((o for o in self.options if o.current), None)

    @property
    def weighted(self) -> float | None:
        """The current platform's weighted score (as PlatformScore gave it)."""
        return self.current.weighted if self.current else None

    @property
    def ratings(self) -> dict[str, tuple[str, float, int]]:
        """The current platform's ratings: step -> (criterion, weight used, rating)."""
        if self.current is None:
            return {}
        return {
            f"platform-{w.key}": (w.name, w.weight, self.current.ratings[w.key])
            for w in self.weights
            if w.key in self.current.ratings
        }

    @property
    def adjusted(self) -> bool:
        return any(w.added for w in self.weights)

    @property
    def ranked(self) -> list[PlatformOption]:
        rated = [o for o in self.options if o.weighted is not None]
        return sorted(rated, key=lambda o: -(o.weighted or 0.0))

    @property
    def adjustment(self) -> str:
        """The weighting in a sentence."""
        guide = " / ".join(f"{w.name} {w.guide:.0%}" for w in self.weights)
        if self.adjusted:
            chosen = " and ".join(w.name.lower() for w in self.weights if w.added)
            used = " / ".join(f"{w.weight:.1%}" for w in self.weights)
            return (
                f"The guide's weights ({guide}) with {PRIORITY_POINTS} points added to "
                f"{chosen}, the executive's priorities, then scaled back to 100%: {used}."
            )
        if self.priorities:
            return (
                f"The guide's weights ({guide}): the executive chose every criterion, so "
                "none is raised above the others."
            )
        return f"The guide's weights ({guide}): no executive priorities were given."


def platform_weights(priorities: Sequence[str] = ()) -> list[Weight]:
    """The guide's weights, with PRIORITY_POINTS added to each chosen criterion and all scaled
    back to 100%; choosing none or every criterion leaves the guide's weights."""
    chosen = {p for p in priorities if p in {k for k, _, _ in CRITERIA}}
    if len(chosen) == len(CRITERIA):
        chosen = set()
    points = {k: p + (PRIORITY_POINTS if k in chosen else 0) for k, _, p in CRITERIA}
    total = sum(points.values())
    return [Weight(k, name, p / 100, points[k] - p, points[k] / total) for k, name, p in CRITERIA]


def _rating(answers: Mapping[str, Any], step: str) -> int | None:
    value = answers.get(step)
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        rating = int(value)
    except (TypeError, ValueError):
        return None
    return rating if 1 <= rating <= 5 else None


def _option(
    answers: Mapping[str, Any], prefix: str, name: str, current: bool, weights: list[Weight]
) -> PlatformOption:
    ratings = {
        w.key: r for w in weights if (r := _rating(answers, f"{prefix}-{w.key}")) is not None
    }
    used = [w for w in weights if w.key in ratings]
    total = sum(w.weight for w in used)
    weighted = sum(w.weight * ratings[w.key] for w in used) / total if used else None
    return PlatformOption(name, current, ratings, weighted)


def _name(value: Any) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= NAME_LIMIT else text[: NAME_LIMIT - 1] + "…"


def platform_comparison(
    answers: Mapping[str, Any], priorities: Sequence[str] | None = None
) -> PlatformComparison | None:
    """The current platform and up to three candidates (`candidate-N` named, rated on
    `candidate-N-<criterion>`), scored with the guide's weights adjusted by the executive's
    `evaluation-priorities` (from these answers unless `priorities` is given, e.g. from the
    executive's own session). None when nothing was rated and no priority was given."""
    if priorities is None:
        chosen = answers.get("evaluation-priorities")
        priorities = chosen if isinstance(chosen, list) else []
    keys = [k for k, _, _ in CRITERIA]
    priorities = [k for k in keys if k in priorities]
    weights = platform_weights(priorities)
    options = []
    current = _option(answers, "platform", "Current platform", True, weights)
    if current.ratings:
        options.append(current)
    for n in range(1, CANDIDATES + 1):
        name = _name(answers.get(f"candidate-{n}"))
        if name:
            option = _option(answers, f"candidate-{n}", name, False, weights)
            if option.ratings:
                options.append(option)
    if not options and not priorities:
        return None
    return PlatformComparison(weights, tuple(priorities), options)


@dataclass
class PlatformScore:
    ratings: dict[str, tuple[str, float, int]]  # step -> (criterion, weight, rating 1-5)
    weighted: float  # on the 1-5 scale, weights renormalised over the criteria answered


def platform_score(answers: Mapping[str, Any]) -> PlatformScore | None:
    """The current platform alone, at the guide's weights (see platform_comparison)."""
    ratings = {
        step: (name, weight, r)
        for step, (name, weight) in PLATFORM_WEIGHTS.items()
        if (r := _rating(answers, step)) is not None
    }
    if not ratings:
        return None
    total = sum(w for _, w, _ in ratings.values())
    weighted = sum(w * r for _, w, r in ratings.values()) / total
    return PlatformScore(ratings, weighted)
