"""`interviewer delete` killed (SIGKILL) at every point where it touches the disk, then any
command: the session is either untouched or gone entirely, with its invitation lines and exactly
one line in the deletion log; never half-deleted, never logged twice or not at all. And `purge`
checks again, at the moment it deletes, what it found due before its question."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI
from jsonl_driver import JsonlProcess, answer_for, finished_session, paused_session, run_cli

from interviewer.cli import main
from interviewer.engine.interview import Ask
from interviewer.records import TYPE_OF
from interviewer.session.facilitation import record
from interviewer.session.links import open_link
from interviewer.store import InvitationStore, SessionNotFoundError, SessionStore, list_sessions
from interviewer.store.deletion_log import Deleted, read_log
from interviewer.store.pending_deletion import PENDING, finish_pending, intent

# Runs the command line with a SIGKILL at the KILL_AT-th call of any os function that changes
# the disk; shutil is imported first so that rmtree keeps its descriptor-based, link-safe walk.
KILLER = """
import os, shutil, signal, sys, tempfile
at, calls = int(os.environ["KILL_AT"]), [0]
def stepping(real):
    def step(*args, **kwargs):
        calls[0] += 1
        if calls[0] == at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return step
for name in ("fsync", "rename", "replace", "unlink", "rmdir", "write", "ftruncate", "mkdir"):
    setattr(os, name, stepping(getattr(os, name)))
from interviewer.cli import main
sys.exit(main(sys.argv[1:]))
"""
SAID = "Our deploys are run by hand by Dana Whitfield every Friday night"


def _answer(ask: Ask) -> str:
    msg = {"kind": ask.step.kind, "purpose": ask.step.purpose, "min": ask.step.min}
    return SAID if ask.step.kind == "text" else answer_for(msg, indicator="no")


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A sessions folder with the session to delete (notes, two invitations) and another."""
    root = tmp_path_factory.mktemp("template") / "sessions"
    sid = finished_session(root, _answer, participant="Dana Whitfield", script=MINI)
    other = finished_session(root, _answer, participant="Sam", script=MINI)
    record(SessionStore(root), sid, "alex", "annotation", turn=1, note="by hand", tags=["pain"])
    invitations = InvitationStore(root)
    invitations.create_facilitator(sid, "alex", None)
    invitations.create_facilitator(other, "kim", None)
    return root, sid, other


