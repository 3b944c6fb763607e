"""The maturity profile as text bars: level, range, self-rating and target on a 1-5 scale.

Every mark has its own character (█ measured, ░ possible range, S self-rating, T target), so the
picture reads without colour.
"""

from __future__ import annotations

from textual.content import Content

from interviewer.scoring import DimensionScore

LEGEND = "█ measured score   ░ could be, given the unknowns   S self-rating   T target"


def _pos(value: float, width: int) -> int:
    return max(0, min(width - 1, round((value - 1) / 4 * (width - 1))))


def bar(d: DimensionScore, width: int = 21) -> str:
    cells = ["·"] * width
    for i in range(_pos(d.score, width) + 1):
        cells[i] = "█"
    for i in range(_pos(d.score, width) + 1, _pos(d.score_optimistic, width) + 1):
        cells[i] = "░"
    if d.self_rating is not None:
        cells[_pos(d.self_rating, width)] = "S"
    if d.target is not None:
        cells[_pos(d.target, width)] = "T"
    return "".join(cells)


def describe(d: DimensionScore) -> str:
    rng = f"{d.level}" if d.level == d.level_optimistic else f"{d.level}–{d.level_optimistic}"
    parts = [f"level {rng}", f"score {d.score:.1f}"]
    if d.self_rating is not None:
        parts.append(f"self {d.self_rating}")
    if d.target is not None:
        parts.append(f"target {d.target}")
    return " · ".join(parts)


def profile(dimensions: list[DimensionScore], width: int = 21) -> Content:
    lines = [f"{'':<26}1    2    3    4    5"]
    for d in dimensions:
        name = d.name if len(d.name) <= 24 else d.name[:23] + "…"
        lines.append(f"{name:<26}{bar(d, width)}  {describe(d)}")
    lines.append("")
    lines.append(LEGEND)
    return Content("\n".join(lines))
