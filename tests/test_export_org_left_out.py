"""Issue 8: one damaged session never aborts the organisation report; it is listed under
"Sessions left out" with the reason, and the other sessions are still consolidated."""

from __future__ import annotations

import json

import pytest
from conftest import MINI, persona
from jsonl_driver import finished_session, run_cli

from interviewer.export.org_report import build, render_org_json, render_org_markdown
from interviewer.markdown_text import inline
from interviewer.store import SessionStore


def _meta(folder, **changes):
    path = folder / "meta.json"
    doc = json.loads(path.read_text())
    doc["_default"]["1"].update(changes)
    path.write_text(json.dumps(doc))


DAMAGES = {
    "script copy not YAML": (lambda f: (f / "script.yaml").write_text("::: [\n"), "script.yaml"),
    "script copy empty": (lambda f: (f / "script.yaml").write_text(""), "script.yaml"),
    "script copy gone": (lambda f: (f / "script.yaml").unlink(), "script.yaml"),
    "unknown track": (lambda f: _meta(f, track="astronaut"), "astronaut"),
    "no track": (lambda f: _meta(f, track=None), "track"),
    "transcript line": (
        lambda f: (f / "transcript.jsonl").write_text(
            (f / "transcript.jsonl").read_text() + "garbage\n{}\n"
        ),
        "transcript.jsonl",
    ),
    "meta not JSON": (lambda f: (f / "meta.json").write_text("{nope"), "meta.json"),
}


@pytest.fixture()
def two_sessions(tmp_path):
    root = tmp_path / "sessions"
    good = finished_session(root, persona("yes", 4), participant="good", script=MINI)
    bad = finished_session(root, persona("no", 1), participant="bad", script=MINI)
    return root, good, bad


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_session_is_left_out_with_its_reason(two_sessions, damage):
    root, good, bad = two_sessions
    spoil, reason = DAMAGES[damage]
    spoil(root / bad)
    report = build(SessionStore(root), "acme")
    assert [s.session_id for s in report.sessions] == [good]
    assert len(report.skipped) == 1
    assert report.skipped[0].startswith(f"{bad}: ") and reason in report.skipped[0]
    text = render_org_markdown(report)
    left_out = text.split("## Sessions left out")[1]
    assert inline(bad) in left_out and inline(good) not in left_out
    assert render_org_json(report)["skipped"] == report.skipped


def test_report_command_succeeds_with_a_damaged_script_copy(two_sessions):
    root, _good, bad = two_sessions
    (root / bad / "script.yaml").write_text("id: [unclosed\n")
    for fmt in ("md", "html", "json"):
        result = run_cli(["report", "--org", "Acme", "--format", fmt], root)
        assert result.returncode == 0, result.stderr
        shown = result.stdout.replace("\\", "")  # Markdown escapes: 2026\-11 reads 2026-11
        assert bad in shown and "pinned script cannot be loaded" in shown
        assert result.stderr == ""


def test_only_damaged_sessions_is_one_line_with_the_reasons(tmp_path):
    root = tmp_path / "sessions"
    sid = finished_session(root, persona("no", 2), script=MINI)
    _meta(root / sid, track="astronaut")
    result = run_cli(["report", "--org", "Acme"], root)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("interviewer: no readable")
    assert sid in result.stderr and "astronaut" in result.stderr
