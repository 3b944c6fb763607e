"""The organisation report of four roles, read back as a reader would: the Markdown parsed with
markdown-it-py, the JSON as data. It consolidates honestly: every assessed dimension is in the
roadmap or marked as needing no action, agreement or spread is claimed only where two or more
roles assessed a dimension, priorities are never summed, nothing is cut silently, roles are
named, the executive is quoted, and the post-discovery plan is dated from the report's date."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import persona
from jsonl_driver import finished_session, run_cli
from markdown_it import MarkdownIt
from markdown_it.token import Token

from interviewer.export import org_report
from interviewer.export.org_report import (
    NO_ACTION,
    OrgReport,
    build,
    render_org_html,
    render_org_json,
    render_org_markdown,
)
from interviewer.export.org_report import markdown as org_markdown
from interviewer.export.org_report.analysis import not_in_place
from interviewer.export.report_data import gather
from interviewer.script import load_script
from interviewer.store import SessionStore

DAY = date(2026, 12, 1)
SECTIONS = [
    "Summary",
    "Maturity by dimension and role",
    "Where the roles agree and differ",
    "Strategy, sponsor and decision",
    "Business case and platform evaluation",
    "Pain points across sessions",
    "After discovery: the weeks ahead",
    "Roadmap",
    "Sessions",
    "Appendix: the rest of the roadmap",
]
PRIORITIES = "Cut fraud losses by 20% and *launch* pricing | [fast](x) <b>now</b>"
SPONSOR = "Our CFO, Maria Lopez; a steering committee of # three"
DECISION = "The board decides by 2027-03-31"


def _executive(ask):
    said = {
        "strategic-priorities": PRIORITIES,
        "current-challenges": "Models take six months to reach production",
        "sponsorship": SPONSOR,
        "decision-process": DECISION,
        "success-criteria": "Time to production under 4 weeks",
        "investment": "500000",
        "annual-benefit": "300000",
        "horizon-years": "3",
        "discount-rate": "8",
        "currency": "EUR",
    }
    return said.get(ask.step.id) or persona("partly", 2, pains="1,2")(ask)


def _platform(ask):
    if ask.step.id.startswith("platform-") and ask.step.kind == "scale":
        return "2"
    return persona("mostly", 3)(ask)


def _data_science(ask):
    """Practices up to level 3 in place, none above: deployment at 3, with work left."""
    indicator = ask.step.indicator
    if ask.step.kind == "indicator" and indicator is not None:
        return "yes" if indicator.level <= 3 else "no"
    return persona("yes", 4, pains="1")(ask)


ROLES = (
    ("executive", _executive, "Sam"),
    ("data-science", _data_science, "Dee"),  # sees deployment high
    ("ml-engineering", persona("no", 3, pains="1,2"), "Max"),  # sees it low: a spread
    ("platform", _platform, "Pat"),
)


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("org") / "sessions"
    ids = {}
    for track, answer, who in ROLES:
        ids[track] = finished_session(root, answer, org="ACME", participant=who, track=track)
    return root, ids


@pytest.fixture(scope="module")
def report(org: tuple[Path, dict[str, str]]) -> OrgReport:
    return build(SessionStore(org[0]), "acme", today=DAY)


@pytest.fixture(scope="module")
def markdown(report: OrgReport) -> str:
    return render_org_markdown(report)


@pytest.fixture(scope="module")
def body(report: OrgReport) -> dict[str, Any]:
    # as the command writes it, read back
    return json.loads(json.dumps(render_org_json(report)))


def _text(token: Token) -> str:
    """An inline token's text as a reader sees it (escapes undone)."""
    return "".join(
        c.content if c.type in ("text", "code_inline") else " " if "break" in c.type else ""
        for c in token.children or []
    )


def _sections(md: str) -> dict[str, list[tuple[str, str]]]:
    """Per level-2 heading, its blocks in order: (kind, text), kind 'h3', 'li', 'p' or 'td'."""
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(md)
    out: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    context: list[str] = []
    for i, t in enumerate(tokens):
        if t.type.endswith("_open"):
            context.append(t.tag)
        elif t.type.endswith("_close"):
            context.pop()
        if t.type == "heading_open" and t.tag == "h2":
            current = out.setdefault(_text(tokens[i + 1]), [])
        elif t.type == "inline" and current is not None and context[-1:] != ["h2"]:
            kind = "h3" if "h3" in context else "li" if "li" in context else "td"
            kind = kind if kind != "td" or {"td", "th"} & set(context) else "p"
            current.append((kind, _text(t)))
    return out


