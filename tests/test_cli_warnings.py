"""Warnings reach a person running a line-based command: one line each on stderr."""

from __future__ import annotations

import os

from conftest import MINI
from jsonl_driver import finished_session, run_cli


def test_a_world_writable_sessions_folder_is_warned_about_once(tmp_path):
    root = tmp_path / "sessions"
    root.mkdir()
    os.chmod(root, 0o777)
    result = run_cli(["list"], root)
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "writable by every user" in line]
    assert len(warnings) == 1 and warnings[0].startswith("interviewer: warning: ")


def test_a_damaged_notes_line_is_a_warning_and_the_export_is_made(tmp_path):
    sid = finished_session(
        tmp_path, lambda ask: "By hand" if ask.step.kind == "text" else "1", script=MINI
    )
    (tmp_path / sid / "notes-bob.jsonl").write_text("not JSON at all\n")
    result = run_cli(["export", sid, "--with-notes", "-o", str(tmp_path / "r.md")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r.md").read_text().startswith("# MLOps maturity report")
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("interviewer: warning: ")
    assert "notes-bob.jsonl: line 1" in lines[0]
