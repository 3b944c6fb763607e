"""A line nested 100,000 deep, or longer than a line may be, planted in every file the project
reads (transcript, notes, meta, invitations, deletion log), then every command that reads it:
each keeps working for everything else and says, in one line naming file and line, what it
skipped or could not read. Plus the bounded reader itself, against Python's json."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import MINI
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonl_driver import answer_for, finished_session, paused_session, run_cli

from interviewer.bounded_json import MAX_DEPTH, MAX_LINE, JSONBoundsError, depth_problem, loads
from interviewer.engine.interview import Ask
from interviewer.session.facilitation import record
from interviewer.store import InvitationStore, SessionStore, safe_io
from interviewer.store.deletion_log import LOG, read_log

DEEP = 100_000
SAID = "We deploy by hand every Friday night"


def damaged(kind: str, table: str = "notes", doc_id: int = 90) -> bytes:
    """One line of the kind the tester planted, shaped like the file's own lines."""
    if kind == "nested":
        value = b"[" * DEEP + b"]" * DEEP
    else:
        value = json.dumps({"type": "annotation", "note": "x" * (MAX_LINE + 10)}).encode()
    return b'{"t":"%s","id":%d,"doc":%s}\n' % (table.encode(), doc_id, value)


def _answer(ask: Ask) -> str:
    msg = {"kind": ask.step.kind, "purpose": ask.step.purpose, "min": ask.step.min}
    return SAID if ask.step.kind == "text" else answer_for(msg, indicator="no")


def _finished(root: Path) -> str:
    sid = finished_session(root, _answer, org="Acme", participant="Dana", script=MINI)
    record(SessionStore(root), sid, "alex", "annotation", turn=1, note="by hand", tags=["pain"])
    return sid


def _paused(root: Path) -> str:
    return paused_session(root, SAID, script=MINI)


def _append(path: Path, line: bytes) -> None:
    with path.open("ab") as f:
        f.write(line)


class Planted:
    """A sessions folder with damage in every file the project reads."""

    def __init__(self, root: Path, kind: str) -> None:
        self.root, self.kind = root, kind
        self.paused, self.done, self.bad_meta = _paused(root), _finished(root), _finished(root)
        self.bad_transcript, self.doomed = _finished(root), _finished(root)
        for sid in (self.paused, self.done):
            _append(root / sid / "notes-kim.jsonl", damaged(kind))  # kim's first line
        alex = root / self.done / "notes-alex.jsonl"
        first = json.loads(alex.read_text())
        _append(alex, damaged(kind))  # alex's second line, then a third after it
        first["id"], first["doc"]["note"] = 3, "after"
        _append(alex, json.dumps(first).encode() + b"\n")
        if kind == "nested":
            meta = b'{"_default":{"1":' + b"[" * DEEP + b"]" * DEEP + b"}}"
        else:
            meta = b'{"_default":{"1":{"track":"short","org":"' + b"x" * (MAX_LINE + 1) + b'"}}}'
        (root / self.bad_meta / "meta.json").write_bytes(meta)
        _append(root / self.bad_transcript / "transcript.jsonl", damaged(kind, "events", 900))
        invitations = InvitationStore(root)
        invitations.create_facilitator(self.doomed, "alex", None)
        _append(root / "invitations.jsonl", damaged(kind, "invitations"))  # line 2
        self.token, _ = invitations.create_interviewee("executive", "Acme", "Pat", None)
        _append(root / LOG, damaged(kind, "deletions"))


@pytest.fixture(scope="module", params=["nested", "oversized"])
def planted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return Planted(tmp_path_factory.mktemp(request.param) / "sessions", request.param)


def reason(kind: str) -> str:
    return f"nested more than {MAX_DEPTH} deep" if kind == "nested" else "1 MiB"