def _items(section: list[tuple[str, str]]) -> list[str]:
    return [text for kind, text in section if kind == "li"]


def _phases(md: str) -> dict[str, tuple[list[dict[str, str]], list[str]]]:
    """The roadmap per phase heading: its table's rows (by column) and its other blocks."""
    header = org_report.ROADMAP_HEADER
    out: dict[str, tuple[list[dict[str, str]], list[str]]] = {}
    cells: list[str] = []
    current: tuple[list[dict[str, str]], list[str]] = ([], [])
    for kind, text in _sections(md)["Roadmap"]:
        if kind == "h3":
            cells, current = [], ([], [])
            out[text] = current
        elif kind == "td":
            cells.append(text)
            if len(cells) % len(header) == 0 and len(cells) > len(header):
                current[0].append(dict(zip(header, cells[-len(header) :], strict=True)))
        else:
            current[1].append(text)
    return out


def test_sections_in_order(markdown):
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    h2 = [_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.tag == "h2" and t.nesting == 1]
    assert h2 == SECTIONS
    roadmap = [text for kind, text in _sections(markdown)["Roadmap"] if kind == "h3"]
    assert roadmap[:4] == [
        "Foundation (months 1-6)",
        "Acceleration (months 6-12)",
        "Optimization (months 12-18)",
        "Innovation (months 18+)",
    ]
    assert roadmap[-1] == "Every assessed dimension"


def test_every_assessed_dimension_is_in_the_roadmap_or_marked_no_action(
    org, report, markdown, body
):
    phases = _phases(markdown)
    items = [row for rows, _ in phases.values() for row in rows]
    coverage = phases["Every assessed dimension"][1]
    assessed = [name for name, d in _dims(body).items() if d["assessed"]]
    assert len(assessed) == 7  # the four roles cover the model between them
    no_action = 0
    for name in assessed:
        shown = [i for i in items if i["Dimension"] == name]
        marked = f"{name}: {NO_ACTION}" in coverage
        assert shown or marked, name
        assert not (shown and marked), name
        no_action += marked
        line = next(c for c in coverage if c.startswith(f"{name}: "))
        assert marked or "roadmap item" in line
    assert no_action >= 1  # the platform team's governance is at its target
    for c in body["coverage"]:
        assert c["no_action"] == (c["items"] == 0) and (c["shown"] >= 1 or c["no_action"])
    # a no-action dimension has no action in any session, and nothing missing up to its target
    for c in (c for c in body["coverage"] if c["no_action"]):
        for s in report.sessions:
            actions = gather(SessionStore(org[0]), s.session_id).findings.actions
            assert all(a.dimension != c["dimension"] for a in actions)


def _dims(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in body["dimensions"].values()}


def test_no_spread_or_agreement_is_claimed_from_one_role(report, markdown, body):
    lines = _items(_sections(markdown)["Where the roles agree and differ"])
    for name, d in _dims(body).items():
        mine = [line for line in lines if line.startswith(f"{name}:")]
        if len(d["roles"]) == 1:
            assert "spread" not in d
            assert len(mine) == 1 and "only" in mine[0]
            assert not re.search(r"agree|spread|apart", mine[0]), mine[0]
        elif len(d["roles"]) >= 2:
            assert "spread" in d and len(mine) == 1
    deployment = _dims(body)["Deployment & serving"]
    levels = {r["name"]: r["level"] for r in deployment["roles"]}
    assert len(levels) == 2 and deployment["spread"] == max(levels.values()) - min(levels.values())
    assert deployment["spread"] >= 2
    (line,) = [line for line in lines if line.startswith("Deployment & serving:")]
    assert f"A spread of {deployment['spread']} levels between roles" in line
    for role, level in levels.items():
        assert f"{role} at {level}" in line
    # the table says the same
    rows = _table(_sections(markdown)["Maturity by dimension and role"])
    by_name = {row[0]: row for row in rows}
    assert by_name["Deployment & serving"][-1] == f"spread of {deployment['spread']}"
    assert by_name["Feature engineering"][-1] == "one role only"


