"""The maturity profile as a standalone SVG: one row per dimension on a 0-5 axis whose ticks are
the five levels, named ("1 Ad hoc" ... "5 Optimizing").

Each row draws what the legend under the chart says, and nothing else:

- a solid bar from 0 to the score, with the score written just after the bar and range;
- a pale box around the bar for the range (for a session: from the score to the optimistic
  score, what it could be if the unknowns are in place; for an organisation: whatever the
  caller says it is, e.g. the lowest to the highest level the roles found);
- markers under the bar, each a circle with a letter (S self-rating, T target, or a role's
  initials), in a lane of their own so they never hide the bar or its label. Markers at the
  same value stand side by side, never on top of each other.

Letters and shapes carry the meaning, colour only helps: the chart reads in greyscale and when
printed.

Reusable API (the organisation report calls it with one row per dimension):

    chart_svg(rows: Sequence[ChartRow], *, levels: Mapping[int, str] | None = None,
              range_label: str = RANGE_LABEL, title: str = "Maturity profile") -> str

    ChartRow(name: str, score: float, range: tuple[float, float],
             markers: Sequence[Marker] = (), note: str = "")
    Marker(value: float, letter: str, label: str, colour: str = "#555555")

`levels` maps 1-5 to the level names (the script's `levels`; LEVEL_NAMES, the guide's, by
default); `range_label` is the legend's words for the pale box; each distinct (letter, label,
colour) among the markers gets one legend entry. For several roles per dimension:

    roles = ["Data scientist", "ML engineer", "Executive"]      # every role, in one order
    rows = [ChartRow(d.name, d.consolidated, (min(d.levels), max(d.levels)),
                     role_markers({r: lvs for r, lvs in d.by_role.items()}, roles))
            for d in dimensions]
    svg = chart_svg(rows, levels=..., range_label="range: lowest to highest level found")

`role_markers(levels_by_role, roles)` gives one marker per role and distinct level, each role
always with the same letters and colour (from its place in `roles`). `profile_svg` is the
one-session chart built on `chart_svg` (score, optimistic score, self-rating and target).

All text is escaped and stripped of control characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import NamedTuple
from xml.sax.saxutils import escape

from interviewer.scoring import DimensionScore
from interviewer.textsafe import one_line

LEVEL_NAMES = {1: "Ad hoc", 2: "Developing", 3: "Defined", 4: "Measured", 5: "Optimizing"}
RANGE_LABEL = "range: from the score to what it could be if the unknowns are in place"

LEFT, WIDTH, TOP, PAD = 250, 500, 52, 20
PER_LEVEL = WIDTH / 5
BAR, BOX = 12, 22  # heights of the score bar and of the range box around it
LANE, RADIUS = 24, 9  # the markers' lane under the bar
SCORE_FILL, RANGE_FILL, RANGE_STROKE = "#2f5d8f", "#dbe7f5", "#7d9ec8"
SELF, TARGET = "#9a4f0f", "#2e6b31"
ROLE_COLOURS = ("#0b5f99", "#a33f00", "#00735a", "#8c3f78", "#6b5a00", "#3d5566")
CHAR = 6.8  # average width of a 12px sans-serif character, for laying out the legend


class Marker(NamedTuple):
    value: float  # where on the scale: a level, 1-5
    letter: str  # drawn in the circle: "S", "T", a role's initials (one or two characters)
    label: str  # the legend's words for it: "self-rating", "Data scientist"
    colour: str = "#555555"


class ChartRow(NamedTuple):
    name: str
    score: float
    range: tuple[float, float]  # the pale box, from low to high (equal: no box to see)
    markers: Sequence[Marker] = ()
    note: str = ""  # after the score label, e.g. "set to 3"


def _x(value: float) -> float:
    return LEFT + max(0.0, min(5.0, value)) * PER_LEVEL


def _text(value: str) -> str:
    return escape(one_line(value))


def chart_svg(
    rows: Sequence[ChartRow],
    *,
    levels: Mapping[int, str] | None = None,
    range_label: str = RANGE_LABEL,
    title: str = "Maturity profile",
) -> str:
    names = {**LEVEL_NAMES, **(levels or {})}
    lane = LANE if any(r.markers for r in rows) else 0
    row_h = BOX + 10 + lane
    legend = _legend(rows, range_label)
    chart_w = LEFT + WIDTH + 130
    legend_lines = _flow(legend, chart_w - 2 * PAD)
    rows_bottom = TOP + row_h * len(rows)
    height = rows_bottom + 18 + 22 * len(legend_lines)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{chart_w}" height="{height}" '
        f'viewBox="0 0 {chart_w} {height}" role="img" aria-label="{_text(title)}" '
        'font-family="sans-serif" font-size="13">',
        f"<title>{_text(title)}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<line x1="{LEFT}" y1="{TOP - 8}" x2="{LEFT}" y2="{rows_bottom}" stroke="#888"/>',
    ]
    for level in range(1, 6):
        x = _x(level)
        out.append(
            f'<line x1="{x:.0f}" y1="{TOP - 8}" x2="{x:.0f}" y2="{rows_bottom}" '
            'stroke="#c8c8c8" stroke-dasharray="3,3"/>'
        )
        out.append(
            f'<text class="axis" x="{x:.0f}" y="{TOP - 28}" text-anchor="middle" fill="#222">'
            f'<tspan font-weight="bold">{level}</tspan><tspan x="{x:.0f}" dy="14" '
            f'font-size="11">{_text(names.get(level, ""))}</tspan></text>'
        )
    for i, row in enumerate(rows):
        out += _row(row, TOP + i * row_h)
    y = rows_bottom + 26
    for line in legend_lines:
        x = float(PAD)
        for draw, words, width in line:
            out.append(draw(x, y))
            out.append(f'<text x="{x + 26:.0f}" y="{y + 4.5}" fill="#222">{_text(words)}</text>')
            x += width
        y += 22
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _row(row: ChartRow, y: float) -> list[str]:
    low, high = sorted(row.range)
    mid = y + BOX / 2 + 4
    out = [
        f'<text class="name" x="{LEFT - 12}" y="{mid + 4:.0f}" text-anchor="end" fill="#111">'
        f"{_text(row.name)}</text>",
        f'<rect class="range" x="{_x(low):.1f}" y="{mid - BOX / 2:.0f}" '
        f'width="{_x(high) - _x(low):.1f}" height="{BOX}" fill="{RANGE_FILL}" '
        f'stroke="{RANGE_STROKE}"><title>range {low:g}–{high:g}</title></rect>',
        f'<rect class="score" x="{LEFT}" y="{mid - BAR / 2:.0f}" '
        f'width="{_x(row.score) - LEFT:.1f}" height="{BAR}" fill="{SCORE_FILL}">'
        f"<title>score {row.score:.1f}</title></rect>",
    ]
    label = f"{row.score:.1f}" + (f" ({row.note})" if row.note else "")
    out.append(
        f'<text class="score-label" x="{max(_x(row.score), _x(high)) + 6:.1f}" '
        f'y="{mid + 4.5:.0f}" font-weight="bold" fill="#111">{_text(label)}</text>'
    )
    by_value: dict[float, list[Marker]] = {}
    for m in row.markers:
        by_value.setdefault(float(m.value), []).append(m)
    cy = y + BOX + 10 + LANE / 2 - 2
    for value, group in sorted(by_value.items()):
        step = 2 * RADIUS + 2  # side by side when they coincide: neither hides the other
        first = _x(value) - step * (len(group) - 1) / 2
        for n, m in enumerate(group):
            out.append(_marker(first + n * step, cy, m))
    return out


def _marker(cx: float, cy: float, m: Marker, kind: str = "marker") -> str:
    letter = _text(m.letter[:2])
    size = 11 if len(m.letter) < 2 else 9
    return (
        f'<g class="{kind}"><title>{_text(m.label)}: {m.value:g}</title>'
        f'<circle cx="{cx:.1f}" cy="{cy:.0f}" r="{RADIUS}" fill="white" stroke="{m.colour}" '
        f'stroke-width="2"/><text x="{cx:.1f}" y="{cy + size / 2.8:.1f}" text-anchor="middle" '
        f'font-weight="bold" font-size="{size}" fill="{m.colour}">{letter}</text></g>'
    )


# draws its sample at (x, y), the words after it, the width the entry takes
Swatch = tuple[Callable[[float, float], str], str, float]


def _score_swatch(x: float, y: float) -> str:
    return (
        f'<rect x="{x:.0f}" y="{y - BAR / 2:.0f}" width="20" height="{BAR}" fill="{SCORE_FILL}"/>'
    )


def _range_swatch(x: float, y: float) -> str:
    return (
        f'<rect x="{x:.0f}" y="{y - 8:.0f}" width="20" height="16" fill="{RANGE_FILL}" '
        f'stroke="{RANGE_STROKE}"/>'
    )


def _legend(rows: Sequence[ChartRow], range_label: str) -> list[Swatch]:
    items: list[tuple[Callable[[float, float], str], str]] = [
        (_score_swatch, "score (its figure after the bar)")
    ]
    if any(r.range[0] != r.range[1] for r in rows):
        items.append((_range_swatch, range_label))
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        for m in r.markers:
            if (m.letter, m.label, m.colour) not in seen:
                seen.add((m.letter, m.label, m.colour))
                items.append((partial(_legend_marker, m), m.label))
    return [(draw, words, 26 + len(one_line(words)) * CHAR + 22) for draw, words in items]


def _legend_marker(m: Marker, x: float, y: float) -> str:
    return _marker(x + 10, y, m, "legend-marker")


def _flow(items: list[Swatch], width: float) -> list[list[Swatch]]:
    lines: list[list[Swatch]] = [[]]
    used = 0.0
    for item in items:
        if lines[-1] and used + item[2] > width:
            lines.append([])
            used = 0.0
        lines[-1].append(item)
        used += item[2]
    return lines


def profile_svg(
    dimensions: list[DimensionScore],
    overrides: dict[str, int] | None = None,
    levels: Mapping[int, str] | None = None,
) -> str:
    """One session's chart: the score, its range (every open answer a no to every "don't know"
    a yes), the self-rating (S) and the target (T); a facilitator's override is written after
    the score."""
    overrides = overrides or {}
    rows = []
    for d in dimensions:
        markers = []
        if d.self_rating is not None:
            markers.append(Marker(d.self_rating, "S", "self-rating", SELF))
        if d.target is not None:
            markers.append(Marker(d.target, "T", "target", TARGET))
        note = f"set to {overrides[d.key]}" if d.key in overrides else ""
        rows.append(
            ChartRow(d.name, d.score, (d.score_pessimistic, d.score_optimistic), markers, note)
        )
    return chart_svg(rows, levels=levels)


def role_styles(roles: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Each role's letters (its initials, made unique) and colour, from its place in `roles`."""
    out: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    for n, role in enumerate(roles):
        words = [w for w in one_line(role).replace("-", " ").replace("_", " ").split() if w]
        first = words[0] if words else "?"
        candidates = [
            "".join(w[0] for w in words[:2]).upper() or "?",
            first[:2].title(),
            f"{first[0].upper()}{n + 1}",
            str(n + 1),
        ]
        letters = next(c for c in candidates if c not in used)
        used.add(letters)
        out[role] = (letters, ROLE_COLOURS[n % len(ROLE_COLOURS)])
    return out


def role_markers(
    levels_by_role: Mapping[str, Iterable[float]], roles: Sequence[str]
) -> tuple[Marker, ...]:
    """One row's markers: one per role and distinct level it was found at, the role's letters
    and colour taken from `roles` (every role of the report, the same list for every row)."""
    styles = role_styles(roles)
    markers = []
    for role in roles:
        letters, colour = styles[role]
        for value in sorted(set(levels_by_role.get(role, ()))):
            markers.append(Marker(value, letters, role, colour))
    return tuple(markers)
