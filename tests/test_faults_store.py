"""Faults planted in the sessions folder: each gives a clear message, never a traceback, keeps the
damaged file byte-for-byte and never writes outside the sessions folder."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI

from interviewer.records import Note, Paused, PushedQuestion, SessionMeta, Started
from interviewer.store import (
    SessionCorruptError,
    SessionLockedError,
    SessionStore,
    StoreError,
    list_sessions,
)
from interviewer.store.notes_file import NotesReader, NotesWriter, check_who, read_notes

# -- helpers ----------------------------------------------------------------------------------


def new_session(store: SessionStore) -> str:
    meta = SessionMeta("full", org="Acme", participant="Ada")
    sid = store.create(meta, "id: x\n", now=1_700_000_000).id
    with store.open_writer(sid) as w:
        w.append([Started(1_700_000_000.0, "full")])
    return sid


def ids(notes: list[Note]) -> list[str]:
    """The pushed questions' ids, in order (every note is one here)."""
    assert all(isinstance(n, PushedQuestion) for n in notes)
    return [n.id for n in notes if isinstance(n, PushedQuestion)]


def outside(tmp_path: Path, name: str = "target.txt") -> tuple[Path, bytes]:
    """A file outside the sessions folder that a planted symlink points at."""
    target = tmp_path / "elsewhere" / name
    target.parent.mkdir(exist_ok=True)
    content = b"precious, not the tool's\n"
    target.write_bytes(content)
    target.chmod(0o644)
    return target, content


def assert_untouched(target: Path, content: bytes) -> None:
    assert target.read_bytes() == content
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644


def cli(args: list[str], sessions: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args, "--sessions-dir", str(sessions)],
        input="",
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def note_line(doc_id: int, doc: dict) -> bytes:
    return json.dumps({"t": "notes", "id": doc_id, "doc": doc}).encode() + b"\n"


# -- 2. a facilitator's damaged notes file never stops the interviewee -------------------------


def test_a_junk_line_in_notes_is_skipped_once_with_a_warning_and_later_lines_are_read(
    store, caplog
):
    sid = new_session(store)
    ref = store.ref(sid)
    with NotesWriter(ref, "bob") as notes:
        notes.append([PushedQuestion("a1", "first?", 1.0)])
    path = ref.folder / "notes-bob.jsonl"
    with open(path, "ab") as f:
        f.write(b"this is not json\n")
        f.write(note_line(3, {"type": "ask", "id": "a3", "text": "after?", "ts": 3.0, "by": "b"}))
    damaged = path.read_bytes()
    reader = NotesReader(ref)
    with caplog.at_level(logging.WARNING, logger="interviewer.store"):
        got = reader.poll()
    assert ids(got) == ["a1", "a3"]
    assert len(reader.warnings) == 1
    assert "notes-bob.jsonl" in reader.warnings[0] and "line 2" in reader.warnings[0]
    assert reader.take_warnings() == reader.warnings
    assert [r.getMessage() for r in caplog.records] == reader.warnings
    # reported once: later polls neither repeat the warning nor the records
    with open(path, "ab") as f:
        f.write(note_line(4, {"type": "ask", "id": "a4", "text": "more?", "ts": 4.0}))
    assert ids(reader.poll()) == ["a4"]
    assert reader.poll() == []
    assert len(reader.warnings) == 1 and reader.take_warnings() == []
    assert path.read_bytes().startswith(damaged)


