"""The organisation report's cache: a completed session's analysis is kept beside it in
analysis-cache.json (0600), keyed by its event log and its script, so the next report does not
replay it. A new event or a changed script makes it stale, a damaged or mismatched cache is
ignored and replaced, and the report is the same with or without it."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, persona
from jsonl_driver import finished_session, paused_session, run_cli

from interviewer.export.org_report import build, read, render_org_json, render_org_markdown
from interviewer.records import Answer, Event, FacilitatorQuestion
from interviewer.store import SessionStore
from interviewer.store.analysis_cache import ANALYSIS_CACHE, write_cache
from interviewer.store.deletion import candidates, delete_session, due

DAY = date(2026, 12, 1)


@pytest.fixture()
def replays(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sessions the report replays, in order (it replays nothing it has a cache for)."""
    seen: list[str] = []
    gather = read.gather

    def counted(store, session_id, *args, **kwargs):
        seen.append(session_id)
        return gather(store, session_id, *args, **kwargs)

    monkeypatch.setattr(read, "gather", counted)
    return seen


@pytest.fixture()
def org(tmp_path):
    root = tmp_path / "sessions"
    ids = [
        finished_session(root, persona("no", 1, pains="1,2"), participant="Ann", script=MINI),
        finished_session(root, persona("yes", 4), participant="Bob", script=MINI),
        finished_session(root, persona("partly", 2), participant="Cy", script=MINI),
    ]
    return SessionStore(root), ids


def _report(store: SessionStore) -> tuple[str, str]:
    report = build(store, "acme", today=DAY)
    return render_org_markdown(report), json.dumps(render_org_json(report))


def _cache(store: SessionStore, sid: str) -> Path:
    return store.ref(sid).folder / ANALYSIS_CACHE


def _key(path: Path) -> dict[str, Any]:
    """The key a cache file was written under (its first line)."""
    return json.loads(path.read_bytes().split(b"\n")[0])["key"]


def test_a_second_report_reads_the_caches_and_says_the_same(org, replays):
    store, ids = org
    first = _report(store)
    assert sorted(replays) == sorted(ids)
    for sid in ids:
        path = _cache(store, sid)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert _key(path)["transcript"]
    replays.clear()
    assert _report(store) == first
    assert replays == []
    for sid in ids:
        _cache(store, sid).unlink()
    assert _report(store) == first  # and without any cache, the same again
    assert sorted(replays) == sorted(ids)


def test_a_session_not_finished_is_not_cached(org, replays):
    store, ids = org
    open_one = paused_session(store.root, "We ship by hand.", script=MINI)
    _report(store)
    assert not _cache(store, open_one).exists()
    assert all(_cache(store, sid).exists() for sid in ids)
    replays.clear()
    _report(store)
    assert replays == [open_one]  # replayed every time, as it may go on


def _append(store: SessionStore, sid: str, *events: Event) -> None:
    with store.open_writer(sid) as writer:
        writer.append(list(events))


def _row(markdown: str, sid: str) -> str:
    (row,) = [line for line in markdown.splitlines() if f"`{sid}`" in line and "| " in line]
    return row


def test_a_new_event_makes_the_cache_stale(org, replays):
    store, ids = org
    _report(store)
    sid = ids[1]
    key = _key(_cache(store, sid))
    replays.clear()
    question = FacilitatorQuestion("q1", "Who signs a release off?", "kim", time.time())
    _append(store, sid, question)
    markdown, _ = _report(store)
    assert replays == [sid]
    assert "| active |" in _row(markdown, sid)  # the new question is open: not the cached view
    replays.clear()
    _append(store, sid, Answer("facilitator.q1", "The CTO.", "The CTO.", time.time()))
    markdown, _ = _report(store)
    assert replays == [sid] and "| completed |" in _row(markdown, sid)
    assert _key(_cache(store, sid))["transcript"] != key["transcript"]
    replays.clear()
    _report(store)
    assert replays == []


def test_a_changed_script_makes_the_cache_stale(tmp_path, replays):
    root = tmp_path / "sessions"
    sid = finished_session(root, persona("no", 1), script=MINI)
    store = SessionStore(root)
    before, _ = _report(store)
    old, new = "Script every deployment end to end", "Script every release end to end"
    assert old in before
    copy = store.script_copy(sid)
    copy.write_text(copy.read_text().replace(old, new))
    replays.clear()
    after, _ = _report(store)
    assert replays == [sid]
    assert new in after and old not in after
    replays.clear()
    assert _report(store)[0] == after and replays == []