def _table(section: list[tuple[str, str]], width: int | None = None) -> list[list[str]]:
    cells = [text for kind, text in section if kind == "td"]
    header: list[str] = []
    for kind, text in section:
        if kind != "td":
            if header:
                break
            continue
        header.append(text)
        if text == "Between roles" or (width and len(header) == width):
            break
    n = width or len(header)
    return [cells[i : i + n] for i in range(n, len(cells), n)]


def test_weighted_overall_and_roles_levels_per_dimension(report, body):
    script = load_script()
    dims = body["dimensions"]
    assert set(dims) == set(script.dimensions)  # every dimension, assessed or not
    weights = {k: d.weight for k, d in script.dimensions.items()}
    assessed = [k for k, d in dims.items() if d["assessed"]]
    expected = sum(weights[k] * dims[k]["consolidated"] for k in assessed) / sum(
        weights[k] for k in assessed
    )
    assert body["overall"]["score"] == pytest.approx(expected)
    roles = {r["id"]: r["name"] for r in body["roles"]}
    assert roles == {
        "executive": "Executive session",
        "data-science": "Data science team session",
        "ml-engineering": "ML engineering session",
        "platform": "Platform and architecture team session",
    }
    assert [r["id"] for r in dims["business_value"]["roles"]] == ["executive"]
    assert {r["id"] for r in dims["deployment_serving"]["roles"]} == {
        "data-science",
        "ml-engineering",
    }


def test_priorities_are_the_most_any_session_needs_never_a_sum(org, report, body):
    per_session: dict[str, list[float]] = {}
    for s in report.sessions:
        for a in gather(SessionStore(org[0]), s.session_id).findings.actions:
            per_session.setdefault(a.id, []).append(a.priority)
    items = [i for p in body["roadmap"] for i in p["shown"] + p["more"]]
    assert {i["id"] for i in items} == set(per_session)
    shared = [i for i in items if len(i["sessions"]) > 1]
    assert shared, "the two roles that assess deployment share an action"
    for i in items:
        assert i["priority"] == max(per_session[i["id"]])
        assert len(i["sessions"]) == len(per_session[i["id"]])
    # within a phase an item raised by more sessions never outranks one that is needed more:
    # what is left out is never needed more than what is shown in its place
    for phase in body["roadmap"]:
        if phase["more"]:
            top = sorted((i["priority"] for i in phase["shown"]), reverse=True)
            assert max(i["priority"] for i in phase["more"]) <= top[org_report.ROADMAP_CAP - 1]
    # the same for pain: worst severity first, then the number of sessions
    keys = [(-p["worst_severity"], -len(p["sessions"])) for p in body["pains"]]
    assert keys == sorted(keys)


def test_a_dimension_seen_by_more_roles_does_not_win_by_count(org):
    """Two sessions needing an action a little is not one session needing one a lot."""
    report = build(SessionStore(org[0]), "acme", today=DAY)
    items = report.items
    for a in items:
        for b in items:
            if a.phase == b.phase and a.priority > b.priority:
                assert items.index(a) < items.index(b)


