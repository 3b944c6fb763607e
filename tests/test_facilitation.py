"""Facilitators and the interviewee in separate real processes: nothing written is ever lost."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI
from jsonl_driver import JsonlProcess, answer_for, past_notice

from interviewer.records import TYPE_OF, Annotation, SessionMeta
from interviewer.store import SessionStore, StoreError
from interviewer.store.notes_file import NotesWriter, read_notes

ANNOTATOR = """
import sys, time
from interviewer.records import Annotation
from interviewer.store import SessionStore
from interviewer.store.notes_file import NotesWriter
store = SessionStore(sys.argv[1])
with NotesWriter(store.ref(sys.argv[2]), sys.argv[3]) as notes:
    for i in range(int(sys.argv[4])):
        note = Annotation(1, 1, "role", f"note {i} | `x` <b>", ("quote",), time.time())
        notes.append([note])
        print("ack", i, flush=True)
"""


def annotator(sessions: Path, sid: str, who: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", ANNOTATOR, str(sessions), sid, who, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def transcript(sessions: Path, sid: str) -> list[dict[str, Any]]:
    lines = (sessions / sid / "transcript.jsonl").read_text().splitlines()
    return [json.loads(line)["doc"] for line in lines]


def test_interviewee_and_facilitator_write_at_once_and_nothing_is_lost(tmp_path):
    p = JsonlProcess(["start", "--role", "full"], tmp_path)
    sid = p.read()["id"]
    ask = past_notice(p, p.read_until("ask"))
    p.send(answer_for(ask))
    ask = p.read_until("ask")
    notes = annotator(tmp_path, sid, "alex", 500)
    assert notes.stdout is not None
    answered = 1
    while notes.poll() is None and answered < 150:
        p.send(answer_for(ask))
        answered += 1
        ask = p.read_until("ask", "summary")
        if ask["type"] == "summary":
            break
    acks = [line for line in notes.stdout.read().splitlines() if line.startswith("ack")]
    assert notes.wait(timeout=60) == 0 and len(acks) == 500
    assert p.close_input() == 0
    out = "\n".join(json.dumps(m) for m in p.messages)
    assert "note 1 |" not in out and "quote" not in out  # notes never reach the interviewee
    answers = [e for e in transcript(tmp_path, sid) if e["type"] == "answer"]
    assert len(answers) == answered
    recorded = read_notes(SessionStore(tmp_path).ref(sid))
    assert [r.note for r in recorded if isinstance(r, Annotation)] == [
        f"note {i} | `x` <b>" for i in range(500)
    ]
    assert len(recorded) == 500 and all(r.by == "alex" for r in recorded)


@pytest.mark.parametrize("victim", ["interviewee", "facilitator"])
def test_sigkill_of_either_process_loses_nothing_acknowledged(tmp_path, victim):
    p = JsonlProcess(["start", "--role", "full"], tmp_path)
    sid = p.read()["id"]
    ask = past_notice(p, p.read_until("ask"))
    p.send(answer_for(ask))
    ask = p.read_until("ask")
    notes = annotator(tmp_path, sid, "sam", 100000)
    assert notes.stdout is not None
    acked_answers = 1
    for _ in range(random.randint(5, 60)):  # the full track is longer than this
        p.send(answer_for(ask))
        ask = p.read_until("ask")
        acked_answers += 1
        time.sleep(0.005)
    target = p.proc if victim == "interviewee" else notes
    os.kill(target.pid, signal.SIGKILL)
    target.wait()
    if victim == "facilitator":
        acked_notes = sum(1 for line in notes.stdout if line.startswith("ack"))
        p.close_input()
    else:
        notes.kill()
        notes.wait()
        acked_notes = sum(1 for line in notes.stdout if line.startswith("ack"))
    events = transcript(tmp_path, sid)  # every complete line parses
    assert sum(e["type"] == "answer" for e in events) >= acked_answers
    ref = SessionStore(tmp_path).ref(sid)
    assert len(read_notes(ref)) >= acked_notes
    # both files can be opened for writing again (a torn tail is repaired, the locks are free)
    SessionStore(tmp_path).open_writer(sid).close()
    NotesWriter(ref, "sam").close()


def test_a_pushed_question_is_asked_after_the_current_one_and_answered(tmp_path):
    p = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], tmp_path)
    sid = p.read()["id"]
    first = p.read_until("ask")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "ask",
            sid,
            "--text",
            "Who signs off a release?",
            "--as",
            "alex",
            "--sessions-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Question queued" in result.stdout
    p.send("1")  # answer the current question first
    say = p.read()
    assert say == {"type": "say", "text": "A question from your facilitator, alex:"}
    pushed = p.read_until("ask")
    assert pushed["purpose"] == "facilitator" and pushed["text"] == "Who signs off a release?"
    assert pushed["step"] != first["step"]
    p.send("Our head of data, after a review")
    nxt = p.read_until("ask")
    assert nxt["step"] == "models"  # the route carries on where it was
    p.close_input()
    answers = [e for e in transcript(tmp_path, sid) if e["type"] == "answer"]
    assert answers[1]["step"] == pushed["step"]
    assert answers[1]["value"] == "Our head of data, after a review"


def test_facilitator_commands_validate_and_write_only_their_own_file(tmp_path):
    p = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], tmp_path)
    sid = p.read()["id"]
    p.read_until("ask")
    p.send("1")
    p.read_until("ask")

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "interviewer", *args, "--sessions-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
        )

    ok = run(
        "annotate",
        sid,
        "--turn",
        "1",
        "--note",
        "manages a team",
        "--tag",
        "quote",
        "--tag",
        "risk",
        "--as",
        "alex",
    )
    assert ok.returncode == 0 and "Noted on turn 1 (role)" in ok.stdout
    assert (
        run(
            "override",
            sid,
            "--dimension",
            "deployment_serving",
            "--level",
            "3",
            "--reason",
            "saw the pipeline",
            "--as",
            "kim",
        ).returncode
        == 0
    )
    for args, message in (
        (("annotate", sid, "--turn", "7", "--note", "x"), "turn 7 does not exist"),
        (
            ("override", sid, "--dimension", "nope", "--level", "3", "--reason", "r"),
            "unknown dimension",
        ),
        (
            ("override", sid, "--dimension", "deployment_serving", "--level", "9", "--reason", "r"),
            "from 1 to 5",
        ),
        (("ask", sid, "--text", "  "), "empty"),
        (("annotate", "nope", "--turn", "1", "--note", "x"), "no session"),
        (("annotate", sid, "--turn", "1", "--note", "x", "--as", "../evil"), "facilitator name"),
    ):
        bad = run(*args)
        assert bad.returncode == 1 and message in bad.stderr, (args, bad.stderr)
        assert "Traceback" not in bad.stderr
    p.close_input()
    folder = tmp_path / sid
    assert sorted(f.name for f in folder.glob("notes-*")) == ["notes-alex.jsonl", "notes-kim.jsonl"]
    ref = SessionStore(tmp_path).ref(sid)
    kinds = {(r.by, TYPE_OF[type(r)]) for r in read_notes(ref)}
    assert kinds == {("alex", "annotation"), ("kim", "override")}


def test_one_facilitator_name_has_one_writer(tmp_path):
    store = SessionStore(tmp_path)
    sid = store.create(SessionMeta("short"), "", time.time()).id
    with NotesWriter(store.ref(sid), "alex"), pytest.raises(StoreError, match="already has"):
        NotesWriter(store.ref(sid), "alex")
