"""The weighted overall score across the dimensions covered."""

from __future__ import annotations

from typing import NamedTuple

from interviewer.scoring.dimension import DimensionScore
from interviewer.script.model import Dimension


class Overall(NamedTuple):
    """The weighted score across dimensions, with its range and coverage."""

    score: float
    score_range: tuple[float, float]
    coverage: float
    covered: list[str]


def overall(dimensions: dict[str, Dimension], scores: dict[str, DimensionScore]) -> Overall:
    """Sum of weight x score over covered dimensions, weights renormalised, with the range the
    dimensions' ranges give; coverage is the share of total weight that was covered."""
    covered = [k for k, s in scores.items() if s.covered]
    total_weight = sum(d.weight for d in dimensions.values()) or 1.0
    weight = sum(dimensions[k].weight for k in covered)
    if not covered or weight == 0:
        return Overall(0.0, (0.0, 0.0), 0.0, [])
    score = sum(dimensions[k].weight * scores[k].score for k in covered) / weight
    lo = sum(dimensions[k].weight * scores[k].score_pessimistic for k in covered) / weight
    hi = sum(dimensions[k].weight * scores[k].score_optimistic for k in covered) / weight
    return Overall(score, (lo, hi), weight / total_weight, covered)