@pytest.mark.parametrize(
    "bad",
    [
        note_line(2, {"type": "ask", "id": "x", "ts": "x"}),  # ts not a number: sorting crashed
        note_line(2, {"type": "ask", "id": ["unhashable"], "ts": 2.0}),
        b'{"t":"notes","id":2,"doc":[1,2]}\n',  # a document that is not an object
        b'{"t":"notes","id":"two","doc":{"type":"ask","ts":2.0}}\n',  # an id that is not a number
        b"[1,2]\n",
        b"\xff\xfe not utf-8\n",
    ],
)
def test_a_parseable_but_malformed_note_is_skipped_with_a_warning(store, bad):
    sid = new_session(store)
    ref = store.ref(sid)
    with NotesWriter(ref, "bob") as notes:
        notes.append([PushedQuestion("a1", "first?", 1.0)])
    path = ref.folder / "notes-bob.jsonl"
    with open(path, "ab") as f:
        f.write(bad)
        f.write(note_line(3, {"type": "ask", "id": "a3", "text": "after?", "ts": 3.0}))
    reader = NotesReader(ref)
    assert ids(reader.poll()) == ["a1", "a3"]
    assert len(reader.warnings) == 1 and "line 2" in reader.warnings[0]
    warnings: list[str] = []
    assert ids(read_notes(ref, warnings)) == ["a1", "a3"]
    assert warnings == reader.warnings


def test_a_facilitator_whose_own_notes_file_is_damaged_is_refused_clearly(store):
    sid = new_session(store)
    ref = store.ref(sid)
    path = ref.folder / "notes-bob.jsonl"
    path.write_bytes(b"junk\n")
    with pytest.raises(SessionCorruptError, match=r"notes-bob.jsonl: line 1"):
        NotesWriter(ref, "bob")
    assert path.read_bytes() == b"junk\n"
    path.write_bytes(b"")  # repaired by hand: the lock was released, it opens again
    NotesWriter(ref, "bob").close()


def fifo(path: Path) -> None:
    os.mkfifo(path, 0o600)


def directory(path: Path) -> None:
    path.mkdir()


def symlink_outside(path: Path) -> None:
    target = path.parent.parent.parent / "elsewhere-notes.jsonl"
    target.write_bytes(note_line(1, {"type": "ask", "id": "planted", "text": "x", "ts": 1.0}))
    path.symlink_to(target)


@pytest.mark.parametrize("plant", [fifo, directory, symlink_outside])
def test_an_unreadable_notes_file_is_skipped_with_a_warning(store, plant):
    sid = new_session(store)
    ref = store.ref(sid)
    with NotesWriter(ref, "alex") as notes:
        notes.append([PushedQuestion("ok", "fine?", 1.0)])
    plant(ref.folder / "notes-bob.jsonl")
    reader = NotesReader(ref)
    assert ids(reader.poll()) == ["ok"]
    assert len(reader.warnings) == 1 and "notes-bob.jsonl" in reader.warnings[0]
    assert reader.poll() == [] and len(reader.warnings) == 1  # said once


