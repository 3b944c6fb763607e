"""The maturity profile as text bars: level, range, self-rating and target on a 1-5 scale.

Every mark has its own character (█ measured, ░ possible range, S self-rating, T target), so the
picture reads without colour.
"""

from __future__ import annotations

from textual.content import Content

from interviewer.scoring import DimensionScore
from interviewer.tui.safe_text import literal

LEGEND = (
    "  █ measured score   ░ could be, given the unknowns",
    "  S self-rating   T target   = self-rating and target",
)


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
        at = _pos(d.target, width)
        cells[at] = "=" if d.self_rating is not None and cells[at] == "S" else "T"
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
    """Two lines per dimension (name, then bar and figures), so it fits 80 columns."""
    lines = []
    for d in dimensions:
        lines.append(d.name)
        lines.append(f"  {bar(d, width)}  {describe(d)}")
    lines.append("")
    lines.append(f"  {'1    2    3    4    5':<{width}}  the scale")
    lines.extend(LEGEND)
    return literal("\n".join(lines))  # names are script text: no control character passes