def _rewritten(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """The analysis changed and written whole again: a cache no damage on disk explains (one
    another version wrote under the same key), which must still read back as an analysis."""
    head, body = path.read_bytes().split(b"\n")
    analysis = json.loads(body)
    change(analysis)
    ref = SessionStore(path.parent.parent).ref(path.parent.name)
    assert write_cache(ref, json.loads(head)["key"], analysis)


def _text_level(analysis: dict[str, Any]) -> None:
    analysis["dimensions"][0][2] = str(analysis["dimensions"][0][2])


def _digit_changed(path: Path) -> None:
    """One figure changed on disk (a flipped bit): still JSON, no longer what was written."""
    head, body = path.read_bytes().split(b"\n")
    at = next(i for i, c in enumerate(body) if chr(c).isdigit())
    digit = b"7" if body[at : at + 1] != b"7" else b"8"
    path.write_bytes(head + b"\n" + body[:at] + digit + body[at + 1 :])


DAMAGES = {
    "not JSON": lambda path, other: path.write_text("{nope"),
    "empty": lambda path, other: path.write_text(""),
    "cut short": lambda path, other: path.write_bytes(path.read_bytes()[:-40]),
    "a figure changed on disk": lambda path, other: _digit_changed(path),
    "another session's": lambda path, other: shutil.copy(other, path),
    "a level that is text": lambda path, other: _rewritten(path, _text_level),
    "a field missing": lambda path, other: _rewritten(path, lambda a: a.pop("pains")),
    "an action cut short": lambda path, other: _rewritten(path, lambda a: a["actions"][0].pop()),
    "a link": lambda path, other: (path.unlink(), path.symlink_to(other)),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_cache_is_ignored_and_rebuilt(org, replays, damage):
    store, ids = org
    first = _report(store)
    path = _cache(store, ids[0])
    good = path.read_bytes()
    DAMAGES[damage](path, _cache(store, ids[1]))
    assert path.is_symlink() or path.read_bytes() != good
    replays.clear()
    assert _report(store) == first
    assert replays == [ids[0]]
    assert not path.is_symlink() and path.read_bytes() == good  # replaced by a good one
    replays.clear()
    assert _report(store) == first and replays == []


def test_a_report_over_caches_holds_no_replay(org):
    store, ids = org
    _report(store)
    report = build(store, "acme", today=DAY)
    assert [s.session_id for s in report.sessions] == ids
    for s in report.sessions:
        assert not hasattr(s, "interview") and not hasattr(s, "transcript")
        assert s.analysis.status == "completed" and s.analysis.dimensions


def test_an_error_of_our_own_is_raised_not_reported_as_a_damaged_session(org, monkeypatch):
    store, _ = org

    def broken(data):
        raise TypeError("a bug, not damage")

    monkeypatch.setattr(read, "analyse", broken)
    with pytest.raises(TypeError, match="a bug"):
        build(store, "acme", today=DAY)


def test_deleting_a_session_removes_its_cache(org):
    store, ids = org
    _report(store)
    folder = store.ref(ids[0]).folder
    assert (folder / ANALYSIS_CACHE).exists()
    delete_session(store, ids[0], by="test")
    assert not folder.exists()
    assert [e.name for e in store.root.iterdir() if e.name.startswith(".")] == []
    report = build(store, "acme", today=DAY)
    assert [s.session_id for s in report.sessions] == ids[1:]


def test_a_report_does_not_keep_an_old_session_from_purge(org):
    """Writing the cache is no change to the session: a session due for purge stays due."""
    store, ids = org
    long_ago = time.time() - 400 * 86400
    for sid in ids:
        for path in store.ref(sid).folder.iterdir():
            os.utime(path, (long_ago, long_ago), follow_symlinks=False)
    _report(store)
    assert all(_cache(store, sid).exists() for sid in ids)
    found = due(candidates(store, "acme"), older_than=180 * 86400, now=time.time())
    assert sorted(c.session_id for c in found) == sorted(ids)


def test_the_report_command_writes_the_caches_and_says_the_same_again(org):
    store, ids = org
    first = run_cli(["report", "--org", "Acme", "--format", "json"], store.root)
    assert first.returncode == 0, first.stderr
    assert all(stat.S_IMODE(_cache(store, sid).stat().st_mode) == 0o600 for sid in ids)
    again = run_cli(["report", "--org", "Acme", "--format", "json"], store.root)
    assert again.returncode == 0 and again.stdout == first.stdout and again.stderr == ""