def test_nothing_is_cut_silently(org, report, markdown, body, monkeypatch):
    tables = _phases(markdown)
    phases = [p for p in body["roadmap"] if p["more"]]
    assert phases, "four sessions raise more actions than a phase shows"
    for phase in body["roadmap"]:
        rows, paragraphs = tables[phase["label"]]
        assert [r["Action"].rstrip(" †") for r in rows] == [i["title"] for i in phase["shown"]]
        mores = [t for t in paragraphs if t.startswith("And ")]
        assert len(mores) == (1 if phase["more"] else 0)
    # the long tail is in the appendix, every action of it, numbered on from the tables
    tail = _sections(markdown)["Appendix: the rest of the roadmap"]
    tail_titles = [text for kind, text in tail if kind == "td"]
    shown = sum(len(p["shown"]) for p in body["roadmap"])
    n = shown
    for phase in phases:
        (line,) = [t for t in tables[phase["label"]][1] if t.startswith("And ")]
        first, last = n + 1, n + len(phase["more"])
        span = f"#{first}" if first == last else f"#{first}–#{last}"
        assert line == (
            f"And {len(phase['more'])} more action{'s' if len(phase['more']) > 1 else ''} in "
            f"this phase: {span}, in the appendix: the rest of the roadmap."
        )
        for item in phase["more"]:
            n += 1
            assert str(n) in tail_titles and item["title"] in [t.rstrip(" †") for t in tail_titles]
        assert len(phase["shown"]) >= org_report.ROADMAP_CAP
    # pain over its cap
    monkeypatch.setattr(org_markdown, "PAIN_CAP", 3)
    pains = _sections(render_org_markdown(report))["Pain points across sessions"]
    (line,) = [t for k, t in pains if k == "p" and t.startswith("And ")]
    assert line.startswith(f"And {len(report.pains) - 3} more pain points: see each session's")
    rest = {s for p in report.pains[3:] for s in p.sessions}
    assert all(sid in line for sid in rest)


def test_role_names_not_ids(report, markdown):
    for raw in ("data-science", "data\\-science", "ml-engineering", "ml\\-engineering"):
        assert raw not in markdown
    for name in ("Data science team session", "ML engineering session", "Executive session"):
        assert name in markdown
    rows = _table(_sections(markdown)["Sessions"], width=5)
    assert [r[0] for r in rows] == [
        "Executive session",
        "Data science team session",
        "ML engineering session",
        "Platform and architecture team session",
    ]


def test_the_executive_is_quoted_as_said(org, markdown, body):
    strategy = _sections(markdown)["Strategy, sponsor and decision"]
    said = {t.split(":", 1)[0]: t.split(":", 1)[1].strip() for t in _items(strategy)}
    assert said["Strategic priorities"] == f"“{PRIORITIES}”"  # escaped: no link, bold or HTML
    assert said["Sponsor"] == f"“{SPONSOR}”"
    assert said["Decision and timing"] == f"“{DECISION}”"
    (voice,) = [v for v in body["strategy"] if v["role"] == "executive"]
    assert voice["session"] == org[1]["executive"]
    answers = {a["label"]: a["answer"] for a in voice["answers"]}
    assert answers["Strategic priorities"] == PRIORITIES and answers["Sponsor"] == SPONSOR
    html = render_org_html(build(SessionStore(org[0]), "acme", today=DAY))
    assert "<b>now</b>" not in html and 'href="x"' not in html


def test_business_case_and_platform_are_there(org, markdown, body):
    blocks = _sections(markdown)["Business case and platform evaluation"]
    section = " ".join(t for _, t in blocks)
    assert "500,000" in section and "300,000" in section and "EUR" in section
    # the session report's whole business case and platform ranking, a level down
    texts = [t for _, t in blocks]
    for heading in ("Results", "Sensitivity", "Cash flows by year", "Assumptions"):
        assert heading in texts
    assert any(t.startswith("Verdict.") for t in texts)
    assert ("h3", "Platform evaluation") in blocks and "Rank" in texts and "Weight used" in texts
    assert org[1]["executive"] in section and org[1]["platform"] in section
    assert body["business_case"]["session"] == org[1]["executive"]
    assert body["business_case"]["investment"] == 500000
    assert body["platform"]["session"] == org[1]["platform"]
    assert body["platform"]["weighted"] == pytest.approx(2.0)


def test_post_discovery_plan_is_dated_back_from_the_decision_date(markdown, body):
    """The executive said "The board decides by 2027-03-31": the plan's six weeks end then."""
    plan = load_script().post_discovery
    assert [s.title for s in plan][:2] == ["Assessment consolidation", "Stakeholder alignment"]
    section = _sections(markdown)["After discovery: the weeks ahead"]
    steps = _items(section)
    assert len(steps) == len(plan) == 8
    assert steps[0].startswith("Week 1 (from 2027-02-17) · Assessment consolidation:")
    assert steps[2].startswith("Weeks 2-3 (from 2027-02-24) · Solution architecture:")
    assert steps[-1].startswith("Weeks 4-6 (from 2027-03-10) · Final planning:")
    assert "dated back from the decision date given, 2027-03-31" in markdown
    assert "“The board decides by 2027-03-31”" in markdown
    assert [s["from"] for s in body["post_discovery"]][::2] == [
        "2027-02-17",
        "2027-02-24",
        "2027-03-03",
        "2027-03-10",
    ]
    assert body["decision"]["due"] == "2027-03-31" and body["decision"]["passed"] is False


