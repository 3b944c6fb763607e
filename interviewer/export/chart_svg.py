"""The maturity profile as a standalone SVG: one row per dimension on the 1-5 scale.

Every mark carries a letter or a pattern as well as a colour (S self-rating, T target, the range
hatched), so the chart reads in greyscale and when printed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from interviewer.scoring import DimensionScore
from interviewer.textsafe import one_line

LEFT, WIDTH, ROW, TOP = 230, 400, 34, 40


def _x(value: float) -> float:
    return LEFT + (value - 1) / 4 * WIDTH


def profile_svg(dimensions: list[DimensionScore], overrides: dict[str, int] | None = None) -> str:
    overrides = overrides or {}
    height = TOP + ROW * len(dimensions) + 50
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{LEFT + WIDTH + 190}" '
        f'height="{height}" viewBox="0 0 {LEFT + WIDTH + 190} {height}" role="img" '
        'aria-label="Maturity profile" font-family="sans-serif" font-size="13">',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#dbe7f5"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#4a78b0" stroke-width="2"/></pattern></defs>',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for level in range(1, 6):
        x = _x(level)
        out.append(
            f'<line x1="{x}" y1="{TOP - 10}" x2="{x}" y2="{height - 45}" '
            'stroke="#ccc" stroke-dasharray="3,3"/>'
        )
        out.append(f'<text x="{x}" y="{TOP - 16}" text-anchor="middle" fill="#333">{level}</text>')
    for i, d in enumerate(dimensions):
        y = TOP + i * ROW
        out.append(
            f'<text x="{LEFT - 10}" y="{y + 17}" text-anchor="end" fill="#111">'
            f"{escape(one_line(d.name))}</text>"
        )
        out.append(
            f'<rect x="{LEFT}" y="{y + 6}" width="{_x(d.score) - LEFT:.1f}" height="16" '
            'fill="#2f5d8f"><title>score</title></rect>'
        )
        if d.score_optimistic > d.score:
            out.append(
                f'<rect x="{_x(d.score):.1f}" y="{y + 6}" '
                f'width="{_x(d.score_optimistic) - _x(d.score):.1f}" height="16" '
                'fill="url(#hatch)"><title>range</title></rect>'
            )
        apart = 10 if d.self_rating is not None and d.self_rating == d.target else 0
        marks = ((d.self_rating, -apart, "S", "#b5651d"), (d.target, apart, "T", "#2e7d32"))
        for value, shift, letter, colour in marks:  # side by side when they coincide
            if value is not None:
                cx = _x(value) + shift
                out.append(
                    f'<circle cx="{cx:.1f}" cy="{y + 14}" r="9" fill="white" '
                    f'stroke="{colour}" stroke-width="2"/><text x="{cx:.1f}" '
                    f'y="{y + 18.5}" text-anchor="middle" font-weight="bold" '
                    f'fill="{colour}">{letter}</text>'
                )
        label = f"{d.score:.1f}"
        if d.key in overrides:
            label += f" (set to {overrides[d.key]})"
        out.append(f'<text x="{LEFT + WIDTH + 16}" y="{y + 18}" fill="#111">{escape(label)}</text>')
    legend_y = height - 20
    out.append(
        f'<text x="{LEFT}" y="{legend_y}" fill="#333">bar: measured score · hatched: '
        "range the unknowns leave open · S: self-rating · T: target</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
