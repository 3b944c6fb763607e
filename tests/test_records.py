"""Stored records are typed and checked on read: a damaged shape is named, an older session
still opens, a newer one is refused with a reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, drive, persona

from interviewer.engine.interview import Interview
from interviewer.records import (
    SCHEMA,
    Annotation,
    Answer,
    Back,
    Completed,
    FacilitatorQuestion,
    LevelOverride,
    Paused,
    PushedQuestion,
    RecordError,
    Resumed,
    SessionMeta,
    Started,
    event_from_json,
    note_from_json,
    to_json,
)
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionCorruptError, SessionStore, StoreError

EVENTS = [
    Started(1.0, "short", SCHEMA),
    Answer("role", "engineer", "1", 2.0),
    Answer("models", None, "/skip", 3.0, skipped=True),
    Answer("deployment_serving.ind.scripted", "na", "na: batch", 4.0, "batch"),
    Answer("pick", ["a", "b"], "1,2", 4.5),
    Answer("budget", 250000, "250k", 4.7),
    Back("role", 5.0),
    FacilitatorQuestion("ab12", "Who signs off?", "alex", 6.0),
    Paused(7.0),
    Resumed(8.0),
    Completed(9.0),
]
NOTES = [
    Annotation(2, 1, "role", "key point", ("quote", "pain"), 1.0, "alex"),
    LevelOverride("deployment_serving", 3, "saw the pipeline", 2.0, "kim"),
    PushedQuestion("ab12", "Who signs off?", 3.0, "alex"),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_every_event_reads_back_as_written_through_json(event):
    stored = json.loads(json.dumps(to_json(event)))
    assert event_from_json(stored) == event
    assert type(event_from_json(stored)) is type(event)


@pytest.mark.parametrize("note", NOTES, ids=lambda n: type(n).__name__)
def test_every_note_reads_back_as_written_through_json(note):
    stored = json.loads(json.dumps(to_json(note)))
    assert note_from_json(stored) == note and type(note_from_json(stored)) is type(note)


def test_an_answer_is_stored_in_the_shape_earlier_versions_wrote():
    assert to_json(Answer("role", "engineer", "1", 2.0)) == {
        "type": "answer",
        "step": "role",
        "value": "engineer",
        "raw": "1",
        "ts": 2.0,
    }


@pytest.mark.parametrize(
    ("doc", "says"),
    [
        ([1, 2], "JSON object"),
        ({"ts": 1}, "'type'"),
        ({"type": "answer", "step": "a", "value": "x", "raw": "x", "ts": "x"}, "'ts'"),
        ({"type": "answer", "step": "a", "value": "x", "raw": "x", "ts": float("nan")}, "'ts'"),
        ({"type": "answer", "step": 3, "value": "x", "raw": "x", "ts": 1}, "'step'"),
        ({"type": "answer", "step": "a", "value": {"x": 1}, "raw": "x", "ts": 1}, "'value'"),
        ({"type": "answer", "step": "a", "value": True, "raw": "x", "ts": 1}, "'value'"),
        ({"type": "answer", "step": "a", "value": "x", "note": 5, "ts": 1}, "'note'"),
        ({"type": "started", "ts": 1, "schema": "two"}, "'schema'"),
        ({"type": "teleported", "ts": 1}, "unknown event type"),
    ],
)
def test_a_damaged_event_is_refused_with_what_is_wrong(doc, says):
    with pytest.raises(RecordError, match=says):
        event_from_json(doc)


def test_a_damaged_note_is_refused_with_what_is_wrong():
    with pytest.raises(RecordError, match="'level'"):
        note_from_json({"type": "override", "dimension": "d", "level": "high", "ts": 1})
    with pytest.raises(RecordError, match="'tags'"):
        note_from_json({"type": "annotation", "turn": 1, "event": 1, "step": "s", "tags": "x"})


def _session_with(tmp_path: Path, docs: list[dict[str, Any]]) -> tuple[SessionStore, str]:
    """A session whose log holds `docs` as written, one a line (older or damaged shapes too)."""
    store = SessionStore(tmp_path / "sessions")
    ref = store.create(SessionMeta("short"), MINI.read_text(), 1000.0)
    lines = [{"t": "events", "id": i, "doc": doc} for i, doc in enumerate(docs, start=1)]
    ref.transcript.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return store, ref.id


def test_a_session_written_before_schema_versions_resumes_where_it_stopped(tmp_path):
    """Schema 1 wrote no version; its events have the shapes this version reads."""
    store, sid = _session_with(
        tmp_path,
        [
            {"type": "started", "ts": 1000.0, "track": "short"},
            {"type": "answer", "step": "role", "value": "engineer", "raw": "1", "ts": 1005.0},
            {"type": "paused", "ts": 1010.0},
        ],
    )
    runner = SessionRunner.resume(store, sid)
    try:
        assert runner.interview.answers == {"role": "engineer"}
        assert runner.interview.asking == "models"
        assert [t.question for t in runner.interview.transcript] == ["What is your role?"]
    finally:
        runner.close()


def test_a_new_session_records_its_schema(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    runner = SessionRunner.start(store, "short", None, None, str(MINI))
    runner.close()
    assert store.meta(runner.session_id).schema == SCHEMA
    first = json.loads(store.ref(runner.session_id).transcript.read_text().splitlines()[0])
    assert first["doc"] == {
        "type": "started",
        "ts": first["doc"]["ts"],
        "track": "short",
        "schema": SCHEMA,
    }
    assert store.events(runner.session_id)[0] == Started(first["doc"]["ts"], "short", SCHEMA)


def test_a_session_from_a_newer_version_is_refused_not_guessed_at(tmp_path):
    store, sid = _session_with(tmp_path, [{"type": "started", "ts": 1.0, "schema": SCHEMA + 1}])
    with pytest.raises(StoreError, match="newer than this interviewer reads"):
        SessionRunner.resume(store, sid)


def test_a_damaged_event_names_the_file_and_the_event_and_keeps_the_file(tmp_path):
    store, sid = _session_with(
        tmp_path,
        [
            {"type": "started", "ts": 1.0},
            {"type": "answer", "step": "role", "value": "engineer", "raw": "1", "ts": "x"},
        ],
    )
    before = store.ref(sid).transcript.read_bytes()
    with pytest.raises(SessionCorruptError, match=r"transcript.jsonl: (event|line) 2 .*'ts'"):
        SessionRunner.resume(store, sid)
    assert store.ref(sid).transcript.read_bytes() == before
    # the refusal let go of the session: nothing is left holding it
    assert not store.is_open(sid)


def test_replaying_typed_events_gives_the_interview_that_wrote_them(mini):
    iv = Interview(mini, "short")
    drive(iv, persona("partly", 3))
    copy = Interview.replay(mini, "short", [event_from_json(to_json(e)) for e in iv.events])
    assert copy.answers == iv.answers and copy.status == iv.status == "completed"


def test_a_session_resumed_before_its_first_answer_opens_with_the_introduction(tmp_path):
    """An invitation link creates the session, then the app resumes it: the interviewee has not
    begun, so they are greeted with the introduction, not 'welcome back'."""
    store = SessionStore(tmp_path / "sessions")
    SessionRunner.start(store, "short", None, None, str(MINI)).close()
    sid = store.session_ids()[0]
    runner = SessionRunner.resume(store, sid)
    says = [o.text for o in runner.opening() if o.kind == "say"]
    runner.handle("1")
    runner.close()
    assert says[0] == "A short test interview." and not any("Welcome back" in s for s in says)
    again = SessionRunner.resume(store, sid)
    assert any("Welcome back" in o.text for o in again.opening() if o.kind == "say")
    again.close()
