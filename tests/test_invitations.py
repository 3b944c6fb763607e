"""Invitations: a link's token is never stored, lookups cannot tell unknown from expired or
revoked, an interviewee link creates one session on first use and resumes it after."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from jsonl_driver import run_cli

from interviewer.records import Started
from interviewer.session.links import open_link
from interviewer.store import InvitationStore, SessionStore, StoreError, parse_expiry
from interviewer.store.invitations import FILE

ID_VISIBLE = 8


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _token_from(link: str) -> str:
    assert "/i/" in link
    return link.rsplit("/i/", 1)[1]


def test_the_token_is_random_enough_and_only_its_hash_is_stored(tmp_path):
    invitations = InvitationStore(tmp_path)
    token, inv = invitations.create_interviewee("executive", "Acme", "Sam Lee", 14 * 86400)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 >= 128
    data = (tmp_path / FILE).read_bytes()
    assert token.encode() not in data
    assert token[ID_VISIBLE:].encode() not in data  # not even the part past the public id
    record = json.loads(data.splitlines()[0])
    assert record["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert record["id"] == inv.id == token[: len(inv.id)]
    assert record["session_id"] is None and record["kind"] == "interviewee"
    assert inv.expires == pytest.approx(inv.created + 14 * 86400)


def test_the_file_is_private(tmp_path):
    os.umask(0o022)
    InvitationStore(tmp_path / "sessions").create_interviewee("executive", None, None, None)
    mode = stat.S_IMODE(os.stat(tmp_path / "sessions" / FILE).st_mode)
    assert mode == 0o600


def test_lookup_finds_an_active_link_and_nothing_else(tmp_path):
    clock = Clock()
    invitations = InvitationStore(tmp_path, clock=clock)
    token, inv = invitations.create_interviewee("tech-lead", "Acme", "Ana", 3600)
    found = invitations.lookup(token)
    assert found is not None and found.id == inv.id and found.track == "tech-lead"
    assert invitations.lookup("x" + token[1:]) is None  # unknown
    assert invitations.lookup("") is None
    assert invitations.lookup("a" * 10_000) is None
    clock.now += 3601  # expired
    assert invitations.lookup(token) is None
    assert invitations.list()[0].status(clock.now) == "expired"

    other, inv2 = invitations.create_interviewee("tech-lead", "Acme", "Bo", None)
    assert invitations.lookup(other) is not None
    assert invitations.revoke(inv2.id).revoked
    assert invitations.lookup(other) is None  # revoked
    assert open_link(invitations, other, SessionStore(tmp_path)) is None


def test_first_use_creates_the_session_and_later_uses_resume_it(tmp_path):
    store = SessionStore(tmp_path)
    invitations = InvitationStore(tmp_path)
    token, _ = invitations.create_interviewee("executive", "Acme", "Sam Lee", None)
    assert store.session_ids() == []
    opened = open_link(invitations, token, store)
    assert opened is not None
    bound, sid = opened
    assert bound.session_id == sid and store.session_ids() == [sid]
    meta = store.meta(sid)
    assert (meta.track, meta.org, meta.participant) == ("executive", "Acme", "Sam Lee")
    assert [type(e) for e in store.events(sid)] == [Started]
    assert not store.is_open(sid)  # not kept locked: the caller opens it
    again = open_link(invitations, token, store)
    assert again is not None and again[1] == sid
    assert store.session_ids() == [sid]
    found = invitations.lookup(token)
    assert found is not None and found.session_id == sid


def test_two_first_uses_at_once_create_one_session(tmp_path):
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Sam", None)
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def use() -> None:
        try:
            barrier.wait()
            opened = open_link(InvitationStore(tmp_path), token, SessionStore(tmp_path))
            assert opened is not None
            results.append(opened[1])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=use) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1 and len(results) == 6
    assert SessionStore(tmp_path).session_ids() == results[:1]


def test_two_processes_first_use_create_one_session(tmp_path):
    token, _ = InvitationStore(tmp_path).create_interviewee("platform", "Acme", "Sam", None)
    code = (
        "import sys\n"
        "from interviewer.session.links import open_link\n"
        "from interviewer.store import InvitationStore, SessionStore\n"
        "root, token = sys.argv[1], sys.argv[2]\n"
        "print(open_link(InvitationStore(root), token, SessionStore(root))[1])\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path), token], stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outs = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(outs) == 1 and SessionStore(tmp_path).session_ids() == sorted(outs)


def test_a_facilitator_link_needs_an_existing_session(tmp_path):
    store = SessionStore(tmp_path)
    invitations = InvitationStore(tmp_path)
    with pytest.raises(StoreError, match="no session"):
        invitations.create_facilitator("20260101-0000-abcdef", "alex", None)
    with pytest.raises(StoreError, match="facilitator name"):
        invitations.create_facilitator("20260101-0000-abcdef", "not a name", None)
    assert not (tmp_path / FILE).exists()

    token, _ = invitations.create_interviewee("executive", "Acme", "Sam", None)
    opened = open_link(invitations, token, store)
    assert opened is not None
    sid = opened[1]
    f_token, f_inv = invitations.create_facilitator(sid, "alex", 12 * 3600)
    assert (f_inv.kind, f_inv.who, f_inv.session_id, f_inv.track) == (
        "facilitator",
        "alex",
        sid,
        "executive",
    )
    assert open_link(invitations, f_token, store) == (f_inv, sid)
    assert store.session_ids() == [sid]


def test_unknown_role_and_bad_expiry_are_refused():
    assert parse_expiry("14d") == 14 * 86400
    assert parse_expiry("12h") == 12 * 3600
    assert parse_expiry("30m") == 1800
    assert parse_expiry("never") is None
    for bad in ("", "14", "0d", "-1d", "3x", "forever"):
        with pytest.raises(StoreError, match="not an expiry"):
            parse_expiry(bad)


def test_revoke_takes_a_unique_prefix(tmp_path):
    invitations = InvitationStore(tmp_path)
    made = [invitations.create_interviewee("executive", "Acme", str(i), None) for i in range(40)]
    ids = [inv.id for _, inv in made]
    # two ids sharing a first character make that character ambiguous
    first = next(c for c in {i[0] for i in ids} if sum(x.startswith(c) for x in ids) > 1)
    with pytest.raises(StoreError, match="matches"):
        invitations.revoke(first)
    with pytest.raises(StoreError, match="no invitation starts with"):
        invitations.revoke("!!")
    token, inv = made[0]
    assert invitations.revoke(inv.id[:6]).revoked
    assert invitations.lookup(token) is None
    assert invitations.lookup(made[1][0]) is not None
    # the whole token (or link) names its invitation too
    assert invitations.revoke(f"http://h/i/{made[1][0]}").id == made[1][1].id
    assert [i.revoked for i in invitations.list()][:3] == [True, True, False]


def test_a_damaged_line_is_skipped_with_a_warning_and_kept(tmp_path):
    invitations = InvitationStore(tmp_path)
    token, _ = invitations.create_interviewee("executive", "Acme", "Sam", None)
    path = tmp_path / FILE
    with path.open("ab") as f:
        f.write(b'{"id": "broken"}\nnot JSON at all\n{"torn": ')  # and a torn tail
    damaged = path.read_bytes()
    assert invitations.lookup(token) is not None
    assert invitations.warnings == []  # a look-up reads only the lines that carry its hash
    assert len(invitations.list()) == 1
    assert len(invitations.warnings) == 2 and "line 2 skipped" in invitations.warnings[0]
    assert "left as is" in invitations.warnings[0]
    other, _ = invitations.create_interviewee("platform", "Acme", "Bo", None)
    data = path.read_bytes()
    assert data.startswith(damaged)  # never rewritten: appended after, the torn line ended
    assert invitations.lookup(other) is not None
    assert len(invitations.list()) == 2
    assert len(invitations.warnings) == 3  # the torn line is now a damaged line of its own


def test_a_linked_invitations_file_is_never_followed(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("")
    root = tmp_path / "sessions"
    root.mkdir()
    (root / FILE).symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        InvitationStore(root).create_interviewee("executive", None, None, None)
    assert target.read_text() == ""


# -- the command line, in a real process --------------------------------------------------------


def test_invite_prints_a_link_lists_and_revokes(tmp_path):
    root = tmp_path / "sessions"
    result = run_cli(
        ["invite", "--role", "executive", "--org", "Acme", "--participant", "Sam Lee"], root
    )
    assert result.returncode == 0, result.stderr
    link, sentence = result.stdout.splitlines()
    assert link.startswith("http://127.0.0.1:8000/i/")
    token = _token_from(link)
    assert "expires" in sentence and "resumes" in sentence
    assert token.encode() not in (root / FILE).read_bytes()

    result = run_cli(
        ["invite", "--role", "platform", "--expires", "never", "--public-url", "https://x.io/"],
        root,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("https://x.io/i/") and "never expires" in result.stdout
    second = _token_from(result.stdout.splitlines()[0])

    listed = run_cli(["invite", "--list"], root)
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == [
        "ID",
        "KIND",
        "ROLE",
        "ORG",
        "FOR",
        "SESSION",
        "CREATED",
        "EXPIRES",
        "STATUS",
    ]
    assert len(rows) == 2 and all(r.split()[-1] == "active" for r in rows)
    assert "Sam Lee" in rows[0] and "executive" in rows[0]
    hashes = [json.loads(line)["token_hash"] for line in (root / FILE).read_text().splitlines()]
    for secret in (token, second, *hashes):
        assert secret not in listed.stdout

    revoked = run_cli(["invite", "--revoke", token[:5]], root)
    assert revoked.returncode == 0, revoked.stderr
    assert token[:8] in revoked.stdout
    listed = run_cli(["invite", "--list"], root)
    assert [r.split()[-1] for r in listed.stdout.splitlines()[1:]] == ["revoked", "active"]
    assert InvitationStore(root).lookup(token) is None
    assert InvitationStore(root).lookup(second) is not None


def test_invite_an_ambiguous_prefix_is_one_line(tmp_path):
    invitations = InvitationStore(tmp_path)
    ids = [invitations.create_interviewee("executive", None, str(i), None)[1].id for i in range(40)]
    first = next(c for c in {i[0] for i in ids} if sum(x.startswith(c) for x in ids) > 1)
    result = run_cli(["invite", "--revoke", first], tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("interviewer: ") and "matches" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not any(i.revoked for i in invitations.list())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--role", "boss"], "unknown role 'boss'"),
        (["--role", "executive", "--expires", "3x"], "not an expiry"),
        (["--shadow", "20260101-0000-abcdef", "--as", "alex"], "no session"),
        (["--shadow", "../etc", "--as", "alex"], "not a valid session id"),
        (["--revoke", "zzzz"], "no invitation starts with"),
        (["--role", "executive", "--public-url", "ftp://x"], "not a public URL"),
    ],
)
def test_invite_mistakes_are_one_line(tmp_path, args, says):
    result = run_cli(["invite", *args], tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("interviewer: ") and says in lines[0]
    assert result.stdout == ""


def test_invite_shadow_prints_a_facilitator_link(tmp_path):
    invitations = InvitationStore(tmp_path)
    token, _ = invitations.create_interviewee("executive", "Acme", "Sam", None)
    opened = open_link(invitations, token, SessionStore(tmp_path))
    assert opened is not None
    result = run_cli(
        ["invite", "--shadow", opened[1], "--as", "alex", "--expires", "12h"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    link, sentence = result.stdout.splitlines()
    inv = InvitationStore(tmp_path).lookup(_token_from(link))
    assert inv is not None and (inv.kind, inv.who, inv.session_id) == (
        "facilitator",
        "alex",
        opened[1],
    )
    assert "alex" in sentence and opened[1] in sentence


def test_invite_list_warns_about_a_damaged_line(tmp_path):
    InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Sam", None)
    with (tmp_path / FILE).open("a") as f:
        f.write("not JSON\n")
    before = (tmp_path / FILE).read_bytes()
    result = run_cli(["invite", "--list"], tmp_path)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("interviewer: warning: ")
    assert "line 2 skipped" in lines[0]
    assert (tmp_path / FILE).read_bytes() == before


def test_a_session_made_by_an_invitation_is_listed_like_any_other(tmp_path):
    invitations = InvitationStore(tmp_path)
    token, _ = invitations.create_interviewee("executive", "Acme", "Sam", None)
    opened = open_link(invitations, token, SessionStore(tmp_path))
    assert opened is not None
    result = run_cli(["list"], Path(tmp_path))
    assert result.returncode == 0 and result.stderr == ""
    assert opened[1] in result.stdout


def test_a_session_made_by_an_invitation_is_made_like_the_runner_makes_one(tmp_path):
    from interviewer.session.runner import SessionRunner

    store = SessionStore(tmp_path)
    runner = SessionRunner.start(store, "executive", "Acme", "Sam", None)
    runner.close()
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Sam", None)
    opened = open_link(InvitationStore(tmp_path), token, store)
    assert opened is not None
    by_runner, by_link = store.meta(runner.session_id), store.meta(opened[1])
    assert replace(by_link, id="", started=0.0) == replace(by_runner, id="", started=0.0)
    (by_link_start,), by_runner_start = store.events(opened[1]), store.events(runner.session_id)[0]
    assert by_link_start == by_runner_start._replace(ts=by_link_start.ts)
    copy = store.script_copy(opened[1]).read_bytes()
    assert copy == store.script_copy(runner.session_id).read_bytes()
    resumed = SessionRunner.resume(store, opened[1])  # and the front ends can open it
    resumed.close()


def test_a_look_up_finds_what_reading_every_line_finds(tmp_path):
    """The look-up parses only the lines that carry the token's hash or its invitation's id,
    and still agrees with the whole file: revoked, bound, expired, a later line for the same id
    with another hash (the last line for an id wins), a damaged line carrying a hash."""
    invitations = InvitationStore(tmp_path)
    made = [invitations.create_interviewee("executive", "Acme", f"P{i}", None) for i in range(6)]
    invitations.revoke(made[1][1].id)
    invitations.bind(made[2][1].id, "20260101-0000-aaaaaa")
    replaced = made[3][1]._replace(token_hash="0" * 64)
    expired = made[4][1]._replace(expires=1.0)
    with (tmp_path / FILE).open("ab") as f:
        for inv in (replaced, expired):
            f.write(json.dumps(inv.to_json()).encode() + b"\n")
        f.write(b'{"token_hash": "%s", \n' % made[5][1].token_hash.encode())
    by_id = {inv.id: inv for inv in InvitationStore(tmp_path).list()}
    found = [InvitationStore(tmp_path).lookup(token) for token, _ in made]
    assert [inv is not None for inv in found] == [True, False, True, False, False, True]
    for (token, inv), got in zip(made, found, strict=True):
        final = by_id[inv.id]
        active = final.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert got == (final if active and final.status(2e9) == "active" else None)
    assert found[2] is not None and found[2].session_id == "20260101-0000-aaaaaa"