def test_a_notes_file_that_cannot_be_opened_is_skipped_with_a_warning(store, monkeypatch):
    # the suite may run as root, where chmod 000 does not deny: refuse the open instead
    sid = new_session(store)
    ref = store.ref(sid)
    with NotesWriter(ref, "alex") as notes:
        notes.append([PushedQuestion("ok", "fine?", 1.0)])
    with NotesWriter(ref, "bob") as notes:
        notes.append([PushedQuestion("hidden", "x", 2.0)])
    real_open = os.open

    def deny(path, *args, **kw):
        if str(path).endswith("notes-bob.jsonl"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(os, "open", deny)
    reader = NotesReader(ref)
    assert ids(reader.poll()) == ["ok"]
    assert len(reader.warnings) == 1 and "Permission denied" in reader.warnings[0]


# -- 9. symlinks, FIFOs and directories are never followed, opened or chmodded -----------------


def test_a_symlinked_transcript_is_refused_and_its_target_untouched(store, tmp_path):
    sid = new_session(store)
    ref = store.ref(sid)
    target, content = outside(tmp_path)
    ref.transcript.unlink()
    ref.transcript.symlink_to(target)
    with pytest.raises(SessionCorruptError, match=r"transcript.jsonl.*symbolic link"):
        store.open_writer(sid)
    with pytest.raises(SessionCorruptError, match="symbolic link"):
        store.events(sid)
    assert_untouched(target, content)
    assert store.ref(sid).transcript.is_symlink()
    # the interviewee's lock was released on the way out
    assert not store.is_open(sid)


@pytest.mark.parametrize("name", ["interviewee.lock", "facilitator-bob.lock"])
def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(store, tmp_path, name):
    sid = new_session(store)
    ref = store.ref(sid)
    target, content = outside(tmp_path)
    lock = ref.folder / name
    with contextlib.suppress(FileNotFoundError):
        lock.unlink()
    lock.symlink_to(target)
    if name == "interviewee.lock":
        with pytest.raises(StoreError, match="symbolic link"):
            store.open_writer(sid)
        assert store.is_open(sid) is False
    else:
        with pytest.raises(StoreError, match="symbolic link"):
            NotesWriter(ref, "bob")
        assert NotesReader(ref).present() == []
    assert_untouched(target, content)


def test_a_symlinked_notes_file_is_refused_for_writing_and_its_target_untouched(store, tmp_path):
    sid = new_session(store)
    ref = store.ref(sid)
    target, content = outside(tmp_path)
    (ref.folder / "notes-bob.jsonl").symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        NotesWriter(ref, "bob")
    reader = NotesReader(ref)
    assert reader.poll() == [] and "symbolic link" in reader.warnings[0]
    assert_untouched(target, content)


def test_a_symlinked_meta_is_refused_and_its_target_untouched(store, tmp_path):
    sid = new_session(store)
    ref = store.ref(sid)
    target, _ = outside(tmp_path)
    target.write_text(json.dumps({"_default": {"1": {"track": "full", "org": "Planted"}}}))
    content = target.read_bytes()
    ref.meta_path.unlink()
    ref.meta_path.symlink_to(target)
    with pytest.raises(SessionCorruptError, match=r"meta.json.*symbolic link"):
        store.meta(sid)
    with pytest.raises(SessionCorruptError, match="symbolic link"):
        store.open_writer(sid)
    rows = list_sessions(store)
    assert rows[0].status == "unreadable" and "symbolic link" in rows[0].problem
    assert_untouched(target, content)


def test_a_symlinked_session_folder_is_listed_as_unreadable_and_never_opened(store, tmp_path):
    new_session(store)
    elsewhere = tmp_path / "elsewhere-session"
    elsewhere.mkdir()
    (elsewhere / "meta.json").write_text(json.dumps({"_default": {"1": {"track": "full"}}}))
    (elsewhere / "transcript.jsonl").write_bytes(b"")
    (store.root / "20990101-0000-abcdef").symlink_to(elsewhere)
    rows = {r.id: r for r in list_sessions(store)}
    assert rows["20990101-0000-abcdef"].status == "unreadable"
    assert "symbolic link" in rows["20990101-0000-abcdef"].problem
    with pytest.raises(StoreError, match="symbolic link"):
        store.open_writer("20990101-0000-abcdef")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["meta.json", "transcript.jsonl"]


@pytest.mark.parametrize("name", ["meta.json", "transcript.jsonl", "interviewee.lock"])
def test_a_fifo_in_place_of_a_session_file_never_hangs(store, tmp_path, name):
    sid = store.create(SessionMeta("short"), MINI.read_text(), now=time.time()).id
    path = store.ref(sid).folder / name
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    os.mkfifo(path, 0o600)
    listing = cli(["list", "--json"], store.root, timeout=20)
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    resume = cli(["resume", sid, "--jsonl"], store.root, timeout=20)
    assert resume.returncode == 1 and "Traceback" not in resume.stderr
    assert resume.stderr.startswith("interviewer: ") and "not a regular file" in resume.stderr
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_a_directory_in_place_of_the_transcript_is_a_clear_message(store):
    sid = new_session(store)
    ref = store.ref(sid)
    ref.transcript.unlink()
    ref.transcript.mkdir()
    with pytest.raises(SessionCorruptError, match="not a regular file"):
        store.open_writer(sid)
    with pytest.raises(SessionCorruptError, match="not a regular file"):
        store.events(sid)


def test_only_files_the_tool_created_have_their_mode_changed(store):
    sid = new_session(store)
    ref = store.ref(sid)
    lock = ref.folder / "facilitator-bob.lock"
    lock.write_bytes(b"")
    lock.chmod(0o640)
    notes = ref.folder / "notes-bob.jsonl"
    notes.write_bytes(b"")
    notes.chmod(0o640)
    with NotesWriter(ref, "bob") as w:
        w.append([PushedQuestion("a", "x", 1.0)])
    assert stat.S_IMODE(os.stat(lock).st_mode) == 0o640
    assert stat.S_IMODE(os.stat(notes).st_mode) == 0o640
    with NotesWriter(ref, "kim") as w:  # created here: private
        w.append([PushedQuestion("b", "x", 1.0)])
    for name in ("facilitator-kim.lock", "notes-kim.jsonl"):
        assert stat.S_IMODE(os.stat(ref.folder / name).st_mode) == 0o600


# -- 10. the sessions root is private -----------------------------------------------------------

UMASK_000 = """
import os, sys, time
os.umask(0)
from interviewer.records import SessionMeta
from interviewer.store import SessionStore
store = SessionStore(sys.argv[1])
store.create(SessionMeta("full"), "id: x\\n", time.time())
"""


def test_under_umask_000_the_root_is_private_and_its_parents_not_world_writable(tmp_path):
    root = tmp_path / "a" / "b" / "sessions"
    subprocess.run([sys.executable, "-c", UMASK_000, str(root)], check=True)
    assert stat.S_IMODE(os.stat(root).st_mode) == 0o700
    for parent in (tmp_path / "a", tmp_path / "a" / "b"):
        assert not os.stat(parent).st_mode & (stat.S_IWOTH | stat.S_IWGRP), parent
    (folder,) = root.iterdir()
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for f in folder.iterdir():
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600, f.name


def test_a_world_writable_root_is_warned_about(tmp_path):
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod(0o777)
    store = SessionStore(root)
    (warning,) = store.warnings()
    assert str(root) in warning and "writable by every user" in warning
    assert stat.S_IMODE(os.stat(root).st_mode) == 0o777  # warned about, not changed
    root.chmod(0o700)
    assert store.warnings() == []
    assert SessionStore(tmp_path / "not-yet").warnings() == []


# -- 11. malformed but parseable files -----------------------------------------------------------


def write_meta_raw(store: SessionStore, sid: str, data: object) -> bytes:
    raw = json.dumps(data).encode()
    store.ref(sid).meta_path.write_bytes(raw)
    return raw


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([1, 2], "should be a JSON object"),
        ({"_default": [1]}, "should be a JSON object"),
        ({"_default": {"1": [1, 2]}}, "should be a JSON object"),
        ({"_default": {"1": {"org": "Acme"}}}, "'track'"),
        ({"_default": {"1": {"track": 3}}}, "'track'"),
        ({"_default": {"1": {"track": "full", "started": "x"}}}, "'started'"),
        ({"_default": {"1": {"track": "full", "org": ["x"]}}}, "'org'"),
        ({"_default": {"1": {"track": "full", "status": 1}}}, "'status'"),
        ({"_default": {"1": {"track": "full", "status": "archived"}}}, "'status'"),
        ({"_default": {"1": {"track": "full", "schema": "3"}}}, "'schema'"),
        ({"_default": {"1": {"track": "full", "script_builtin": "yes"}}}, "'script_builtin'"),
        ({"_default": {}}, "no session record"),
        ("just text", "should be a JSON object"),
    ],
)
def test_a_malformed_meta_is_a_one_line_reason_naming_the_file(store, data, reason):
    sid = new_session(store)
    raw = write_meta_raw(store, sid, data)
    for call in (store.meta, store.open_writer):
        with pytest.raises(SessionCorruptError) as info:
            call(sid)
        message = str(info.value)
        assert "meta.json" in message and reason in message and "\n" not in message
    (row,) = list_sessions(store)
    assert row.status == "unreadable" and reason in row.problem
    assert store.ref(sid).meta_path.read_bytes() == raw


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ({"type": "answer", "step": "x", "ts": "x"}, "'ts'"),
        ({"type": "answer", "step": "x"}, "'ts'"),
        ({"type": "answer", "step": "x", "ts": float("nan")}, "'ts'"),
        ({"type": "answer", "step": "x", "ts": True}, "'ts'"),
        ({"type": 7, "ts": 1.0}, "'type'"),
        ({"ts": 1.0}, "'type'"),
        ({"type": "answer", "step": 3, "ts": 1.0}, "'step'"),
        ({"type": "facilitator_question", "id": [1], "ts": 1.0}, "'id'"),
        ([1, 2], "JSON object"),
        ("text", "JSON object"),
    ],
)
def test_a_malformed_event_is_a_one_line_reason_naming_file_and_line(store, doc, reason):
    sid = new_session(store)
    path = store.ref(sid).transcript
    with open(path, "ab") as f:
        f.write(json.dumps({"t": "events", "id": 2, "doc": doc}).encode() + b"\n")
    damaged = path.read_bytes()
    for call in (store.events, store.open_writer):
        with pytest.raises(SessionCorruptError) as info:
            call(sid)
        message = str(info.value)
        assert "transcript.jsonl" in message and "line 2" in message and reason in message
        assert "\n" not in message
    assert path.read_bytes() == damaged
    assert not store.is_open(sid)


