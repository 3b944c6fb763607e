"""The executive report says what the executive told us about the areas it did not assess, as
hypotheses for the technical sessions, and which sessions to run next, with whom."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonl_driver import finished_session
from maturity_personas import MID, answers_as

from interviewer.export.html import render_html
from interviewer.export.json_export import render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.store import SessionStore

GOLDEN = Path(__file__).parent / "fixtures" / "golden-the-rest.md"
HEADING = "## What you told us about the rest"
SAID = {
    "current-challenges": (
        "Deployments are semi-manual: an engineer copies each model onto the server by hand. "
        "We only monitor the servers, not the models. Governance is manual, a spreadsheet "
        "nobody keeps up to date. Our Black Friday demand forecast drifted and nobody noticed "
        "until we had a stock-out. Every project rebuilds its features from scratch."
    ),
    "strategic-priorities": "Grow online revenue.",
    "desired-outcomes": "Fewer surprises.",
    "success-criteria": "Revenue up 5%.",
    "decision-process": "The board decides in March.",
    "deep-dive-people": (
        "Priya Shah, who leads our ML engineers; Tom from the platform team; and our finance lead"
    ),
}


@pytest.fixture(scope="module")
def cto(tmp_path_factory):
    root = tmp_path_factory.mktemp("cto")
    base = answers_as(MID)
    sid = finished_session(root, lambda ask: SAID.get(ask.step.id) or base(ask), track="executive")
    return gather(SessionStore(root), sid)


def _section(text: str) -> str:
    start = text.index(HEADING)
    return text[start : text.index("\n## ", start + 1)] + "\n"


def test_each_challenge_is_a_hypothesis_for_the_session_that_assesses_its_area(cto):
    rest = cto.the_rest
    assert rest is not None and rest.assessed == ("business_value",)
    assert [h.dimension for h in rest.hypotheses] == [
        "deployment_serving",
        "monitoring_observability",
        "governance_compliance",
        "monitoring_observability",
        "feature_engineering",
    ]
    # the session with the most of it to test first (three sentences), then the one assessing more
    assert [s.track for s in rest.sessions] == ["ml-engineering", "data-science", "platform"]
    covered = {k for s in rest.sessions for k in s.covers}
    assert covered == set(cto.script.dimensions) - {"business_value"}
    ml, _, platform = rest.sessions
    assert [p.text for p in ml.invite] == ["Priya Shah, who leads our ML engineers"]
    assert [p.text for p in platform.invite] == ["Tom from the platform team"]
    assert [p.text for p in rest.unmatched] == ["our finance lead"]


def test_the_golden_section_follows_the_findings(cto):
    text = render_markdown(cto)
    assert text.index("## Findings") < text.index(HEADING) < text.index("## Recommendations")
    # to update after an intended change: regenerate, read the diff, commit it
    assert _section(text) == GOLDEN.read_text()
    summary = text.split("## Scorecard")[0]
    assert "are under “What you told us about the rest”" in summary


def test_html_and_json_carry_it(cto):
    assert "<h2>What you told us about the rest</h2>" in render_html(cto)
    body = render_json(cto)["the_rest"]
    assert body["sessions"][0]["track"] == "ml-engineering"
    assert body["sessions"][0]["invite"][0]["text"] == "Priya Shah, who leads our ML engineers"


def test_a_session_that_assessed_every_area_has_no_such_section(tmp_path):
    sid = finished_session(tmp_path, answers_as(MID), track="full")
    data = gather(SessionStore(tmp_path), sid)
    assert data.the_rest is None and HEADING not in render_markdown(data)


def test_the_roadmap_starts_with_the_sessions_to_hold_and_the_weeks_of_planning(cto):
    roadmap = render_markdown(cto).split("## Roadmap")[1].split("### Foundation")[0]
    lines = [line for line in roadmap.splitlines() if line.startswith("- ")]
    assert "### First: discovery and planning (weeks 1-6)" in roadmap
    assert lines[0] == (
        "- Hold the sessions still to run: the ML engineering session, the data science team "
        "session, the platform and architecture team session (see “What you told us about "
        "the rest”)"
    )
    weeks = [f"- {s.label} · {s.title}" for s in cto.script.post_discovery]
    assert lines[1:] == weeks and weeks[0] == "- Week 1 · Assessment consolidation"