def assert_clean(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr
    assert "RecursionError" not in done.stderr


def test_list_shows_every_session_and_says_which_meta_cannot_be_read(planted):
    done = run_cli(["list"], planted.root)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    for sid in (planted.paused, planted.done, planted.bad_transcript, planted.doomed):
        assert sid in done.stdout
    row = next(line for line in done.stdout.splitlines() if planted.bad_meta in line)
    assert "unreadable" in row
    assert f"{planted.bad_meta}/meta.json cannot be read" in done.stderr
    assert reason(planted.kind) in done.stderr


def test_resume_goes_on_past_a_damaged_notes_line_with_a_warning(planted):
    done = run_cli(["resume", planted.paused, "--jsonl"], planted.root)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    assert '"type": "ask"' in done.stdout and '"type": "paused"' in done.stdout
    assert "notes-kim.jsonl: line 1 skipped" in done.stderr
    assert reason(planted.kind) in done.stderr


@pytest.mark.parametrize("command", ["resume", "export"])
def test_the_damaged_transcript_is_one_line_naming_file_and_line(planted, command):
    args = [command, planted.bad_transcript] + (["--jsonl"] if command == "resume" else [])
    done = run_cli(args, planted.root)
    assert done.returncode == 1
    assert_clean(done)
    lines = [line for line in done.stderr.splitlines() if line.startswith("interviewer:")]
    assert len(lines) == 1
    assert "transcript.jsonl: line" in lines[0] and reason(planted.kind) in lines[0]
    assert "left as is" in lines[0]


def test_export_with_notes_keeps_the_readable_notes_and_warns(planted):
    done = run_cli(["export", planted.done, "--with-notes"], planted.root)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    assert "by hand" in done.stdout and "after" in done.stdout  # the lines around the damage
    assert "notes-alex.jsonl: line 2 skipped" in done.stderr
    assert "notes-kim.jsonl: line 1 skipped" in done.stderr


def test_the_organisation_report_covers_the_readable_sessions(planted):
    done = run_cli(["report", "--org", "Acme"], planted.root)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    said = done.stdout + done.stderr  # the report names what it left out, and why
    assert planted.bad_meta in said and planted.bad_transcript in said
    assert reason(planted.kind) in said
    # the finished ones whose files can be read; the paused one answered nothing (its one
    # reply fits no option of the first question), so it is listed as not started, in no figure
    assert "from 2 sessions" in done.stdout
    assert "1 session opened and never answered" in done.stdout
    assert planted.paused in done.stdout


def test_invite_list_and_a_link_look_up_skip_the_damaged_line(planted, caplog):
    done = run_cli(["invite", "--list"], planted.root)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    assert "invitations.jsonl: line 2 skipped" in done.stderr
    assert "Pat" in done.stdout
    found = InvitationStore(planted.root).lookup(planted.token)
    assert found is not None and found.participant == "Pat"
    assert InvitationStore(planted.root).lookup("not-a-token") is None


def test_delete_removes_and_logs_past_damaged_invitation_and_log_lines(planted, caplog):
    before = (planted.root / "invitations.jsonl").read_bytes()
    done = run_cli(["delete", planted.doomed, "--yes"], planted.root)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    assert not os.path.lexists(planted.root / planted.doomed)
    after = (planted.root / "invitations.jsonl").read_bytes()
    assert damaged(planted.kind, "invitations") in after  # kept as it was
    assert planted.doomed.encode() not in after and len(after) < len(before)
    with caplog.at_level(logging.WARNING, logger="interviewer.store"):
        logged = read_log(planted.root)
    assert [r.session_id for r in logged] == [planted.doomed]
    assert f"{LOG}: line 1 skipped" in caplog.text
    for damaged_session in (planted.bad_meta, planted.bad_transcript):  # damaged: still go
        again = run_cli(["delete", damaged_session, "--yes"], planted.root)
        assert again.returncode == 0, again.stderr
        assert not os.path.lexists(planted.root / damaged_session)
    assert [r.session_id for r in read_log(planted.root)] == [
        planted.doomed,
        planted.bad_meta,
        planted.bad_transcript,
    ]


# -- the bounded reader -----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ ab,:'),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=30,
)


