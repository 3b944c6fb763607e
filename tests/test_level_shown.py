"""Every level is shown with its fractional score beside it: a 2.1 and a 2.9 read differently."""

from __future__ import annotations

import re

from conftest import MINI, drive, persona
from test_export import make_session

from interviewer.engine.explain import status_text
from interviewer.engine.interview import Interview
from interviewer.export.json_export import render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.script import load_script

SHOWN = re.compile(r"level (\d) \((\d\.\d)\)")


def test_status_shows_each_level_with_its_score_and_range():
    iv = Interview(load_script(MINI), "short")
    drive(iv, persona("yes", 3))
    text = status_text(iv)
    card = iv.scorecard()
    for d in card.dimensions.values():
        if d.covered:
            assert f"{d.name}: level {d.level} ({d.score:.1f})" in text


def test_reports_show_the_score_beside_every_level(tmp_path):
    store, sid = make_session(tmp_path, policy=persona("partly", 2, pains="1"))
    data = gather(store, sid)
    text = render_markdown(data)
    for level, score in SHOWN.findall(text):
        assert int(float(score)) == int(level)  # the score's whole part is the level
    for d in data.card.dimensions.values():
        if d.covered:
            assert f"{d.name} is at level {d.level} ({d.score:.1f})" in text
            assert f"- Level {d.level} ({d.score:.1f}), range " in text
    body = render_json(data)
    for f in body["findings"]:
        d = body["dimensions"][f["dimension"]]
        assert f["score"] == d["score"] and f["level"] == d["level"] == int(d["score"])
        low, high = d["range"]
        assert low <= d["level"] <= high
        assert d["score_range"][0] <= d["score"] <= d["score_range"][1]


def test_the_overall_range_spans_the_dimensions_ranges():
    """The overall score lies inside its range, which runs from every dimension's bottom to its
    top, weighted as the score is."""
    iv = Interview(load_script(MINI), "short")
    drive(iv, persona("unknown", 3))
    o = iv.scorecard().overall
    lo, hi = o.score_range
    assert lo <= o.score <= hi and lo < hi
