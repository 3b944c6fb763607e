"""Issue 14: when the session cannot be saved mid-interview (here: the transcript may not grow
past a file-size limit, as on a full disk), the JSON-lines client gets an error object as the
last line and a non-zero exit; plain mode says it in one line. Never a traceback."""

from __future__ import annotations

import json
import resource
import subprocess
from pathlib import Path

from conftest import MINI
from jsonl_driver import MESSAGE_TYPES, answer_for, run_cli

LIMIT = 16_000  # bytes: the session's small files fit, a few long answers do not
LONG = "We deploy by hand from a laptop, every step typed again. " * 100


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _interview(mode: str, sessions: Path, lines: str) -> subprocess.CompletedProcess[str]:
    args = ["start", "--role", "short", "--script", str(MINI), mode]
    return run_cli(args, sessions, stdin=lines, preexec_fn=_limited)


def _answers(n: int = 60) -> str:
    """Good answers to MINI's questions, the free-text ones long."""
    ask = {"kind": "text", "purpose": "open", "min": None, "max": None}
    choice = {**ask, "kind": "choice"}
    return "".join(
        f"{answer_for(choice)}\n{LONG}\n{answer_for({**ask, 'kind': 'indicator'})}\n"
        for _ in range(n)
    )


def test_jsonl_client_gets_an_error_object_when_the_store_fails(tmp_path):
    result = _interview("--jsonl", tmp_path, _answers())
    assert result.returncode == 1
    messages = [json.loads(line) for line in result.stdout.splitlines()]
    assert {m["type"] for m in messages} <= MESSAGE_TYPES
    assert messages[0]["type"] == "session" and any(m["type"] == "ask" for m in messages)
    last = messages[-1]
    assert last["type"] == "error" and set(last) == {"type", "message"}
    sid = messages[0]["id"]
    assert "File too large" in last["message"] and f"interviewer resume {sid}" in last["message"]
    assert result.stderr == f"interviewer: {last['message']}\n"


def test_plain_mode_says_it_in_one_line(tmp_path):
    result = _interview("--plain", tmp_path, _answers())
    assert result.returncode == 1
    assert result.stderr.startswith("interviewer: session ") and result.stderr.count("\n") == 1
    assert "File too large" in result.stderr and "Traceback" not in result.stderr


def test_the_answers_before_the_failure_are_kept_and_resume_goes_on(tmp_path):
    first = _interview("--jsonl", tmp_path, _answers())
    sid = json.loads(first.stdout.splitlines()[0])["id"]
    acknowledged = [json.loads(line) for line in first.stdout.splitlines()]
    asks = [m for m in acknowledged if m["type"] == "ask"]
    again = run_cli(["resume", sid, "--jsonl"], tmp_path)
    assert again.returncode == 0, again.stderr
    resumed = [json.loads(line) for line in again.stdout.splitlines()]
    # the question that could not be saved is asked again
    assert next(m for m in resumed if m["type"] == "ask")["step"] == asks[-1]["step"]