def test_report_command_takes_the_date(org):
    root, _ = org
    result = run_cli(["report", "--org", "ACME", "--date", "2027-01-04", "--format", "json"], root)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["date"] == "2027-01-04" and doc["post_discovery"][0]["from"] == "2027-02-17"
    bad = run_cli(["report", "--org", "ACME", "--date", "soon"], root)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_a_decision_date_passed_or_too_close_is_flagged_and_the_plan_starts_on_the_report(org):
    passed = render_org_markdown(build(SessionStore(org[0]), "acme", today=date(2027, 4, 1)))
    assert "Week 1 (from 2027-04-01) · Assessment consolidation:" in passed
    assert "**Decision date passed:** the decision date given, 2027-03-31" in passed
    close = render_org_markdown(build(SessionStore(org[0]), "acme", today=date(2027, 3, 1)))
    assert "Week 1 (from 2027-03-01) · Assessment consolidation:" in close
    assert "**Short of time:** its 6 weeks end on 2027-04-12, 12 days after" in close


def test_no_dimension_shared_says_no_comparison_can_be_made(tmp_path):
    root = tmp_path / "sessions"
    finished_session(root, _executive, org="Solo", participant="Sam", track="executive")
    report = build(SessionStore(root), "solo", today=DAY)
    lines = _items(_sections(render_org_markdown(report))["Where the roles agree and differ"])
    assert lines[0].startswith("No dimension was assessed by two or more roles")
    assert not any("agree," in line or "spread of" in line for line in lines)
    assert all("spread" not in d for d in render_org_json(report)["dimensions"].values())


def test_the_chart_shows_each_role_on_every_assessed_dimension(org, report, tmp_path):
    svg = org_report.org_chart_svg(report)
    assert svg is not None and svg.startswith("<svg")
    for d in report.assessed:
        assert d.name.replace("&", "&amp;") in svg
    for role in report.roles.values():
        assert role.name in svg  # the legend names each role's marker
    assert "<figure><svg" in render_org_html(report)
    out = tmp_path / "acme.md"
    result = run_cli(["report", "--org", "ACME", "-o", str(out)], org[0])
    assert result.returncode == 0, result.stderr
    chart = tmp_path / "acme-maturity.svg"
    assert chart.read_text().startswith("<svg") and "](acme-maturity.svg)" in out.read_text()


def test_the_regulations_named_in_the_governance_question_are_quoted(report):
    """Governance always asks which regulations matter (the platform session here): the answer
    is quoted in the organisation report, not only a follow-up a vague answer brings up."""
    quoted = [(role, said) for _, role, said in report.regulations]
    assert quoted and all(role == "platform" for role, _ in quoted)
    assert any(said for _, said in quoted)


def test_a_practice_taken_as_in_place_from_a_spot_check_is_not_named_as_unmet(tmp_path):
    """A level-4 team on the adaptive route aiming at 5: the practices of levels 2 and 3 it
    was not asked, taken as in place from their spot checks, are in place for the
    organisation's report as for the session's own actions; level 5's are what is unmet."""

    def team(ask):
        if ask.step.indicator is not None:
            return "yes" if ask.step.indicator.level <= 4 else "partly"
        return persona("no", 4, text="We follow the same process for every model.")(ask)

    sid = finished_session(tmp_path, team, org="Acme", track="executive")
    data = gather(SessionStore(tmp_path), sid)
    (found,) = [f for f in data.findings.dimensions if f.key == "business_value"]
    assert found.level == 4 and found.score.target == 5 and found.score.inferred
    dim = data.script.dimensions["business_value"]
    unmet = not_in_place(data, "business_value", found.level, found.score.target)
    texts = {i.id: i.text for i in dim.indicators}
    assert unmet and not {texts[i] for i in found.score.inferred} & set(unmet)
    assert {i.text for i in dim.indicators_at(5)} >= set(unmet)
