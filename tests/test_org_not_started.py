"""Sessions opened and never answered (an invitation link followed, the notice agreed, nothing
else) are listed as not started and left out of every figure of the organisation's report;
the overall is explained against each session's own."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from jsonl_driver import finished_session
from maturity_personas import PERSONAS, answers_as

from interviewer.export.org_report import build, render_org_json, render_org_markdown
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore

DAY = date(2026, 12, 1)
GOLDEN = Path(__file__).parent / "fixtures" / "golden-org-not-started.md"
LOW, MID, _ = PERSONAS
ANSWERED = (("executive", MID, "Cora"), ("ml-engineering", MID, "Max"), ("platform", LOW, "Pat"))


def _opened(root: Path, who: str) -> str:
    runner = SessionRunner.start(SessionStore(root), "executive", "Acme", who, None)
    try:
        runner.opening()
        runner.handle("yes")  # the notice, agreed; then nothing
    finally:
        runner.close()
    return runner.session_id


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    answered = tmp_path_factory.mktemp("answered")
    ids = {
        who: finished_session(answered, answers_as(p), org="Acme", participant=who, track=track)
        for track, p, who in ANSWERED
    }
    both = tmp_path_factory.mktemp("with-links") / "sessions"
    shutil.copytree(answered, both)
    ids |= {who: _opened(both, who) for who in ("Ann", "Bob")}
    return answered, both, ids


def _placeholders(text: str, ids: dict[str, str]) -> str:
    for who, sid in ids.items():
        text = text.replace(sid, f"SESSION-{who.upper()}")
    return text


def _sections(text: str) -> dict[str, str]:
    parts = text.split("\n## ")
    return {p.split("\n", 1)[0]: p for p in parts[1:]}


def test_unanswered_links_change_no_figure_and_are_listed_as_not_started(stores):
    answered, both, ids = stores
    without = render_org_markdown(build(SessionStore(answered), "Acme", today=DAY))
    report = build(SessionStore(both), "Acme", today=DAY)
    text = render_org_markdown(report)
    assert [s.session_id for s in report.not_started] == [ids["Ann"], ids["Bob"]]
    assert len(report.sessions) == 3
    # every section but the list of sessions reads as it does without the two links
    for name, section in _sections(without).items():
        if name != "Sessions":
            assert _sections(text)[name] == section, name
    assert "Executive session (1)" in text.split("\n## ")[0]
    body = render_org_json(report)
    assert [s["id"] for s in body["not_started"]] == [ids["Ann"], ids["Bob"]]
    assert {s["id"] for s in body["sessions"]}.isdisjoint(body_ids := {ids["Ann"], ids["Bob"]})
    assert all(not set(p["sessions"]) & body_ids for p in body["pains"])


def test_the_golden_summary_and_sessions_of_an_organisation_with_unanswered_links(stores):
    _, both, ids = stores
    text = _placeholders(render_org_markdown(build(SessionStore(both), "Acme", today=DAY)), ids)
    head, *_ = text.split("\n## Maturity by dimension and role")
    parts = _sections(text)
    got = head + "\n## " + parts["Sessions"]
    # to update after an intended change: regenerate, read the diff, commit it
    assert got == GOLDEN.read_text()