def _kill_at(root: Path, sid: str, at: int) -> int:
    command = ["delete", sid, "--yes", "--by", "kim", "--sessions-dir", str(root)]
    done = subprocess.run(
        [sys.executable, "-c", KILLER, *command],
        env={**os.environ, "KILL_AT": str(at)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode


AFTERWARDS = (["list"], ["invite", "--list"], ["purge", "--older-than", "3650d", "--yes"])


def test_a_delete_killed_at_any_point_is_finished_or_never_begun(template, tmp_path, capsys):
    source, sid, other = template
    session, others = _files(source / sid), _files(source / other)
    invitations = (source / "invitations.jsonl").read_bytes()
    outcomes: dict[str, int] = {"deleted": 0, "untouched": 0, "rolled forward": 0}
    at = 0
    while True:
        at += 1
        root = tmp_path / f"run{at}"
        shutil.copytree(source, root)
        code = _kill_at(root, sid, at)
        if code == 0:
            break  # every step passed: the delete ran to its end
        assert code == -9, f"kill point {at}: exit {code}"
        pending = (root / PENDING).is_dir() and any(
            not p.name.startswith(".") for p in (root / PENDING).iterdir()
        )
        assert main([*AFTERWARDS[at % 3], "--sessions-dir", str(root)]) == 0
        capsys.readouterr()
        logged = [r for r in read_log(root) if r.session_id == sid]
        assert _files(root / other) == others, f"kill point {at}"
        assert [p.name for p in root.iterdir() if p.name.startswith(".")] == [], f"point {at}"
        if os.path.lexists(root / sid):
            assert not pending and logged == [], f"kill point {at}"
            assert _files(root / sid) == session
            assert (root / "invitations.jsonl").read_bytes() == invitations
            outcomes["untouched"] += 1
            continue
        assert len(logged) == 1, f"kill point {at}: logged {len(logged)} times"
        assert logged[0].by == "kim" and logged[0].command == "delete"
        text = (root / "invitations.jsonl").read_text()
        assert sid not in text and "Dana" not in text and other in text, f"kill point {at}"
        outcomes["rolled forward" if pending else "deleted"] += 1
    assert at > 15  # the intent, the rename, each file, the invitations, the log, the intent
    assert outcomes["untouched"] and outcomes["rolled forward"], outcomes
    assert not os.path.lexists(root / sid) and len(read_log(root)) == 1


def _pending(root: Path, sid: str, force: bool = False) -> None:
    """A deletion whose process died right after writing its intent."""
    record = Deleted(sid, "Acme", "2026-12-07", "kim", "delete", os.urandom(8).hex())
    with pytest.raises(KeyboardInterrupt), intent(root, record, force):
        raise KeyboardInterrupt


def test_a_pending_deletion_waits_for_a_window_that_has_the_session_open(template, tmp_path):
    source, sid, _ = template
    root = tmp_path / "sessions"
    shutil.copytree(source, root)
    with SessionStore(root).open_writer(sid):  # open since before the deletion began
        _pending(root, sid)
        finish_pending(root)
        assert (root / sid).is_dir() and read_log(root) == []  # not under an open window
        with pytest.raises(SessionNotFoundError, match="is being deleted"):
            SessionStore(root).open_writer(sid)  # nor opened again meanwhile
    assert sid not in [s.id for s in list_sessions(SessionStore(root))]  # listing finishes it
    assert [r.session_id for r in read_log(root)] == [sid]
    assert not (root / PENDING).exists()


def test_a_forced_deletion_cut_short_is_finished_even_under_an_open_window(template, tmp_path):
    source, sid, _ = template
    root = tmp_path / "sessions"
    shutil.copytree(source, root)
    with SessionStore(root).open_writer(sid):
        _pending(root, sid, force=True)
        finish_pending(root)
        assert not os.path.lexists(root / sid)
    assert [r.session_id for r in read_log(root)] == [sid]
    finish_pending(root)  # again: nothing more, no second line
    assert len(read_log(root)) == 1


def test_an_unreadable_intent_is_left_with_a_warning_and_stops_nothing(template, tmp_path, caplog):
    source, sid, _ = template
    root = tmp_path / "sessions"
    shutil.copytree(source, root)
    (root / PENDING).mkdir(mode=0o700)
    (root / PENDING / f"{sid}-junk.json").write_bytes(b"[" * 100_000)
    assert main(["list", "--sessions-dir", str(root)]) == 0
    assert "a deletion cut short could not be finished yet" in caplog.text
    assert (root / sid).is_dir() and (root / PENDING / f"{sid}-junk.json").exists()


# -- purge: the list is checked again when each session is deleted ----------------------------


def _age(folder: Path, days: float) -> None:
    when = time.time() - days * 86400
    for path in [folder, *folder.iterdir()]:
        os.utime(path, (when, when), follow_symlinks=False)


def _paused(root: Path) -> str:
    return paused_session(root, SAID, script=MINI)


def test_a_session_resumed_while_purge_asked_is_kept_and_said_so(tmp_path, monkeypatch, capsys):
    root = tmp_path / "sessions"
    resumed, untouched = _paused(root), _paused(root)
    _age(root / resumed, 40)
    _age(root / untouched, 40)

    class Terminal(io.StringIO):
        """The facilitator, slow to answer [y/N]: meanwhile the interviewee comes back."""

        def isatty(self) -> bool:
            return True

        # str, as typeshed's own StringIO.readline has it against IOBase's bytes
        def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
            window = JsonlProcess(["resume", resumed], root)
            window.read_until("ask")
            window.send("1")
            window.read_until("ask", "summary", "done")
            assert window.close_input() == 0
            return "y\n"

    monkeypatch.setattr("sys.stdin", Terminal())
    assert main(["purge", "--older-than", "30d", "--sessions-dir", str(root)]) == 0
    out = capsys.readouterr().out
    assert resumed in out.split("[y/N]")[0]  # it was on the list when the question was asked
    assert f"Kept {resumed}: it was resumed or changed since the list was made." in out
    assert "Deleted 1 of 2 sessions" in out
    assert (root / resumed).is_dir() and not os.path.lexists(root / untouched)
    events = SessionStore(root).events(resumed)
    assert [TYPE_OF[type(e)] for e in events][-3:] == ["resumed", "answer", "paused"]  # all there
    assert [r.session_id for r in read_log(root)] == [untouched]


def test_a_session_opened_while_purge_asked_is_skipped(tmp_path):
    root = tmp_path / "sessions"
    sid = _paused(root)
    _age(root / sid, 40)
    with SessionStore(root).open_writer(sid):
        done = run_cli(["purge", "--older-than", "30d", "--yes"], root)
    assert done.returncode == 0, done.stderr
    assert f"Skipped {sid}: it is open in a window." in done.stdout
    assert (root / sid).is_dir()
    assert json.loads((root / sid / "meta.json").read_text())["_default"]["1"]["id"] == sid


def test_the_link_of_a_session_whose_deletion_was_cut_short_opens_nothing(tmp_path):
    root = tmp_path / "sessions"
    store, invitations = SessionStore(root), InvitationStore(root)
    token, _ = invitations.create_interviewee("executive", "Acme", "Pat", None)
    opened = open_link(invitations, token, store)
    assert opened is not None
    _pending(root, opened[1])
    assert open_link(invitations, token, store) is None  # not a fresh interview either
    assert run_cli(["invite", "--list"], root).returncode == 0  # any command finishes it
    assert InvitationStore(root).list() == [] and read_log(root)[0].session_id == opened[1]
