"""Reports and transcripts: structure, safety, notes in or out, business-case figures."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest
from business_answers import case_of
from conftest import MINI, Policy, ask_of, persona
from markdown_it import MarkdownIt
from markdown_it.token import Token

from interviewer.engine.interview import Interview
from interviewer.export.html import render_html
from interviewer.export.json_export import SCHEMA, render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.records import Event, SessionMeta, Started
from interviewer.scoring.business_case import BusinessCase, irr, npv
from interviewer.scoring.platform_comparison import platform_score
from interviewer.session.facilitation import record
from interviewer.store import SessionStore

HOSTILE = "pipe | [bold]x[/bold] `tick` <script>alert(1)</script>\n# heading \x1b[31mred\x1b[0m"


def make_session(
    tmp_path: Path, texts: str = HOSTILE, policy: Policy | None = None
) -> tuple[SessionStore, str]:
    """A finished session written the way the app writes one: events appended to the store."""
    store = SessionStore(tmp_path / "sessions")
    ref = store.create(
        SessionMeta("short", org="Acme | Co", participant="Ada <b>"),
        MINI.read_text(),
        1_700_000_000,
    )
    from interviewer.script import load_script

    iv = Interview(load_script(MINI), "short")
    events: list[Event] = [Started(1_700_000_000)]
    iv.apply(events[0])
    now = 1_700_000_000.0
    answer = policy or persona("no", 4, text=texts, pains="1,2")
    while iv.ask() is not None:
        now += 20
        reply = iv.interpret(answer(ask_of(iv)), now)
        if reply.invalid:  # e.g. "1,2" where there is one pain point: pick the first
            reply = iv.interpret("1", now)
        assert not reply.invalid, reply.invalid
        for event in reply.events:
            iv.apply(event)
            events.append(event)
    with store.open_writer(ref.id) as w:
        w.append(events)
    return store, ref.id


def md_tokens(text: str) -> list[Token]:
    return MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)


def test_markdown_report_has_its_structure_and_one_row_per_dimension(tmp_path):
    store, sid = make_session(tmp_path)
    text = render_markdown(gather(store, sid))
    tokens = md_tokens(text)
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]
    assert headings[:5] == [
        "Executive summary",
        "Scorecard",
        "Findings",
        "Recommendations",
        "Roadmap",
    ]
    assert headings[-1] == "Appendix: transcript"
    tables = _tables(tokens)
    scorecard = tables[0]
    assert scorecard[0][0] == "Dimension"
    assert [row[0] for row in scorecard[1:]] == ["Deployment", "Monitoring"]
    for table in tables:
        assert len({len(row) for row in table}) == 1  # equal cell counts in every row


def _tables(tokens: list[Token]) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    rows: list[list[str]] | None = None
    row: list[str] | None = None
    for t in tokens:
        if t.type == "table_open":
            rows = []
        elif t.type == "tr_open":
            row = []
        elif t.type == "inline" and row is not None:
            row.append(t.content)
        elif t.type == "tr_close":
            assert rows is not None and row is not None
            rows.append(row)
            row = None
        elif t.type == "table_close":
            assert rows is not None
            tables.append(rows)
    return tables


def test_hostile_text_cannot_break_markdown_or_reach_html(tmp_path):
    store, sid = make_session(tmp_path)
    record(
        store,
        sid,
        "alex",
        "annotation",
        turn=4,
        note="note | <img src=x onerror=1> `x`",
        tags=["quote"],
    )
    data = gather(store, sid, with_notes=True)
    text = render_markdown(data)
    tokens = md_tokens(text)
    h1 = [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    assert len(h1) == 1  # "# heading" in an answer did not make a heading
    assert not any(t.type in ("html_block", "html_inline") for t in tokens)
    assert not any(t.type in ("fence", "code_block") for t in tokens)
    assert "\x1b" not in text
    html = render_html(data)
    assert (
        "<script>" not in html
        and "<img src=x" not in html
        and "<b>" not in html.split("<style>")[0]
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[bold]x[/bold]" in html
    assert "<svg" in html  # the chart is inline


def test_notes_appear_only_with_notes(tmp_path):
    store, sid = make_session(tmp_path)
    record(store, sid, "alex", "annotation", turn=1, note="SECRETNOTE1", tags=["risk"])
    record(
        store,
        sid,
        "kim",
        "override",
        dimension="deployment_serving",
        level=3,
        reason="SECRETREASON2",
    )
    without = [
        render_markdown(gather(store, sid)),
        render_html(gather(store, sid)),
        json.dumps(render_json(gather(store, sid))),
    ]
    for text in without:
        assert "SECRET" not in text and "#risk" not in text and "kim" not in text
    data = gather(store, sid, with_notes=True)
    md = render_markdown(data)
    assert "SECRETNOTE1" in md and "SECRETREASON2" in md and "#risk" in md
    body = render_json(data)
    assert body["notes"]["annotations"][0]["note"] == "SECRETNOTE1"
    assert body["transcript"][0]["notes"][0]["by"] == "alex"
    assert body["notes"]["overrides"]["deployment_serving"]["level"] == 3


def test_json_export_is_versioned_and_complete(tmp_path):
    store, sid = make_session(tmp_path)
    body = render_json(gather(store, sid))
    assert body["schema"] == SCHEMA
    assert set(body) >= {
        "session",
        "scores",
        "dimensions",
        "pains",
        "findings",
        "actions",
        "open_questions",
        "transcript",
    }
    assert body["session"]["org"] == "Acme | Co"
    assert body["transcript"][0]["step"] == "role"
    assert body["actions"] and body["actions"][0]["phase"] == "foundation"


def test_fixed_event_log_gives_the_golden_report(tmp_path):
    store, sid = make_session(tmp_path, texts="We deploy with a script on one laptop")
    text = render_markdown(gather(store, sid))
    golden = Path(__file__).parent / "fixtures" / "golden-report.md"
    text = text.replace(sid, "SESSION").replace(
        time.strftime("%Y-%m-%d %H:%M", time.localtime(1_700_000_000)), "STARTED"
    )
    # to update after an intended change: regenerate, read the diff, commit it
    assert text == golden.read_text()


def test_different_answers_give_different_recommendations(tmp_path):
    low = gather(*make_session(tmp_path / "a", policy=persona("no", 1, pains="1")))
    mid = gather(*make_session(tmp_path / "b", policy=_mixed))
    assert [a.title for a in low.findings.actions] != [a.title for a in mid.findings.actions]


def _mixed(ask):
    if ask.step.kind == "indicator":
        return "yes" if ask.step.dimension == "deployment_serving" else "no"
    return persona("no", 3)(ask)


def test_business_case_matches_hand_computed_values():
    case = case_of(
        {"investment": 500_000, "annual-benefit": 250_000, "horizon-years": 3, "discount-rate": 10}
    )
    assert case == BusinessCase(500_000, 250_000, 3, 0.10, "", running_given=False)
    assert case.payback_years == 2.0
    # NPV = -500000 + 250000/1.1 + 250000/1.21 + 250000/1.331 = 121,712.997...
    assert math.isclose(case.npv, 121_712.99774605556, rel_tol=1e-9)
    # IRR solves 250000 * (1/(1+r) + 1/(1+r)^2 + 1/(1+r)^3) = 500000: r = 23.375 %
    assert case.irr is not None and math.isclose(case.irr, 0.2337519, abs_tol=1e-6)
    assert math.isclose(npv(500_000, 250_000, 3, case.irr), 0, abs_tol=1e-3)
    # never pays back: 100,000 x (1/(1+r) + 1/(1+r)^2 + 1/(1+r)^3) = 500,000 at r = -21.76%
    assert math.isclose(irr(500_000, 100_000, 3) or 0, -0.2176272, abs_tol=1e-6)
    assert case_of({"investment": 1}) is None
    platform = platform_score(
        {
            "platform-technical": 4,
            "platform-business": 3,
            "platform-operational": 2,
            "platform-strategic": 5,
        }
    )
    assert platform is not None
    assert math.isclose(platform.weighted, 0.4 * 4 + 0.25 * 3 + 0.2 * 2 + 0.15 * 5)


def test_export_command_writes_markdown_with_its_chart_and_html(tmp_path):
    store, sid = make_session(tmp_path)
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "export",
            sid,
            "-o",
            str(out),
            "--sessions-dir",
            str(store.root),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    chart = out.with_name("report-profile.svg")
    assert chart.exists() and "<svg" in chart.read_text()
    assert "](report-profile.svg)" in out.read_text()
    html = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "export",
            sid,
            "--format",
            "html",
            "--sessions-dir",
            str(store.root),
        ],
        capture_output=True,
        text=True,
    )
    assert html.returncode == 0 and html.stdout.startswith("<!DOCTYPE html>")
    bad = subprocess.run(
        [sys.executable, "-m", "interviewer", "export", "nope", "--sessions-dir", str(store.root)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "no session" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_export_of_an_empty_session_works(tmp_path, fmt):
    store = SessionStore(tmp_path)
    sid = store.create(SessionMeta("short"), MINI.read_text(), 1_700_000_000).id
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "export",
            sid,
            "--format",
            fmt,
            "--sessions-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


def test_org_report_consolidates_one_roles_sessions_without_claiming_a_spread(tmp_path):
    from interviewer.export.org_report import build, render_org_json, render_org_markdown
    from interviewer.markdown_text import inline

    store = SessionStore(tmp_path / "sessions")
    for name, policy in (
        ("exec", persona("yes", 4)),
        ("eng", persona("no", 1, pains="1")),
        ("eng2", persona("no", 2, pains="1")),
    ):
        _, sid = make_session(tmp_path / name, policy=policy)
        src = tmp_path / name / "sessions" / sid
        dst = store.root / sid
        dst.parent.mkdir(parents=True, exist_ok=True)
        src.rename(dst)
    report = build(store, "acme | co")
    assert len(report.sessions) == 3
    deployment = report.dimensions[0]
    assert sorted(deployment.levels) == [1, 1, 5] and deployment.consolidated == 1
    # three people of one role: their range is shown, but no spread between roles is claimed
    assert deployment.spread is None and report.gaps == []
    text = render_org_markdown(report)
    tables = _tables(md_tokens(text))
    title = report.sessions[0].track.title
    assert tables[0][0] == [
        "Dimension",
        "Weight",
        "Organisation",
        "Levels by role",
        "Between roles",
    ]
    assert tables[0][1][2:] == [  # each level with its score beside it
        "1 (1.0)",
        f"{inline(title)}: 1 (1.0; 1–5 over 3 sessions)",
        "one role only",
    ]
    assert "## After discovery: the weeks ahead" in text and "Proof of concept" in text
    assert report.pains and len(report.pains[0].sessions) == 2
    body = render_org_json(report)["dimensions"]["deployment_serving"]
    assert body["consolidated"] == 1 and "spread" not in body


def test_chart_shows_self_rating_and_target_side_by_side_when_they_are_equal(mini):
    import re

    from conftest import drive

    from interviewer.export.chart_svg import profile_svg

    iv = Interview(mini, "short")
    drive(iv, persona("partly", 3))
    dim = next(d for d in iv.scorecard().dimensions.values() if d.covered)
    svg = profile_svg([dim._replace(self_rating=3, target=3)])
    centres = {
        letter: float(x)
        for x, letter in re.findall(r'<text x="([\d.]+)"[^>]*font-weight="bold"[^>]*>([ST])<', svg)
    }
    assert set(centres) == {"S", "T"}
    assert abs(centres["S"] - centres["T"]) >= 18  # neither circle hides the other
