"""`annotate --as NAME` run many times at once on one session: every note lands, once, with an id
of its own; none is refused as "already open in another window" when no window is open. A window
(the shadow app) as the same facilitator still excludes a second window, and a one-off note
beside it lands without clashing with the window's own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import MINI
from jsonl_driver import answer_for, finished_session

from interviewer.engine.interview import Ask
from interviewer.records import Annotation, PushedQuestion
from interviewer.session.facilitation import record
from interviewer.store import SessionStore, StoreError
from interviewer.store.notes_file import NotesWriter, notes_path, read_notes

AT_ONCE = 40


def _answer(ask: Ask) -> str:
    msg = {"kind": ask.step.kind, "purpose": ask.step.purpose, "min": ask.step.min}
    return "By hand every Friday" if ask.step.kind == "text" else answer_for(msg, indicator="no")


def _ids(store: SessionStore, sid: str, who: str) -> list[int]:
    lines = notes_path(store.ref(sid), who).read_text().splitlines()
    return [json.loads(line)["id"] for line in lines]


def test_forty_annotations_at_once_as_one_facilitator_all_land(tmp_path):
    root = tmp_path / "sessions"
    sid = finished_session(root, _answer, script=MINI)
    annotate = [sys.executable, "-m", "interviewer", "annotate", sid, "--turn", "1"]
    runs = [
        subprocess.Popen(
            [*annotate, "--note", f"note {i}", "--as", "alex", f"--sessions-dir={root}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(AT_ONCE)
    ]
    results = [(run.wait(timeout=600), *run.communicate()) for run in runs]
    for code, out, err in results:
        assert code == 0, err
        assert "Noted on turn 1" in out and "another window" not in err
    store = SessionStore(root)
    warnings: list[str] = []
    notes = read_notes(store.ref(sid), warnings)
    assert warnings == []
    assert len(notes) == AT_ONCE
    assert sorted(n.note for n in notes if isinstance(n, Annotation)) == sorted(
        f"note {i}" for i in range(AT_ONCE)
    )
    assert sorted(_ids(store, sid, "alex")) == list(range(1, AT_ONCE + 1))


def test_a_window_excludes_a_second_window_but_not_a_one_off_note(tmp_path):
    root = tmp_path / "sessions"
    sid = finished_session(root, _answer, script=MINI)
    store = SessionStore(root)
    with NotesWriter(store.ref(sid), "alex") as window:
        with pytest.raises(StoreError, match=r"alex already has session \S+ open in another"):
            NotesWriter(store.ref(sid), "alex")
        record(store, sid, "alex", "annotation", turn=1, note="from the command line", tags=[])
        window.append([PushedQuestion("q1", "And on Mondays?", 5.0)])
    assert _ids(store, sid, "alex") == [1, 2]
    notes = read_notes(store.ref(sid))
    assert {n.note for n in notes if isinstance(n, Annotation)} == {"from the command line"}
    assert {n.text for n in notes if isinstance(n, PushedQuestion)} == {"And on Mondays?"}
    assert len(notes) == 2
