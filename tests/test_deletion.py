"""`interviewer delete` and `interviewer purge`: every file of a session goes, nothing of another
session does, an open session is refused, links are never followed, and each deletion leaves
one content-free line in the deletion log."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import time
from pathlib import Path

import pytest
from conftest import MINI
from jsonl_driver import JsonlProcess, answer_for, finished_session, paused_session, run_cli

from interviewer.cli import main
from interviewer.engine.interview import Ask
from interviewer.session.facilitation import record
from interviewer.session.links import open_link
from interviewer.store import InvitationStore, SessionStore
from interviewer.store.deletion import LOG, parse_age, read_log
from interviewer.store.notes_file import NotesWriter

DAY = 86400.0
SAID = "Our deploys are run by hand by Dana Whitfield every Friday night"


def _answer(ask: Ask) -> str:
    msg = {"kind": ask.step.kind, "purpose": ask.step.purpose, "min": ask.step.min}
    return SAID if ask.step.kind == "text" else answer_for(msg, indicator="no")


def _finished(root: Path, org: str = "Acme", participant: str = "Dana Whitfield") -> str:
    sid = finished_session(root, _answer, org=org, participant=participant, script=MINI)
    record(SessionStore(root), sid, "alex", "annotation", turn=1, note="by hand", tags=["pain"])
    return sid


def _paused(root: Path, org: str = "Acme") -> str:
    return paused_session(root, SAID, org, MINI)


def _files(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a digest of its content (links as their target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _age(folder: Path, days: float) -> None:
    """Make a session look untouched for `days`."""
    when = time.time() - days * DAY
    for path in [folder, *folder.iterdir()]:
        os.utime(path, (when, when), follow_symlinks=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


def test_delete_removes_every_file_of_the_session_and_nothing_else(root):
    sid, other = _finished(root), _finished(root, participant="Sam")
    folder = root / sid
    (folder / "stray.txt").write_text("something else someone left here")
    with NotesWriter(SessionStore(root).ref(sid), "kim"):
        pass  # kim's notes file and lock are there too
    invitations = InvitationStore(root)
    invitations.create_facilitator(sid, "alex", None)
    invitations.create_facilitator(other, "alex", None)
    assert {"transcript.jsonl", "meta.json", "script.yaml", "notes-alex.jsonl"} <= set(
        _files(folder)
    )
    before = _files(root / other)

    done = run_cli(["delete", sid, "--yes", "--by", "Consultant One"], root)

    assert done.returncode == 0, done.stderr
    assert f"Deleted session {sid}" in done.stdout
    assert not os.path.lexists(folder)
    assert _files(root / other) == before
    assert [e for e in root.iterdir() if e.name.startswith(".")] == []  # nothing half-deleted
    assert [inv.session_id for inv in InvitationStore(root).list()] == [other]
    assert "Dana" not in (root / "invitations.jsonl").read_text()
    log = read_log(root)
    assert len(log) == 1
    assert log[0]._replace(id="") == (
        sid,
        "Acme",
        time.strftime("%Y-%m-%d"),
        "Consultant One",
        "delete",
        "",
    )
    line = json.loads((root / LOG).read_text())
    assert set(line) == {"date", "session", "org", "by", "command", "id"}
    assert re.fullmatch(r"[0-9a-f]{16}", line["id"])  # the deletion's own random id
    text = (root / LOG).read_text()
    assert "Dana" not in text and "Friday" not in text and "hand" not in text
    assert (root / LOG).stat().st_mode & 0o777 == 0o600
    assert run_cli(["list"], root).stdout.count(other) == 1


def test_delete_asks_first_and_refuses_without_a_terminal(root, monkeypatch, capsys):
    sid = _finished(root)
    done = run_cli(["delete", sid], root, stdin="y\n")  # a pipe is not a terminal
    assert done.returncode == 1
    assert "confirmation is asked on a terminal" in done.stderr and "--yes" in done.stderr
    assert "Traceback" not in done.stderr
    assert (root / sid).is_dir() and not (root / LOG).exists()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["delete", sid, "--sessions-dir", str(root)]) == 1
    assert "Nothing was deleted." in capsys.readouterr().out
    assert (root / sid).is_dir()

    monkeypatch.setattr("sys.stdin", Terminal(sid + "\n"))  # typing the id confirms
    assert main(["delete", sid, "--sessions-dir", str(root), "--by", "kim"]) == 0
    out = capsys.readouterr().out
    assert f"Delete session {sid} (short, Acme, Dana Whitfield" in out
    assert not (root / sid).exists()
    assert [e.by for e in read_log(root)] == ["kim"]


def test_delete_refuses_a_session_open_in_another_process_unless_forced(root):
    sid = _paused(root)
    other = _finished(root)
    window = JsonlProcess(["resume", sid], root)
    try:
        window.read_until("ask")  # the interview is open in that process
        before = _files(root / sid)
        done = run_cli(["delete", sid, "--yes"], root)
        assert done.returncode == 1
        assert f"session {sid} is open in a window (the interviewee)" in done.stderr
        assert "--force" in done.stderr
        assert _files(root / sid) == before
        assert not (root / LOG).exists()
        _age(root / sid, 10)  # opened long ago, idle since: still open
        purge = run_cli(["purge", "--older-than", "1d", "--yes"], root)
        assert purge.returncode == 0, purge.stderr
        assert f"Skipped {sid}: it is open in a window." in purge.stdout
        assert _files(root / sid) == before
    finally:
        window.close_input()
    assert (root / other).is_dir()


def test_delete_refuses_while_held_with_the_real_lock_and_force_deletes(root):
    sid = _finished(root)
    with SessionStore(root).open_writer(sid):
        assert run_cli(["delete", sid, "--yes"], root).returncode == 1
        assert (root / sid).is_dir()
        forced = run_cli(["delete", sid, "--yes", "--force"], root)
        assert forced.returncode == 0, forced.stderr
    assert not os.path.lexists(root / sid)
    assert len(read_log(root)) == 1


def test_delete_never_follows_a_link_out_of_the_sessions_folder(root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not a session's")
    sid = _finished(root)
    os.symlink(outside / "keep.txt", root / sid / "notes-mallory.jsonl")
    os.symlink(outside, root / sid / "folder-link")
    assert run_cli(["delete", sid, "--yes"], root).returncode == 0
    assert not os.path.lexists(root / sid)
    assert (outside / "keep.txt").read_text() == "not a session's"

    os.symlink(outside, root / "20260101-0000-abcdef")  # a link in place of a session
    done = run_cli(["delete", "20260101-0000-abcdef", "--yes"], root)
    assert done.returncode == 1
    assert "symbolic link" in done.stderr and "left as is" in done.stderr
    _age(root, 400)
    purge = run_cli(["purge", "--older-than", "1d", "--yes"], root)
    assert purge.returncode == 0, purge.stderr
    assert "Skipped 20260101-0000-abcdef: it is a symbolic link" in purge.stdout
    assert (outside / "keep.txt").exists() and os.path.islink(root / "20260101-0000-abcdef")


def test_delete_of_no_such_session_or_a_bad_id_is_one_line(root):
    _finished(root)
    for sid, says in (("20200101-0000-000000", "no session"), ("../x", "not a valid session id")):
        done = run_cli(["delete", sid, "--yes"], root)
        assert done.returncode == 1 and says in done.stderr
        assert "Traceback" not in done.stderr


def test_purge_deletes_old_completed_and_abandoned_sessions_only(root):
    old_done = _finished(root)
    old_paused = _paused(root)
    recent = _finished(root)
    other_org = _finished(root, org="Globex")
    old_open = _paused(root)
    for sid in (old_done, old_paused, other_org, old_open):
        _age(root / sid, 200)
    keep = {sid: _files(root / sid) for sid in (recent, other_org, old_open)}
    everything = _files(root)

    with SessionStore(root).open_writer(old_open):
        dry = run_cli(["purge", "--older-than", "180d", "--org", "acme", "--dry-run"], root)
        assert dry.returncode == 0, dry.stderr
        assert _files(root) == everything  # a dry run deletes nothing
        listed = dry.stdout
        assert old_done in listed and old_paused in listed
        assert recent not in listed.split("Skipped")[0] and other_org not in listed
        assert f"Skipped {old_open}: it is open in a window." in listed
        assert "Dry run: 2 sessions would be deleted; nothing was." in listed

        done = run_cli(["purge", "--older-than", "26w", "--org", "Acme", "--yes"], root)
        assert done.returncode == 0, done.stderr
    assert not os.path.lexists(root / old_done) and not os.path.lexists(root / old_paused)
    for sid, files in keep.items():
        assert _files(root / sid) == files
    log = read_log(root)
    assert sorted(e.session_id for e in log) == sorted([old_done, old_paused])
    assert {e.command for e in log} == {"purge --older-than 26w"}
    assert len((root / LOG).read_text().splitlines()) == 2


def test_purge_asks_first_without_yes_and_takes_months(root):
    sid = _finished(root)
    _age(root / sid, 40)
    refused = run_cli(["purge", "--older-than", "1m"], root, stdin="y\n")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert (root / sid).is_dir()
    nothing = run_cli(["purge", "--older-than", "2m", "--yes"], root)
    assert "No completed or abandoned session is older than 2m." in nothing.stdout
    assert run_cli(["purge", "--older-than", "1m", "--yes"], root).returncode == 0
    assert not (root / sid).exists()


@pytest.mark.parametrize("bad", ["180", "0d", "6y", "abc", "-5d", "1.5w", ""])
def test_purge_rejects_an_age_it_cannot_read_with_an_example(root, bad):
    done = run_cli(["purge", f"--older-than={bad}", "--dry-run"], root)
    assert done.returncode == 1
    assert "like 180d (days), 26w (weeks) or 6m" in done.stderr
    assert "Traceback" not in done.stderr


def test_ages():
    assert parse_age("180d") == 180 * DAY
    assert parse_age("26w") == 26 * 7 * DAY
    assert parse_age(" 6M ") == 180 * DAY


def test_invitation_lines_of_the_session_go_and_a_damaged_line_stays(root):
    sid = _finished(root)
    invitations = InvitationStore(root)
    invitations.create_facilitator(sid, "alex", None)
    token, _ = invitations.create_interviewee("executive", "Acme", "Pat", None)
    with (root / "invitations.jsonl").open("a") as f:
        f.write("not json\n")
    assert run_cli(["delete", sid, "--yes"], root).returncode == 0
    lines = (root / "invitations.jsonl").read_text().splitlines()
    assert "not json" in lines
    assert [json.loads(line)["participant"] for line in lines if line != "not json"] == ["Pat"]
    assert InvitationStore(root).lookup(token) is not None


def test_a_window_whose_session_was_force_deleted_stops_at_its_next_answer(root):
    window = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], root)
    sid = window.read_until("session")["id"]
    window.read_until("ask")
    assert run_cli(["delete", sid, "--yes", "--force"], root).returncode == 0
    window.send("1")
    said = window.read_until("ask", "error")
    assert said["type"] == "error"
    assert said["message"] == f"session {sid} was deleted while it was open; nothing more is saved"
    assert window.close_input() == 1
    assert not os.path.lexists(root / sid)
    assert [e.name for e in root.iterdir() if not e.name.startswith("invitations")] == [LOG]


def test_an_interviewee_link_whose_session_was_deleted_opens_nothing_after(root):
    store = SessionStore(root)
    invitations = InvitationStore(root)
    token, _ = invitations.create_interviewee("executive", "Acme", "Pat Quinn", None)
    opened = open_link(invitations, token, store)
    assert opened is not None
    sid = opened[1]
    assert run_cli(["delete", sid, "--yes"], root).returncode == 0
    assert InvitationStore(root).lookup(token) is None  # not a fresh interview either
    assert open_link(InvitationStore(root), token, store) is None
    assert "Pat Quinn" not in (root / "invitations.jsonl").read_text()
    assert store.session_ids() == []