@pytest.mark.parametrize(
    "line",
    [
        b'{"t":"events","id":"abc","doc":{"type":"x","ts":1}}',
        b'{"t":"events","id":true,"doc":{"type":"x","ts":1}}',
        b'{"t":5,"id":2,"doc":{"type":"x","ts":1}}',
        b'{"t":"events","id":2}',
        b"[1,2]",
        b"\xff\xfe",
    ],
)
def test_a_malformed_transcript_line_is_reported_not_a_traceback(store, line):
    sid = new_session(store)
    path = store.ref(sid).transcript
    with open(path, "ab") as f:
        f.write(line + b"\n")
    with pytest.raises(SessionCorruptError, match="line 2"):
        store.events(sid)
    with pytest.raises(SessionCorruptError, match="line 2"):
        store.open_writer(sid)


def test_malformed_sessions_give_messages_not_tracebacks_in_every_command(store):
    good = new_session(store)
    bad_meta = new_session(store)
    write_meta_raw(store, bad_meta, [1, 2])
    bad_event = new_session(store)
    with open(store.ref(bad_event).transcript, "ab") as f:
        f.write(b'{"t":"events","id":2,"doc":{"type":"answer","step":"x","ts":"x"}}\n')
    listing = cli(["list", "--json"], store.root)
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    rows = {r["id"]: r for r in json.loads(listing.stdout)}
    assert rows[bad_meta]["status"] == "unreadable" and "meta.json" in rows[bad_meta]["problem"]
    assert rows[good]["status"] == "paused"
    for args in (["resume", bad_meta, "--jsonl"], ["resume", bad_event, "--jsonl"]):
        result = cli(args, store.root)
        assert result.returncode == 1 and result.stderr.startswith("interviewer: "), result.stderr
        assert "Traceback" not in result.stderr
    org = cli(["report", "--org", "Acme"], store.root)
    assert "Traceback" not in org.stderr


