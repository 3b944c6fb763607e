"""A team that said it adds no one ("no new headcount this year") is told where a roadmap phase
asks more of one owner than the rule allows: at most two medium or large actions per owner per
phase, the excess flagged with the words that set the limit."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from conftest import Policy, persona
from jsonl_driver import finished_session

from interviewer.engine.interview import Ask
from interviewer.export.capacity import PER_OWNER, over_capacity
from interviewer.export.org_report import build, render_org_json, render_org_markdown
from interviewer.store import SessionStore

DAY = date(2026, 12, 1)


class Work(NamedTuple):
    id: str
    owner: str
    effort: str


HEADCOUNT = "Six of us across data science and engineering; no new headcount this year."


def _ml_engineering(team: str) -> Policy:
    def answer(ask: Ask) -> str:
        return team if ask.step.id == "team" else persona("no", 4, pains="1,2")(ask)

    return answer


def _report(tmp_path: Path, team: str) -> tuple[str, dict[str, Any]]:
    root = tmp_path / "sessions"
    finished_session(root, _ml_engineering(team), org="ACME", track="ml-engineering")
    report = build(SessionStore(root), "acme", today=DAY)
    return render_org_markdown(report), render_org_json(report)


def test_no_new_headcount_flags_each_owner_over_the_rule_with_the_excess(tmp_path):
    markdown, body = _report(tmp_path, HEADCOUNT)
    flags = re.findall(r"\*\*Over capacity:\*\* .*", markdown)
    assert flags, markdown
    assert all(
        "“Six of us across data science and engineering; no new headcount" in f for f in flags
    )
    assert all(f"one owner carries at most {PER_OWNER}" in f for f in flags)
    over = body["capacity"]["over"]
    assert len(over) == len(flags)
    for entry in over:
        assert len(entry["actions"]) > PER_OWNER
        assert entry["excess"] == entry["actions"][PER_OWNER:]
    roadmap = {i["id"]: i for p in body["roadmap"] for i in p["shown"] + p["more"]}
    for entry in over:
        for action in entry["actions"]:
            assert roadmap[action]["effort"] in ("M", "L")
            assert roadmap[action]["owner"] == entry["owner"]
            assert roadmap[action]["phase"] == entry["phase"]
    assert {e["phase"] for e in over} >= {"acceleration"}


def test_small_work_is_not_counted_and_the_excess_is_what_comes_after_the_rule():
    work = [
        Work("a", "CTO", "M"),
        Work("b", "CTO", "S"),
        Work("c", "CTO", "L"),
        Work("d", "CTO", "M"),
    ]
    work += [Work("e", "CFO", "M"), Work("f", "CFO", "M"), Work("g", "CFO", "S")]
    assert [(o.owner, o.ids, o.excess) for o in over_capacity(work)] == [
        ("CTO", ("a", "c", "d"), ("d",))
    ]


def test_a_team_that_did_not_say_so_gets_no_capacity_flag(tmp_path):
    markdown, body = _report(tmp_path, "Six of us across data science and engineering.")
    assert "Over capacity" not in markdown
    assert body["capacity"] is None