def nesting(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((nesting(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((nesting(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(json_values, st.integers(min_value=0, max_value=8))
def test_depth_is_measured_exactly_and_strings_never_count(value, limit):
    text = json.dumps(value).encode()
    assert (depth_problem(text, limit) is None) == (nesting(value) <= limit)
    if nesting(value) <= limit:
        assert loads(text, max_depth=limit) == value
    else:
        with pytest.raises(JSONBoundsError):
            loads(text, max_depth=limit)


PIECES = [b"[", b'{"k":', b"[0,", b'["x",', b'"[{"', b'"\\"[["', b"]", b"}", b",", b"1", b" "]


@settings(max_examples=500, deadline=None)
@given(
    st.binary(max_size=200)
    | st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join),  # nests, with traps
    st.integers(min_value=1, max_value=300),
)
def test_what_the_scan_lets_through_never_exhausts_the_parser(data, times):
    """Python's own json, not the bounded reader, parses what the scan passes: it never
    recurses past the bound (a RecursionError here fails the test); everything else is a
    ValueError of the bounded reader, never anything else."""
    text = data * times
    if depth_problem(text) is None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(len(inspect_stack()) + 3 * MAX_DEPTH)  # room for the bound only
        try:
            json.loads(text)
        except ValueError:
            pass
        finally:
            sys.setrecursionlimit(limit)
    else:
        with pytest.raises(JSONBoundsError):
            loads(text, max_bytes=len(text))


def inspect_stack() -> list:
    import inspect

    return inspect.stack(0)


def test_strings_full_of_quotes_and_brackets_are_read_as_strings():
    """Brackets and escaped quotes inside strings never count; an unterminated string stops
    the count where json stops reading."""
    inside = json.dumps(["[" * DEEP + '\\"{' * 1000]).encode()
    assert loads(inside, max_bytes=1 << 21) == ["[" * DEEP + '\\"{' * 1000]
    with pytest.raises(ValueError, match="Unterminated string"):
        loads(b'["' + b'\\"[' * DEEP, max_bytes=1 << 21)
    with pytest.raises(JSONBoundsError, match="nested more than 64 deep"):
        loads(b'["a",' * 10 + b"[" * 60 + b'"' + b"]" * 70)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=12),
    st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")),
    st.integers(min_value=1, max_value=25),
    st.integers(min_value=1, max_value=16),
)
def test_lines_are_read_whole_or_skipped_and_a_torn_tail_is_left(lines, tail, max_line, chunk):
    """Read in pieces of any size: each complete line comes back whole, or as None when longer
    than `max_line`, with the bytes it took; the last line without its newline is not read."""
    data = b"".join(line + b"\n" for line in lines) + tail
    with tempfile.TemporaryFile() as f:
        f.write(data)
        f.flush()
        real = safe_io.CHUNK
        safe_io.CHUNK = chunk  # pieces smaller than the lines, to cross every boundary
        try:
            got = list(safe_io.complete_lines(f.fileno(), 0, max_line))
        finally:
            safe_io.CHUNK = real
    assert [line for line, _ in got] == [x if len(x) <= max_line else None for x in lines]
    assert [size for _, size in got] == [len(x) + 1 for x in lines]


@pytest.mark.parametrize("kind", ["nested", "oversized"])
async def test_links_answer_past_a_damaged_invitation_line(tmp_path, kind):
    """Over HTTP: the links before and after the damaged line open their page; an unknown one
    is the usual 404."""
    from aiohttp import ClientSession

    from interviewer.serve.access_log import runner_options
    from interviewer.serve.listen import listen
    from interviewer.serve.server import LinkServer, Settings

    invitations = InvitationStore(tmp_path)
    before, _ = invitations.create_interviewee("executive", "Acme", "Dana", None)
    _append(tmp_path / "invitations.jsonl", damaged(kind, "invitations"))
    after, _ = invitations.create_interviewee("executive", "Acme", "Pat", None)
    server = LinkServer(Settings(root=tmp_path, idle_seconds=60.0))
    listening = await listen(server.make_app(), "127.0.0.1", 0, 5.0, **runner_options())
    try:
        async with ClientSession(f"http://127.0.0.1:{listening.port}") as client:
            for token in (before, after):
                assert (await client.get(f"/i/{token}")).status == 200
            assert (await client.get(f"/i/{'x' * 43}")).status == 404
    finally:
        await listening.close()
