"""The maturity profile as text bars, the same chart as the reports' SVG (`export.chart_svg`):
a 0-5 axis whose ticks are the five named levels, the score as a bar from 0 with its figure
beside it, the range from the score to the optimistic score, self-rating and target marks.

Every mark has its own character (█ score, ░ range, S self-rating, T target, side by side when
they are equal, ┊ a level's tick), so the picture reads without colour.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content

from interviewer.export.chart_svg import LEVEL_NAMES
from interviewer.scoring import DimensionScore
from interviewer.tui.safe_text import literal

WIDTH = 50  # ten cells a level
LEGEND = (
    "  █ score (figure at right)   ░ range: could be, if the unknowns are in place",
    "  S self-rating   T target (side by side when they are equal)",
)


def _cells(value: float, width: int) -> int:
    """How many cells a bar from 0 to `value` fills."""
    return max(0, min(width, round(value / 5 * width)))


def _at(value: float, width: int) -> int:
    """The cell of a level's tick: the last cell a bar to that level fills."""
    return max(0, _cells(value, width) - 1)


def bar(d: DimensionScore, width: int = WIDTH, marks: bool = True) -> str:
    """The score from 0 (█), the range on to the optimistic score (░), the levels' ticks; with
    `marks`, S and T written into it (the side panel), else they go on a lane of their own."""
    cells = ["·"] * width
    for level in range(1, 6):
        cells[_at(level, width)] = "┊"
    score, optimistic = _cells(d.score, width), _cells(d.score_optimistic, width)
    for i in range(score):
        cells[i] = "█"
    for i in range(score, optimistic):
        cells[i] = "░"
    return _mark(cells, d, width) if marks else "".join(cells)


def lane(d: DimensionScore, width: int = WIDTH) -> str:
    """The self-rating (S) and target (T) under the bar, at their levels' ticks."""
    return _mark([" "] * width, d, width).rstrip()


def _mark(cells: list[str], d: DimensionScore, width: int) -> str:
    if d.self_rating is not None and d.self_rating == d.target:
        at = _at(d.target, width)  # side by side, as in the SVG: neither hides the other
        cells[max(0, at - 1)], cells[at] = "S", "T"
    else:
        if d.self_rating is not None:
            cells[_at(d.self_rating, width)] = "S"
        if d.target is not None:
            cells[_at(d.target, width)] = "T"
    return "".join(cells)


def describe(d: DimensionScore) -> str:
    parts = [d.described]
    if d.self_rating is not None:
        parts.append(f"self {d.self_rating}")
    if d.target is not None:
        parts.append(f"target {d.target}")
    return " · ".join(parts)


def axis(width: int = WIDTH, levels: Mapping[int, str] | None = None, indent: int = 2) -> list[str]:
    """The scale under the bars: a ruler with a tick per level, then the levels' numbers and
    names starting at their ticks (odd levels on one line, even on the next, so they fit)."""
    names = {**LEVEL_NAMES, **(levels or {})}
    ruler = ["─"] * width
    for level in range(1, 6):
        ruler[_at(level, width)] = "┴"
    lines = [" " * indent + "".join(ruler)]
    room = max(4, 2 * width // 5 - 2)
    for first in (1, 2):
        line = ""
        for level in range(first, 6, 2):
            label = f"{level} {names.get(level, '')}".strip()[:room]
            line = line.ljust(indent + _at(level, width)) + label + " "
        lines.append(line.rstrip())
    return lines


def profile(
    dimensions: list[DimensionScore], width: int = WIDTH, levels: Mapping[int, str] | None = None
) -> Content:
    """Per dimension its name and level, the bar with its score, then the self-rating and
    target on a lane of their own (as in the SVG); the axis with the level names, the legend.
    It fits 80 columns."""
    lines = []
    for d in dimensions:
        lines.append(f"{d.name} · {describe(d)}")
        lines.append(f"  {bar(d, width, marks=False)} {d.score:.1f}")
        marks = lane(d, width)
        if marks:
            lines.append(f"  {marks}")
    lines += axis(width, levels)
    lines.append("")
    lines.extend(LEGEND)
    return literal("\n".join(lines))  # names are script text: no control character passes
