"""A script path must be a regular file: a FIFO, a device or a directory given to any command
that reads a script is refused in one line, at once (a FIFO used to block for ever); and a
script's version is a whole number in a sane range, or a validation problem at its line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI
from jsonl_driver import paused_session

from interviewer.script import ScriptError, load_script, validate
from interviewer.script.document import MAX_VERSION


def plant(kind: str, tmp_path: Path) -> str:
    if kind == "a FIFO":
        path = tmp_path / "script.yaml"
        os.mkfifo(path)
        return str(path)
    if kind == "a directory":
        path = tmp_path / "script.yaml"
        path.mkdir()
        return str(path)
    return "/dev/zero"  # a device: read for ever, if it were read


def commands(script: str, session: str) -> dict[str, list[str]]:
    return {
        "validate": ["validate", script],
        "validate --against": ["validate", str(MINI), "--against", script],
        "start --script --plain": ["start", "--role", "short", "--script", script, "--plain"],
        "start --script --jsonl": ["start", "--role", "short", "--script", script, "--jsonl"],
        "start --script (the app)": ["start", "--role", "short", "--script", script],
        "migrate --script": ["migrate", session, "--script", script],
        "graph --script": ["graph", "--script", script],
    }


@pytest.mark.parametrize("kind", ["a FIFO", "a directory", "a device"])
def test_every_command_that_reads_a_script_refuses_what_is_not_a_file(kind, tmp_path):
    sessions = tmp_path / "sessions"
    session = paused_session(sessions, "Our deploys are by hand", script=MINI)
    script = plant(kind, tmp_path)
    for name, args in commands(script, session).items():
        done = subprocess.run(
            [sys.executable, "-m", "interviewer", *args, "--sessions-dir", str(sessions)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,  # a FIFO opened for reading would wait here for ever
            check=False,
        )
        assert done.returncode == 1, name
        said = f"interviewer: {script} is not a regular file ({kind})\n"
        output = done.stdout + done.stderr  # the app prints it after giving back the screen
        assert said in output and output.count("interviewer:") == 1, name
        assert "Traceback" not in output
    assert [p.name for p in sessions.iterdir() if not p.name.startswith(".")] == [session]


def test_the_loader_refuses_a_fifo_without_opening_it_for_a_writer(tmp_path):
    script = plant("a FIFO", tmp_path)
    with pytest.raises(ScriptError) as refused:
        load_script(script)
    assert str(refused.value) == f"{script} is not a regular file (a FIFO)"
    with pytest.raises(ScriptError):
        validate(script)


def with_version(tmp_path: Path, version: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert "\nversion: 1\n" in text
    path = tmp_path / "versioned.yaml"
    path.write_text(text.replace("\nversion: 1\n", f"\nversion: {version}\n"), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "version", ["99999999999999999999999999999999999", "0", "-3", str(MAX_VERSION + 1)]
)
def test_a_version_out_of_range_is_a_problem_at_its_line(tmp_path, version):
    path = with_version(tmp_path, version)
    line = MINI.read_text().splitlines().index("version: 1") + 1
    problems = validate(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: `version` must be a whole number from 1 to ")
    assert version[:20] in problems[0]


def test_migrate_refuses_a_version_out_of_range_and_moves_nothing(tmp_path):
    sessions = tmp_path / "sessions"
    session = paused_session(sessions, "Our deploys are by hand", script=MINI)
    before = (sessions / session / "script.yaml").read_bytes()
    path = with_version(tmp_path, "99999999999999999999999999999999999")
    args = ["migrate", session, f"--script={path}", f"--sessions-dir={sessions}"]
    done = subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "fails validation" in done.stderr and "`version` must be a whole number" in done.stderr
    assert (sessions / session / "script.yaml").read_bytes() == before


@pytest.mark.parametrize("version", ["1", "2026120701", str(MAX_VERSION)])
def test_versions_in_range_load(tmp_path, version):
    assert validate(with_version(tmp_path, version)) == []
    assert load_script(with_version(tmp_path, version)).version == int(version)
