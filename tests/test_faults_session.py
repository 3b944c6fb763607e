"""A live interview against faults a facilitator's side can plant: the interviewee's answers are
saved and the interview goes on, live and on resume."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import MINI
from jsonl_driver import JsonlProcess

from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore


def _answers(sessions: Path, sid: str) -> list[dict[str, Any]]:
    lines = (sessions / sid / "transcript.jsonl").read_text().splitlines()
    docs = [json.loads(line)["doc"] for line in lines]
    return [d for d in docs if d["type"] == "answer"]


def test_a_corrupt_notes_file_never_stops_a_live_interview_or_its_resume(tmp_path):
    p = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], tmp_path)
    sid = p.read()["id"]
    p.read_until("ask")
    notes = tmp_path / sid / "notes-bob.jsonl"
    notes.write_bytes(b'this is not JSON\n{"t": "notes"}\n')
    damaged = notes.read_bytes()
    ask = ["ask", sid, "--text", "Who signs off?", "--as", "alex", "--sessions-dir", str(tmp_path)]
    subprocess.run(  # a good facilitator's question, from another facilitator
        [sys.executable, "-m", "interviewer", *ask],
        check=True,
        capture_output=True,
    )
    p.send("1")
    pushed = p.read_until("ask", "error")
    assert pushed["type"] == "ask" and pushed["text"] == "Who signs off?"
    p.send("The head of data")
    assert p.read_until("ask", "error")["step"] == "models"
    assert p.close_input() == 0  # end of input pauses
    assert "Traceback" not in p.stderr.read()
    assert [a["value"] for a in _answers(tmp_path, sid)] == ["eng", "The head of data"]
    assert notes.read_bytes() == damaged  # reported and kept, never rewritten

    again = JsonlProcess(["resume", sid], tmp_path)
    assert again.read()["type"] == "session"
    assert again.read_until("ask", "error")["step"] == "models"
    again.send("3")
    assert again.read_until("ask", "error")["type"] == "ask"
    assert again.close_input() == 0
    assert [a["value"] for a in _answers(tmp_path, sid)] == ["eng", "The head of data", 3]


def test_the_answer_is_on_disk_before_the_facilitators_files_are_read(tmp_path, monkeypatch):
    """Even a notes folder that cannot be read at all only costs the pushed questions."""
    store = SessionStore(tmp_path)
    runner = SessionRunner.start(store, "short", None, None, str(MINI))
    runner.opening()
    seen: list[int] = []

    def poll() -> list:
        seen.append(len(_answers(tmp_path, runner.session_id)))
        raise OSError("the notes folder went away")

    monkeypatch.setattr(runner.notes, "poll", poll)
    outs = runner.handle("1")
    runner.close()
    assert seen == [1]  # the answer was durable when the facilitators' files were first read
    assert [o.ask.step.id for o in outs if o.ask] == ["models"]  # and the interview went on
    assert [a["value"] for a in _answers(tmp_path, runner.session_id)] == ["eng"]