def test_a_missing_transcript_is_lost_not_a_fresh_start(store):
    sid = new_session(store)
    store.ref(sid).transcript.unlink()
    with pytest.raises(SessionCorruptError, match=r"transcript.jsonl is missing"):
        store.open_writer(sid)
    with pytest.raises(SessionCorruptError, match=r"transcript.jsonl is missing"):
        store.events(sid)
    assert not store.ref(sid).transcript.exists()  # not recreated empty
    (row,) = list_sessions(store)
    assert row.status == "unreadable" and "transcript.jsonl is missing" in row.problem


def test_a_new_session_has_an_empty_transcript_and_opens(store):
    ref = store.create(SessionMeta("full"), "id: x\n", now=1.0)
    assert ref.transcript.read_bytes() == b""
    assert store.events(ref.id) == []
    with store.open_writer(ref.id) as w:
        assert w.events == []


def test_a_folder_without_meta_is_listed_as_unreadable(store):
    sid = new_session(store)
    store.ref(sid).meta_path.unlink()
    (row,) = list_sessions(store)
    assert row.id == sid and row.status == "unreadable" and "meta.json is missing" in row.problem
    with pytest.raises(StoreError, match=r"meta.json is missing"):
        store.open_writer(sid)


def test_folders_that_are_not_sessions_are_not_listed(store):
    new_session(store)
    (store.root / ".hidden").mkdir()
    (store.root / "not a session id").mkdir()
    (store.root / "a-file").write_text("x")
    assert len(list_sessions(store)) == 1


