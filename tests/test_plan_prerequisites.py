"""Plans without dangling steps: every action a recommended action depends on is in the plan,
or named as belonging to a session that assesses its area; no report names an action it does
not contain."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet

import pytest
from jsonl_driver import finished_session
from maturity_personas import PERSONAS, answers_as

from interviewer.export.html import render_html
from interviewer.export.json_export import render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.next_sessions import elsewhere_phrase
from interviewer.export.org_report import build, render_org_json, render_org_markdown
from interviewer.export.report_data import gather
from interviewer.markdown_text import inline
from interviewer.scoring.pain import PainScore
from interviewer.scoring.recommend import Context, next_actions
from interviewer.script import Script, load_script
from interviewer.store import SessionStore

FE = "feature_engineering"
TRACKS = ["executive", "tech-lead", "data-science", "ml-engineering", "platform", "full"]


def test_a_prerequisite_not_in_place_joins_the_plan_and_one_in_place_is_not_waited_for():
    script = load_script()
    answers = {
        f"{FE}.ind.{k}": v
        for k, v in {
            "shared-code": "yes",
            "some-docs": "no",
            "scheduled-pipelines": "yes",
            "basic-validation": "yes",
            "central-store": "no",
        }.items()
    }
    wrangling = PainScore(FE, "wrangling", "Feature wrangling", None, None, "state", 9)
    ctx = Context(answers, {FE: 3}, {FE: 3}, [wrangling], {})
    plan = next_actions(script, [FE], ctx)
    ids = [a.id for a in plan]
    assert "central-feature-store" in ids
    shared = plan[ids.index("share-feature-library")]
    assert shared.needed_first and ids.index("share-feature-library") < ids.index(
        "central-feature-store"
    )
    assert "needed first by: " in shared.why
    assert [x.id for x in shared.addresses] == ["some-docs"]
    store = plan[ids.index("central-feature-store")]
    assert store.depends_on == ("share-feature-library",)  # pipelines are in place already
    assert shared.phase == "foundation"


def _titles(script: Script) -> dict[str, str]:
    return {a.id: a.title for d in script.dimensions.values() for a in d.actions}


def _named_but_absent(
    text: str,
    titles: dict[str, str],
    plan: set[str],
    escape: Callable[[str], str],
    away: AbstractSet[str] = frozenset(),
) -> list[str]:
    """The script's actions the text names outside the plan and outside the phrases that send
    a prerequisite to the session that assesses its area."""
    for named in sorted({titles[i] for i in plan} | away, key=len, reverse=True):
        text = text.replace(escape(named), "")
    return [t for i, t in titles.items() if i not in plan and escape(t) in text]


@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize("who", PERSONAS, ids=[p.name for p in PERSONAS])
def test_no_session_report_names_an_action_it_does_not_contain(tmp_path, track, who):
    sid = finished_session(tmp_path, answers_as(who), track=track)
    data = gather(SessionStore(tmp_path), sid)
    titles = _titles(data.script)
    plan = {a.id for a in data.findings.actions}
    assessed = {f.key for f in data.findings.dimensions}
    for a in data.findings.actions:
        assert set(a.depends_on) <= plan
        assert all(e.dimension not in assessed for e in a.elsewhere)
        known = set(a.depends_on) | {e.id for e in a.elsewhere}
        authored = data.script.dimensions[a.dimension]
        wanted = next(x for x in authored.actions if x.id == a.id).depends_on
        # what it no longer waits for is in place or does not apply: never in the plan's way
        for gone in set(wanted) - known:
            assert gone not in plan
    away = {elsewhere_phrase(data.script, e) for a in data.findings.actions for e in a.elsewhere}
    assert _named_but_absent(render_markdown(data), titles, plan, inline, away) == []
    page = html.unescape(re.sub(r"<[^>]+>", "", render_html(data)))
    assert _named_but_absent(page, titles, plan, str, away) == []
    body = render_json(data)
    ids = {a["id"] for a in body["actions"]}
    for a in body["actions"]:
        assert set(a["depends_on"]) <= ids
        assert {e["dimension"] for e in a["depends_on_elsewhere"]}.isdisjoint(assessed)


def test_the_organisation_report_names_no_action_it_does_not_contain(tmp_path):
    for who, track in zip(PERSONAS, ["tech-lead", "platform", "data-science"], strict=True):
        finished_session(tmp_path, answers_as(who), track=track)
    report = build(SessionStore(tmp_path), "Acme")
    titles = _titles(report.sessions[-1].script)
    plan = {i.id for i in report.items}
    text = render_org_markdown(report)
    assert _named_but_absent(text, titles, plan, inline) == []
    body = render_org_json(report)
    listed = [i for p in body["roadmap"] for i in p["shown"] + p["more"]]
    assert {i["id"] for i in listed} == plan
    for i in listed:
        assert set(i["depends_on"]) <= plan
