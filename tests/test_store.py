"""Durable sessions: fsynced appends, torn tails repaired, damage reported and kept, locks."""

from __future__ import annotations

import json
import os
import stat

import pytest

from interviewer.records import UNRECORDED, Answer, AnswerValue, Event, SessionMeta, Started
from interviewer.store import (
    SessionCorruptError,
    SessionLockedError,
    SessionStore,
    StoreError,
    list_sessions,
)


def new_session(store: SessionStore, org: str = "Acme") -> str:
    meta = SessionMeta("full", org=org, participant="Ada")
    return store.create(meta, "id: x\n", now=1_700_000_000).id


def said(n: int) -> Answer:
    return Answer("s", n, str(n), 1.0)


def values(events: list[Event]) -> list[AnswerValue]:
    """The answers' values, in order (every event is an answer here)."""
    assert all(isinstance(e, Answer) for e in events)
    return [e.value for e in events if isinstance(e, Answer)]


def test_appended_events_come_back_in_order_across_processes(store):
    sid = new_session(store)
    with store.open_writer(sid) as w:
        w.append([said(i) for i in range(3)])
        w.append([said(3)])
    assert values(store.events(sid)) == [0, 1, 2, 3]
    with store.open_writer(sid) as w:
        assert values(w.events) == [0, 1, 2, 3]


def test_appending_after_a_reopen_continues_the_log_without_overwriting(store):
    sid = new_session(store)
    for batch in range(3):
        with store.open_writer(sid) as w:
            w.append([said(batch * 10 + i) for i in range(2)])
    assert values(store.events(sid)) == [0, 1, 10, 11, 20, 21]
    lines = store.ref(sid).transcript.read_text().splitlines()
    assert len(lines) == 6  # one line per event: nothing rewritten


def test_a_temp_file_left_by_a_killed_meta_update_is_cleared_on_open(store):
    sid = new_session(store)
    folder = store.ref(sid).folder
    leftover = folder / ".meta.json.k1ll3d"
    leftover.write_text('{"half": ')
    with store.open_writer(sid) as w:
        assert w.meta.org == "Acme"
    assert not leftover.exists()
    assert (folder / "meta.json").exists()


def test_files_and_folders_are_private(store):
    sid = new_session(store)
    with store.open_writer(sid) as w:
        w.append([Started(1.0)])
    folder = store.ref(sid).folder
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for name in ("transcript.jsonl", "meta.json", "script.yaml"):
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600, name


def test_a_torn_last_line_is_ignored_by_readers_and_cut_by_the_writer(store):
    sid = new_session(store)
    with store.open_writer(sid) as w:
        w.append([said(1)])
    path = store.ref(sid).transcript
    with open(path, "ab") as f:
        f.write(b'{"t":"events","id":"2","doc":{"type":"ans')  # killed mid-write
    assert values(store.events(sid)) == [1]
    with store.open_writer(sid) as w:
        w.append([said(2)])
    assert values(store.events(sid)) == [1, 2]
    assert path.read_bytes().endswith(b"\n")


def test_a_damaged_file_is_reported_and_kept_byte_for_byte(store):
    sid = new_session(store)
    with store.open_writer(sid) as w:
        w.append([said(1), said(2)])
    path = store.ref(sid).transcript
    lines = path.read_bytes().split(b"\n")
    lines[0] = b"this is not json"
    damaged = b"\n".join(lines)
    path.write_bytes(damaged)
    with pytest.raises(SessionCorruptError, match="line 1 cannot be read"):
        store.open_writer(sid)
    with pytest.raises(SessionCorruptError):
        store.events(sid)
    assert path.read_bytes() == damaged
    # the lock was released: once repaired by hand, it opens again
    path.write_bytes(b"")
    store.open_writer(sid).close()


def test_a_second_writer_is_refused_clearly(store):
    sid = new_session(store)
    with store.open_writer(sid), pytest.raises(SessionLockedError, match="another window"):
        store.open_writer(sid)


def test_session_ids_are_validated(store):
    for bad in ("../etc", "a/b", "", "..", "x" * 80):
        with pytest.raises(StoreError):
            store.ref(bad)


def test_listing_shows_status_and_filters_by_org(store):
    done = new_session(store, org="Acme")
    with store.open_writer(done) as w:
        w.update_meta(status="completed")
    crashed = new_session(store, org="Acme")  # status active, but nobody holds it
    other = new_session(store, org="Globex")
    with store.open_writer(other):
        rows = {s.id: s for s in list_sessions(store)}
        assert rows[other].status == "active"
    assert rows[done].status == "completed"
    assert rows[crashed].status == "paused"
    assert {s.id for s in list_sessions(store, org="acme")} == {done, crashed}
    assert rows[done].participant == "Ada" and rows[done].role == "full"


def test_unreadable_meta_is_listed_as_unreadable_and_kept(store):
    sid = new_session(store)
    meta = store.ref(sid).meta_path
    meta.write_text("{ broken")
    rows = list_sessions(store)
    assert rows[0].status == "unreadable" and "left as is" in rows[0].problem
    assert meta.read_text() == "{ broken"


def test_meta_keys_another_version_wrote_survive_this_version_rewriting_it(store):
    sid = new_session(store)
    path = store.ref(sid).meta_path
    raw = json.loads(path.read_text())
    raw["_default"]["1"]["reviewed_by"] = {"name": "Kim", "on": "2027-01-05"}
    path.write_text(json.dumps(raw))
    with store.open_writer(sid) as w:
        w.update_meta(status="completed")
    doc = json.loads(path.read_text())["_default"]["1"]
    assert doc["reviewed_by"] == {"name": "Kim", "on": "2027-01-05"}
    assert doc["status"] == "completed" and doc["org"] == "Acme"
    assert store.meta(sid).status == "completed"


def test_a_meta_status_this_version_does_not_know_is_refused_with_the_word(store):
    sid = new_session(store)
    path = store.ref(sid).meta_path
    raw = json.loads(path.read_text())
    raw["_default"]["1"]["status"] = "archived"
    path.write_text(json.dumps(raw))
    with pytest.raises(SessionCorruptError, match=r"'status' should be one of .*'archived'"):
        store.meta(sid)
    (row,) = list_sessions(store)
    assert row.status == "unreadable" and "archived" in row.problem


def test_meta_written_before_it_recorded_retention_reads_as_unrecorded(store):
    sid = new_session(store)
    path = store.ref(sid).meta_path
    raw = json.loads(path.read_text())
    assert raw["_default"]["1"]["retention_days"] is None  # no period promised yet
    assert store.meta(sid).retention_days is None
    del raw["_default"]["1"]["retention_days"]
    path.write_text(json.dumps(raw))
    assert store.meta(sid).retention_days is UNRECORDED
    with store.open_writer(sid) as w:
        w.update_meta(status="paused")
    assert "retention_days" not in json.loads(path.read_text())["_default"]["1"]