# -- 12. names are matched whole ------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["bob\n", "bob\r", "\nbob", "bo b", ""])
def test_a_facilitator_name_with_a_newline_is_refused(bad):
    with pytest.raises(StoreError, match="facilitator name"):
        check_who(bad)


@pytest.mark.parametrize("bad", ["abc\n", "20261127-0708-3e5263\n", "a\nb"])
def test_a_session_id_with_a_newline_is_refused(store, bad):
    with pytest.raises(StoreError, match="not a valid session id"):
        store.ref(bad)


def test_a_folder_name_ending_in_a_newline_is_not_a_session(store):
    sid = new_session(store)
    os.rename(store.ref(sid).folder, store.root / (sid + "\n"))
    assert list_sessions(store) == []


# -- 14. a create that fails part-way leaves nothing behind ----------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "write"])
def test_a_create_on_a_full_disk_leaves_no_folder_behind(store, monkeypatch, failing):
    new_session(store)
    before = sorted(p.name for p in store.root.iterdir())
    real = getattr(os, failing)
    calls = {"n": 0}

    def full(*args, **kw):
        calls["n"] += 1
        if calls["n"] >= 2:  # let the first write through: fail part-way
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kw)

    monkeypatch.setattr(os, failing, full)
    with pytest.raises(StoreError, match="No space left on device"):
        store.create(SessionMeta("full"), "id: x\n" * 1000, now=time.time())
    monkeypatch.undo()
    assert sorted(p.name for p in store.root.iterdir()) == before


RLIMIT = """
import resource, sys, time
from interviewer.records import SessionMeta
from interviewer.store import SessionStore, StoreError
resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))
import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
try:
    SessionStore(sys.argv[1]).create(SessionMeta("full"), "x" * 5000, time.time())
except StoreError as exc:
    print(exc)
    sys.exit(3)
"""


def test_a_create_over_the_file_size_limit_leaves_no_folder_behind(tmp_path):
    root = tmp_path / "sessions"
    root.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", RLIMIT, str(root)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 3, result.stderr
    assert "cannot create a session" in result.stdout and "Traceback" not in result.stderr
    assert list(root.iterdir()) == []


# -- nothing is written outside the sessions folder ----------------------------------------------


def test_a_whole_session_with_facilitators_writes_only_inside_its_folder(tmp_path):
    root = tmp_path / "sessions"
    store = SessionStore(root)
    sid = new_session(store)
    with NotesWriter(store.ref(sid), "bob") as n:
        n.append([PushedQuestion("q", "x", 1.0)])
    with store.open_writer(sid) as w:
        w.append([Paused(2.0)])
        w.update_meta(status="paused")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions"]
    assert sorted(p.name for p in root.iterdir()) == [sid]


def test_a_locked_session_is_still_refused_after_the_lock_change(store):
    sid = new_session(store)
    with store.open_writer(sid), pytest.raises(SessionLockedError):
        store.open_writer(sid)
    assert not store.is_open(sid)
