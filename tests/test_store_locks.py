"""Probing whether a session is open never takes its lock: a `list` in a loop, the home screen's
refresh or a shadow's presence check can run while a legitimate `resume` opens the session."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from interviewer.records import SessionMeta
from interviewer.store import SessionLockedError, SessionStore, StoreError
from interviewer.store.lock import LockHeldError, SidecarLock
from interviewer.store.notes_file import NotesReader, NotesWriter

PROBER = """
import sys, time
from interviewer.store import SessionStore, list_sessions
from interviewer.store.notes_file import NotesReader
store = SessionStore(sys.argv[1])
ref = store.ref(sys.argv[2])
reader = NotesReader(ref)
print("ready", flush=True)
n = 0
end = time.monotonic() + float(sys.argv[3])
while time.monotonic() < end:
    store.is_open(ref.id)
    reader.present()
    n += 1
    if n % 20 == 0:
        list_sessions(store)
print(n, flush=True)
"""


def test_probing_in_another_process_never_makes_an_open_fail(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    sid = store.create(SessionMeta("full"), "id: x\n", now=time.time()).id
    ref = store.ref(sid)
    NotesWriter(ref, "alex").close()  # so the prober has a facilitator lock to probe too
    prober = subprocess.Popen(
        [sys.executable, "-c", PROBER, str(store.root), sid, "60"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert prober.stdout is not None
    try:
        assert prober.stdout.readline().strip() == "ready"
        refused = 0
        for _ in range(2000):
            try:
                store.open_writer(sid).close()
            except SessionLockedError:
                refused += 1
            try:
                NotesWriter(ref, "alex").close()
            except StoreError:
                refused += 1
        assert prober.poll() is None, "the prober was still probing throughout"
    finally:
        prober.kill()
        prober.wait()
    assert refused == 0


def test_a_probe_sees_a_lock_held_in_another_process_and_in_this_one(tmp_path):
    path = str(tmp_path / "x.lock")
    assert SidecarLock(path).held_elsewhere() is False
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from interviewer.store.lock import SidecarLock\n"
            "SidecarLock(sys.argv[1]).acquire(); print('held', flush=True); sys.stdin.read()",
            path,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        assert SidecarLock(path).held_elsewhere() is True
        with pytest.raises(LockHeldError):
            SidecarLock(path).acquire()
    finally:
        holder.stdin.close()
        holder.wait()
    # released by the kernel when the holder exits
    assert SidecarLock(path).held_elsewhere() is False
    mine = SidecarLock(path)
    mine.acquire()
    try:
        assert SidecarLock(path).held_elsewhere() is True  # another handle in this process
        with pytest.raises(LockHeldError):
            SidecarLock(path).acquire()
    finally:
        mine.release()
    assert SidecarLock(path).held_elsewhere() is False


def test_probing_a_missing_lock_file_does_not_create_it(tmp_path):
    path = tmp_path / "none.lock"
    assert SidecarLock(str(path)).held_elsewhere() is False
    assert not path.exists()


def test_presence_follows_a_facilitator_process(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    sid = store.create(SessionMeta("full"), "id: x\n", now=time.time()).id
    reader = NotesReader(store.ref(sid))
    with NotesWriter(store.ref(sid), "alex"):
        assert reader.present() == ["alex"]
    assert reader.present() == []
