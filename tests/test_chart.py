"""The maturity chart: the SVG (session and several roles), the app's text chart, and the
HTML report's sections and print stylesheet."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from interviewer.export.chart_svg import (
    LEFT,
    LEVEL_NAMES,
    PER_LEVEL,
    ChartRow,
    Marker,
    chart_svg,
    profile_svg,
    role_markers,
    role_styles,
)
from interviewer.export.html import standalone
from interviewer.scoring import DimensionScore
from interviewer.tui.summary.chart import WIDTH, axis, bar, lane, profile

NS = {"s": "http://www.w3.org/2000/svg"}
LEVELS = {1: "Ad Hoc", 2: "Developing", 3: "Defined", 4: "Measured", 5: "Optimizing"}


def dim(
    name: str,
    score: float,
    optimistic: float,
    self_rating: int | None = None,
    target: int | None = None,
    key: str | None = None,
) -> DimensionScore:
    fields: dict[str, Any] = {f: None for f in DimensionScore._fields}
    fields.update(
        key=key or name.lower(),
        name=name,
        level=int(score),
        level_optimistic=int(optimistic),
        level_pessimistic=int(score),
        score_pessimistic=score,
        score=score,
        score_optimistic=optimistic,
        self_rating=self_rating,
        target=target,
        covered=True,
        flags=[],
        reasons=[],
        confidence="medium",
        contradictions=(),
    )
    return DimensionScore(**fields)


DIMS = [
    dim("Deployment", 1.4, 2.6, 3, 4),
    dim("Monitoring", 2.0, 2.0, 3, 3),
    dim("Governance", 3.7, 4.2, None, 5),
]


def _text(el: ET.Element) -> str:
    return "".join(el.itertext())


def _by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{{{NS['s']}}}{tag}") if e.get("class") == cls]


def _level_at(x: str) -> float:
    return (float(x) - LEFT) / PER_LEVEL


def test_the_axis_runs_from_0_with_the_five_level_names():
    root = ET.fromstring(profile_svg(DIMS, levels=LEVELS))
    labels = [_text(e) for e in _by_class(root, "text", "axis")]
    assert labels == [f"{n}{LEVELS[n]}" for n in range(1, 6)]
    ticks = [_level_at(e.get("x", "")) for e in _by_class(root, "text", "axis")]
    assert ticks == [1, 2, 3, 4, 5]  # so a bar to 1.4 is 1.4 levels long, not a stub
    default = ET.fromstring(profile_svg(DIMS))
    assert [_text(e)[1:] for e in _by_class(default, "text", "axis")] == list(LEVEL_NAMES.values())


def test_each_dimension_has_a_bar_a_range_box_of_its_range_and_its_score_beside_the_bar():
    root = ET.fromstring(profile_svg(DIMS, {"monitoring": 3}))
    bars = _by_class(root, "rect", "score")
    ranges = _by_class(root, "rect", "range")
    labels = _by_class(root, "text", "score-label")
    assert len(bars) == len(ranges) == len(labels) == len(DIMS)
    for d, b, r, label in zip(DIMS, bars, ranges, labels, strict=True):
        assert float(b.get("x", "")) == LEFT
        assert float(b.get("width", "")) / PER_LEVEL == pytest.approx(d.score, abs=0.01)
        assert _level_at(r.get("x", "")) == pytest.approx(d.score, abs=0.01)
        width = float(r.get("width", "")) / PER_LEVEL
        assert width == pytest.approx(d.score_optimistic - d.score, abs=0.01)
        # the label just after the bar and its range, not in a column of its own
        end = max(d.score, d.score_optimistic)
        assert 0 < _level_at(label.get("x", "")) - end < 0.2
        assert _text(label).startswith(f"{d.score:.1f}")
    assert _text(labels[1]) == "2.0 (set to 3)"


def test_the_legend_names_what_is_drawn_and_nothing_else():
    svg = profile_svg(DIMS)
    assert "hatch" not in svg and "pattern" not in svg
    root = ET.fromstring(svg)
    legend = [_text(e) for e in root.iter(f"{{{NS['s']}}}text") if e.get("class") is None]
    assert any(t.startswith("score") for t in legend)
    assert any(t.startswith("range: from the score") for t in legend)
    assert "self-rating" in legend and "target" in legend
    flat = profile_svg([dim("Monitoring", 2.0, 2.0)])  # no range, no marks: not in the legend
    legend = [_text(e) for e in ET.fromstring(flat).iter(f"{{{NS['s']}}}text")]
    assert not any(t.startswith("range") for t in legend) and "target" not in legend


def _markers(root: ET.Element) -> list[tuple[float, float, str]]:
    """(x, y, letter) of every marker in the rows (the legend's have no class)."""
    out = []
    for g in _by_class(root, "g", "marker"):
        circle, letter = g.find("s:circle", NS), g.find("s:text", NS)
        assert circle is not None and letter is not None
        out.append((float(circle.get("cx", "")), float(circle.get("cy", "")), _text(letter)))
    return out


def test_self_rating_and_target_stand_side_by_side_when_equal():
    root = ET.fromstring(profile_svg([DIMS[1]]))
    (xs, ys, s), (xt, yt, t) = sorted(_markers(root))
    assert (s, t) == ("S", "T") and ys == yt
    assert xt - xs >= 18  # neither circle hides the other
    assert _level_at(str((xs + xt) / 2)) == pytest.approx(3)


def test_several_roles_each_get_a_marker_and_one_legend_entry():
    roles = ["Data scientist", "Data engineer", "ML engineer", "Executive"]
    styles = role_styles(roles)
    letters = [styles[r][0] for r in roles]
    assert len(set(letters)) == len(roles) and all(1 <= len(x) <= 2 for x in letters)
    rows = [
        ChartRow(
            "Deployment",
            2.0,
            (1.0, 4.0),
            role_markers({"Data scientist": [1], "ML engineer": [2, 4], "Executive": [2]}, roles),
        ),
        ChartRow("Monitoring", 3.0, (3.0, 3.0), role_markers({"Data engineer": [3]}, roles)),
    ]
    svg = chart_svg(rows, levels=LEVELS, range_label="range: lowest to highest level found")
    root = ET.fromstring(svg)
    ranges = _by_class(root, "rect", "range")
    assert [float(r.get("width", "")) / PER_LEVEL for r in ranges] == [3.0, 0.0]
    marks = _markers(root)
    assert len(marks) == 5
    at_two = sorted(x for x, _, letter in marks if _level_at(str(x)) == pytest.approx(2, abs=0.2))
    assert len(at_two) == 2 and at_two[1] - at_two[0] >= 18  # side by side at level 2
    legend = [_text(e) for e in root.iter(f"{{{NS['s']}}}text") if e.get("class") is None]
    for role in roles:
        assert legend.count(role) == 1
    assert "range: lowest to highest level found" in legend


def test_chart_text_is_escaped_and_one_line():
    row = ChartRow("a <b> & {c}\nd", 1.0, (1.0, 2.0), [Marker(2, "<", "x & y\x1b[31m")])
    svg = chart_svg([row], range_label="<r>")
    root = ET.fromstring(svg)  # well-formed
    assert "a &lt;b&gt; &amp; {c} d" in svg and "\x1b" not in svg and "<r>" not in svg
    assert root.get("aria-label") == "Maturity profile"


# --- the app's text chart ------------------------------------------------------------------


def test_text_chart_has_the_same_axis_range_and_score_label():
    text = str(profile(DIMS, levels=LEVELS))
    lines = text.splitlines()
    assert lines[0] == "Deployment · level 1 (1.4), range 1–2 · self 3 · target 4"
    row = lines[1]
    assert row.endswith(" 1.4")
    cells = row[2 : 2 + WIDTH]
    assert cells.count("█") == 14 and cells.count("░") == 12  # 0-1.4, then 1.4-2.6 (10/level)
    assert cells.index("░") == 14
    marks = lines[2]
    assert marks.index("S") == 2 + 29 and marks.index("T") == 2 + 39  # at the 3 and 4 ticks
    assert "ST" in lines[5]  # equal self-rating and target: side by side
    ruler = next(line for line in lines if "┴" in line)
    assert [i - 2 for i, ch in enumerate(ruler) if ch == "┴"] == [9, 19, 29, 39, 49]
    names = "\n".join(axis(levels=LEVELS))
    for n, name in LEVELS.items():
        assert f"{n} {name}" in names
    assert "░ range" in text and "S self-rating" in text
    assert all(len(line) <= 80 for line in lines)


def test_text_bar_keeps_its_marks_for_the_side_panel():
    d = DIMS[0]
    assert "S" in bar(d, 16) and "T" in bar(d, 16)
    assert "S" not in bar(d, marks=False) and lane(d).strip() == "S         T"


# --- the HTML report -------------------------------------------------------------------------


def test_html_sections_print_on_their_own_pages_and_figures_are_placed():
    md = "# Title\n\nIntro\n\n## One\n\n![chart](chart:x)\n\n## Two\n\ntext\n\n## Transcript\n\nt\n"
    html = standalone(md, "T", {"chart:x": "<svg></svg>"})
    assert "<figure><svg></svg></figure>" in html and "<img" not in html
    assert html.count("<section") == 3 and '<section class="appendix">' in html
    css = re.search(r"@media print \{(.*)\}\s*$", html.split("</style>")[0], re.S)
    assert css is not None
    rules = css.group(1)
    assert "section + section > h2:first-child { break-before: page;" in rules
    assert "tr, figure" in rules and "break-inside: avoid" in rules
    assert "background: transparent" in rules
