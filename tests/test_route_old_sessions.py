"""Sessions recorded on the route before the adaptive one (every dimension climbed from level
2) replay, resume and export as they were: their script copy has no `route:`, so they keep the
climb; and moved to the adaptive script, no answer is lost (README, "migrate").

The fixture was recorded by the interviewer before the adaptive route: the ml-engineering
track, a team at level 4 (level 5 in part), paused in monitoring's level 3 practices;
expected.json holds what that version scored, recommended and asked next."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.scoring.findings import findings
from interviewer.script import builtin_script_path
from interviewer.session.migration import migrate
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore

OLD = FIXTURES / "old-route"
EXPECTED = json.loads((OLD / "expected.json").read_text())
SID = EXPECTED["session"]


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    shutil.copytree(OLD / "sessions", tmp_path / "sessions")
    return SessionStore(tmp_path / "sessions")


def test_an_old_session_replays_and_exports_as_it_scored(store):
    data = gather(store, SID)
    iv = data.interview
    assert data.script.route == "climb"
    assert iv.answers == EXPECTED["answers"]
    assert [[t.number, t.step.id, t.answer] for t in iv.transcript] == EXPECTED["transcript"]
    card = iv.scorecard()
    for key, want in EXPECTED["dimensions"].items():
        got = card.dimensions[key]
        assert [got.level, list(got.range), round(got.score, 4), got.confidence] == [
            want["level"],
            want["range"],
            want["score"],
            want["confidence"],
        ], key
        assert got.inferred is None  # nothing is taken as in place on the old route
    found = findings(data.script, iv.track, card, iv.answers, iv.transcript, trimmed=iv.trimmed)
    assert [a.id for a in found.actions] == EXPECTED["actions"]
    markdown = render_markdown(data)
    assert "inferred from level" not in markdown
    assert markdown.count("### Turn ") == len(EXPECTED["transcript"])


def test_an_old_session_resumes_where_the_old_route_goes_on(store):
    runner = SessionRunner.resume(store, SID)
    try:
        ask = runner.interview.ask()
        assert ask is not None and ask.step.id == EXPECTED["next"]
        asked = [s for s in runner.interview.path if ".ind." in s]
        assert [s for s in asked if s.startswith("deployment_serving.ind.")] == [
            s for s in EXPECTED["answers"] if s.startswith("deployment_serving.ind.")
        ]
    finally:
        runner.close()


def test_an_old_session_moved_to_the_adaptive_script_loses_no_answer(store):
    """Every indicator it answered is met again (the route takes answers it already has
    first), none retired; its levels stay; then the adaptive route goes on from there."""
    moved = migrate(store, SID, str(builtin_script_path()))
    assert not moved.retired
    runner = SessionRunner.resume(store, SID)
    try:
        iv = runner.interview
        assert iv.script.route == "adaptive"
        old = EXPECTED["answers"]
        assert {k: iv.answers[k] for k in old if ".ind." in k} == {
            k: v for k, v in old.items() if ".ind." in k
        }
        card = iv.scorecard()
        done = EXPECTED["dimensions"]["deployment_serving"]
        assert card.dimensions["deployment_serving"].level == done["level"]
        ask = iv.ask()
        assert ask is not None and ask.step.id not in old
    finally:
        runner.close()


def test_validate_against_the_old_copy_says_the_route_changes():
    """`interviewer validate NEW --against OLD` names the change of route, not only the
    questions each track gains."""
    from interviewer.script import load_script
    from interviewer.script.compare import describe

    old = load_script(next((OLD / "sessions").glob("*/script.yaml")))
    lines = describe(old, load_script(builtin_script_path()))
    assert lines[1].startswith("route: climb -> adaptive")
