"""Issue 14: a reader that goes away (`interviewer list | head -1`) ends the command quietly:
exit 0, nothing on stderr, no "Exception ignored ... BrokenPipeError" at exit; an interview
whose reader went away is left paused, ready to resume."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, persona
from jsonl_driver import finished_session, run_cli


@pytest.fixture(scope="module")
def sessions(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipes") / "sessions"
    sid = finished_session(root, persona("no", 2), script=MINI)
    for n in range(3):
        finished_session(root, persona("yes", 4), participant=f"p{n}", script=MINI)
    return root, sid


def closed_reader(args: list[str], root: Path, stdin: str = "") -> tuple[int, str]:
    """Run with stdout a pipe whose reading end is already closed: every write is EPIPE."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "interviewer", *args, "--sessions-dir", str(root)],
            input=stdin.encode(),
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    return proc.returncode, proc.stderr.decode()


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--json"],
        ["export", "{sid}"],
        ["export", "{sid}", "--format", "html"],
        ["export", "{sid}", "--format", "json"],
        ["report", "--org", "Acme"],
        ["report", "--org", "Acme", "--format", "json"],
        ["graph", "--role", "executive"],
        ["validate", str(MINI)],
    ],
    ids=lambda a: " ".join(a),
)
def test_a_closed_pipe_ends_quietly(sessions, args):
    root, sid = sessions
    code, err = closed_reader([a.format(sid=sid) for a in args], root)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("mode", ["--plain", "--jsonl"])
def test_an_interview_whose_reader_went_away_is_paused(tmp_path, mode):
    code, err = closed_reader(
        ["start", "--role", "short", "--script", str(MINI), mode], tmp_path, stdin="1\n4\n"
    )
    assert (code, err) == (0, "")
    rows = json.loads(run_cli(["list", "--json"], tmp_path).stdout)
    assert [r["status"] for r in rows] == ["paused"]


def test_list_into_head_through_a_shell(sessions):
    root, _ = sessions
    result = subprocess.run(
        [
            "bash",
            "-c",
            'set -o pipefail; "$0" -m interviewer list --sessions-dir "$1" | head -1',
            sys.executable,
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("ID ") and result.stdout.count("\n") == 1
