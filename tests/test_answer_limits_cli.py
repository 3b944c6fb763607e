"""Nothing typed or sent takes an interview down (issue 18), as a user or a program meets it:
a megabyte answer through `--jsonl` and `--plain`, thousands of digits, "don't know" and Enter
on a number, a full disk at the start, a session deleted while it is answered."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI
from jsonl_driver import JsonlProcess, answer_for, run_cli

from interviewer.cli import main
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore

MEGABYTE = "Z" * 1_048_576
REFUSED = "That answer is 1,048,576 characters long; an answer can be at most 10,000 characters"
KINDS = {"text", "choice", "multi", "scale", "number", "indicator"}


def transcript(root: Path, sid: str) -> str:
    return (root / sid / "transcript.jsonl").read_text()


def answered(root: Path, sid: str) -> list[dict[str, Any]]:
    events = [json.loads(line)["doc"] for line in transcript(root, sid).splitlines()]
    return [e for e in events if e.get("type") == "answer"]


def test_jsonl_refuses_a_megabyte_answer_of_every_kind_and_goes_on(tmp_path):
    p = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], tmp_path)
    sid = p.read_until("session")["id"]
    tried: dict[str, str] = {}
    while (msg := p.read_until("ask", "done"))["type"] == "ask":
        if msg["kind"] not in tried.values():
            tried[msg["step"]] = msg["kind"]
            p.send(MEGABYTE)
            refused = p.read()
            assert refused == {
                "type": "invalid",
                "step": msg["step"],
                "message": refused["message"],
            }
            assert refused["message"].startswith(REFUSED)
            assert p.read()["step"] == msg["step"]  # asked again
        p.send(answer_for(msg))
    assert p.close_input() == 0
    assert set(tried.values()) == KINDS
    assert "ZZZZ" not in transcript(tmp_path, sid)
    assert set(tried) <= {a["step"] for a in answered(tmp_path, sid)}  # the next answer counts


def _route(root: Path) -> list[tuple[str, str]]:
    """Each question of MINI's short track with the answer a program gives it."""
    runner = SessionRunner.start(SessionStore(root), "short", "", "", str(MINI))
    route = []
    try:
        runner.opening()
        while (ask := runner.interview.ask()) is not None:
            msg = ask.to_json()
            route.append((msg["step"], answer_for(msg)))
            runner.handle(route[-1][1])
    finally:
        runner.close()
    return route


def test_plain_refuses_a_megabyte_before_every_answer_and_goes_on(tmp_path):
    route = _route(tmp_path / "dry-run")
    lines = "".join(f"{MEGABYTE}\n{answer}\n" for _, answer in route)
    result = run_cli(
        ["start", "--role", "short", "--script", str(MINI), "--plain"], tmp_path, lines
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("! That answer is 1,048,576 characters long") == len(route)
    assert "is complete" in result.stdout
    assert "Z" * 100 not in result.stdout  # echoed by its start and its size
    assert "ZZZZ… (1,048,576 characters)" in result.stdout
    (sid,) = [p.name for p in tmp_path.iterdir() if p.name != "dry-run"]
    assert "ZZZZ" not in transcript(tmp_path, sid)
    assert [a["step"] for a in answered(tmp_path, sid)] == [step for step, _ in route]


@pytest.mark.parametrize("mode", ["--plain", "--jsonl"])
def test_a_megabyte_without_a_line_break_at_the_end_is_refused_then_paused(tmp_path, mode):
    args = ["start", "--role", "short", "--script", str(MINI), mode]
    result = run_cli(args, tmp_path, "1\n" + MEGABYTE)
    assert result.returncode == 0, result.stderr
    assert "1,048,576 characters long" in result.stdout and "Z" * 100 not in result.stdout
    assert "Resume any time" in result.stdout or '"type": "paused"' in result.stdout


def test_consent_refuses_a_megabyte_and_thousands_of_digits(tmp_path):
    p = JsonlProcess(["start", "--role", "executive"], tmp_path)
    assert p.read_until("ask")["step"] == "consent"
    for line in (MEGABYTE, "9" * 5000):
        p.send(line)
        refused = p.read()
        assert refused["type"] == "invalid" and refused["step"] == "consent"
        assert p.read()["step"] == "consent"
    assert "1,048,576 characters" in p.messages[-4]["message"]
    p.send("yes")
    assert p.read_until("ask")["step"] == "role"
    p.send("/pause")
    assert p.close_input() == 0


def test_thousands_of_digits_never_end_the_run(tmp_path):
    p = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], tmp_path)
    kinds: set[str] = set()
    while (msg := p.read_until("ask", "done", "error"))["type"] == "ask":
        if msg["kind"] != "text" and msg["kind"] not in kinds:
            kinds.add(msg["kind"])
            p.send("9" * 5000)
            assert p.read()["type"] == "invalid"
            p.read_until("ask")
        p.send(answer_for(msg))
    assert msg["type"] == "done"
    assert p.close_input() == 0 and kinds == KINDS - {"text"}


def test_dont_know_and_enter_on_numbers_through_jsonl(tmp_path):
    """The executive's route, as a program walks it: a non-answer on the model count, Enter on
    the horizon and the discount rate (told they can press Enter), each taken at once."""
    special = {"models-in-production": "don't know", "horizon-years": "", "discount-rate": ""}
    p = JsonlProcess(["start", "--role", "executive"], tmp_path)
    sid = p.read_until("session")["id"]
    asked: list[str] = []
    said_after: dict[str, list[str]] = {}
    while (msg := p.read())["type"] not in ("done", "error"):
        assert msg["type"] != "invalid", msg
        if msg["type"] == "say" and asked and asked[-1] in special:
            said_after.setdefault(asked[-1], []).append(msg["text"])
        if msg["type"] == "ask":  # the notice is accepted as option 1
            asked.append(msg["step"])
            p.send(special.get(msg["step"], answer_for(msg)))
    assert msg["type"] == "done", msg
    assert p.close_input() == 0
    assert all(asked.count(step) == 1 for step in special)
    assert "That's fine, I've noted it as not known for now." in said_after["models-in-production"]
    by_step = {a["step"]: a for a in answered(tmp_path, sid)}
    dont_know = by_step["models-in-production"]
    assert (dont_know["value"], dont_know.get("note")) == ("don't know", "non-answer")
    for step in ("horizon-years", "discount-rate"):
        assert by_step[step]["value"] is None and by_step[step].get("skipped") is True


# -- a full disk at the start --------------------------------------------------------------------


@pytest.mark.parametrize("failing", [1, 3])  # the session's folder; its first line
def test_start_on_a_full_disk_sends_the_error_object(tmp_path, monkeypatch, capsys, failing):
    real, calls = os.write, {"n": 0}

    def full(*args, **kw):
        calls["n"] += 1
        if calls["n"] >= failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kw)

    monkeypatch.setattr(os, "write", full)
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    code = main(["start", "--role", "executive", "--jsonl", "--sessions-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    (line,) = out.splitlines()
    error = json.loads(line)
    assert error["type"] == "error" and "No space left on device" in error["message"]
    assert err == f"interviewer: {error['message']}\n"


def test_plain_start_on_a_full_disk_says_it_in_one_line(tmp_path, monkeypatch, capsys):
    def full(*args, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    code = main(["start", "--role", "executive", "--plain", "--sessions-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("interviewer: cannot create a session") and err.count("\n") == 1
    assert "No space left on device" in err


# -- a session deleted while it is answered -------------------------------------------------------


def test_plain_after_a_forced_delete_says_the_session_is_gone(tmp_path):
    args = ["start", "--role", "short", "--script", str(MINI), "--plain"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer", *args, "--sessions-dir", str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    first = proc.stdout.readline()
    sid = first.split()[2].rstrip(".")
    while not proc.stdout.readline().startswith("   2)"):  # the first question's options
        pass
    assert run_cli(["delete", sid, "--yes", "--force"], tmp_path).returncode == 0
    _, err = proc.communicate("1\n", timeout=60)
    assert proc.returncode == 1
    assert (
        err == f"interviewer: session {sid} was deleted while it was open; nothing more is saved\n"
    )
    assert "resume" not in err
