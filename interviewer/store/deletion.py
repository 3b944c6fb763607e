"""Deleting sessions: one at a time (`interviewer delete`) or by age (`interviewer purge`).

A deletion takes the interviewee's lock (so nothing opens the session meanwhile), writes its
intent, renames the folder to a hidden name in the sessions root (it leaves listings at once),
removes it with `shutil.rmtree`, which on Linux works on open folder descriptors and never
follows a link, removes the invitations that open or follow the session, then appends one line
to `deletions.jsonl` in the sessions root: the date, the session id, its organisation, who
deleted it and with which command. Nothing anyone said. A deletion cut short at any point is
finished by the next command (see pending_deletion).

A link in place of a session folder is refused: what it points to is outside the sessions
folder and is not ours to delete. Headless: no Textual, no Rich.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable
from typing import NamedTuple

from interviewer.durations import DAY, EXAMPLE, period_days
from interviewer.records import SessionMeta
from interviewer.store.analysis_cache import is_cache_file
from interviewer.store.deletion_log import LOG, Deleted, read_log
from interviewer.store.holds import read_hold
from interviewer.store.lock import LockHeldError, SidecarLock
from interviewer.store.pending_deletion import (
    carry_out,
    finish_pending,
    intent,
    remove_unrecorded,
)
from interviewer.store.safe_io import folder_problem
from interviewer.store.session_file import (
    LOCK,
    SessionCorruptError,
    SessionLockedError,
    SessionNotFoundError,
    SessionRef,
    SessionStore,
    StoreError,
    read_meta,
)


class Candidate(NamedTuple):
    """A session `purge` looks at."""

    session_id: str
    org: str
    status: str  # completed | paused | open | held | unreadable | not a folder
    last_touched: float  # the newest change to any of its files
    problem: str = ""


def parse_age(text: str) -> float:
    """Seconds from 180d, 26w or 6m (a month is 30 days); StoreError with an example."""
    days = period_days(text)
    if days is None:
        raise StoreError(f"{text!r} is not an age; give a number and a unit, like {EXAMPLE}")
    return days * DAY


def _lock_path(ref: SessionRef) -> str:
    return str(ref.folder / LOCK)


def open_windows(ref: SessionRef, interviewee: bool = True) -> list[str]:
    """Who has the session open now: "the interviewee" (unless `interviewee` is False) and any
    facilitator (probed through their locks, never taken)."""
    out = []
    if interviewee and SidecarLock(_lock_path(ref)).held_elsewhere():
        out.append("the interviewee")
    with contextlib.suppress(OSError), os.scandir(ref.folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            m = re.fullmatch(r"facilitator-(.+)\.lock", entry.name)
            if m and SidecarLock(entry.path).held_elsewhere():
                out.append(f"facilitator {m.group(1)}")
    return out


def _org(ref: SessionRef) -> str:
    try:
        return read_meta(ref).org
    except (StoreError, OSError):
        return "?"  # a damaged session can still be deleted; its organisation is unknown


class KeptError(StoreError):
    """A session `purge` found due is not any more (resumed, changed or opened since)."""


def delete_session(
    store: SessionStore,
    session_id: str,
    by: str,
    command: str = "delete",
    force: bool = False,
    now: Callable[[], float] = time.time,
    still_due: Callable[[SessionRef], str | None] | None = None,
) -> Deleted:
    """Remove every file of one session and log it. SessionLockedError while it is open in a
    window (unless `force`), SessionNotFoundError / SessionCorruptError for no such session or
    a folder that is not one. `still_due`, asked under the session's lock just before anything
    is removed, says why the session must be kept after all (KeptError), or None."""
    finish_pending(store.root)
    remove_unrecorded(store.root)
    ref = store.ref(session_id)
    problem = folder_problem(str(ref.folder))
    if problem == "is missing":
        raise SessionNotFoundError(f"no session {session_id!r} in {store.root}")
    if problem is not None:
        raise SessionCorruptError(
            f"{ref.folder} {problem}; it was left as is (what it points to is not in the "
            "sessions folder)"
        )
    holders = open_windows(ref)
    if holders and not force:
        raise SessionLockedError(
            f"session {session_id} is open in a window ({', '.join(holders)}); close it "
            "there first, or add --force to delete it anyway"
        )
    org = _org(ref)
    lock = SidecarLock(_lock_path(ref))
    held = False
    try:
        lock.acquire()  # nothing opens it while it goes
        held = True
    except LockHeldError:
        if not force:
            raise SessionLockedError(
                f"session {session_id} was just opened in a window; close it there first"
            ) from None
    except OSError:
        pass  # a lock file that is not a file: it goes with the rest
    try:
        reason = still_due(ref) if still_due is not None else None
        if reason is not None:
            raise KeptError(reason)
        date = time.strftime("%Y-%m-%d", time.localtime(now()))
        record = Deleted(session_id, org, date, by, command, os.urandom(8).hex())
        with intent(store.root, record, force):
            carry_out(store.root, record, force, session_locked=True)
    finally:
        if held:
            lock.release()
    return record


def _last_touched(ref: SessionRef, started: float) -> float:
    """The newest change to any file of the session (its start, if it has none); a report
    writing its analysis cache is no change to the session."""
    newest = 0.0
    with contextlib.suppress(OSError), os.scandir(ref.folder) as entries:
        for entry in entries:
            if is_cache_file(entry.name):
                continue
            with contextlib.suppress(OSError):
                newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    return newest or started


def _standing(
    ref: SessionRef, meta: SessionMeta, holders: list[str], now: float
) -> tuple[str, float]:
    """(status for purge, last touched) of a readable session with `holders` open."""
    status: str = meta.status
    hold = read_hold(ref)
    if holders:
        status = "open"
    elif hold is not None and hold.in_force(now):
        status = "held"
    elif status != "completed":
        status = "paused"  # paused, or its window closed or was killed
    return status, _last_touched(ref, meta.started)


def candidates(store: SessionStore, org: str | None = None) -> list[Candidate]:
    """Every session (of `org`, any case) with its status and when it was last touched; a
    deletion a crash cut short is finished first."""
    finish_pending(store.root)
    out = []
    for sid in store.session_ids():
        ref = store.ref(sid)
        problem = folder_problem(str(ref.folder))
        if problem is not None:  # a link is never followed, nor deleted: not ours
            out.append(Candidate(sid, "?", "not a folder", 0.0, problem))
            continue
        try:
            meta = read_meta(ref)
        except StoreError as exc:
            if org is None:
                out.append(Candidate(sid, "?", "unreadable", 0.0, str(exc)))
            continue
        session_org = meta.org
        if org is not None and session_org.lower() != org.lower():
            continue
        status, touched = _standing(ref, meta, open_windows(ref), time.time())
        out.append(Candidate(sid, session_org, status, touched))
    return out


def due_still(
    older_than: float, now: Callable[[], float] = time.time
) -> Callable[[SessionRef], str | None]:
    """For delete_session's `still_due`: checks again, under the session's lock (so the
    interviewee's own lock is not probed: it is ours now), what `due` found."""

    def why_kept(ref: SessionRef) -> str | None:
        try:
            meta = read_meta(ref)
        except StoreError as exc:
            return f"its files cannot be read now ({exc})"
        facilitators = open_windows(ref, interviewee=False)
        status, touched = _standing(ref, meta, facilitators, now())
        if status == "open":
            return f"it was opened meanwhile ({', '.join(facilitators)})"
        if status not in ("completed", "paused"):
            return f"it is {status} now"
        if touched >= now() - older_than:
            return "it was resumed or changed since the list was made"
        return None

    return why_kept


def due(found: list[Candidate], older_than: float, now: float) -> list[Candidate]:
    """The completed and abandoned (paused, not touched since) sessions past the age."""
    limit = now - older_than
    return [c for c in found if c.status in ("completed", "paused") and c.last_touched < limit]


__all__ = [
    "LOG",
    "Candidate",
    "Deleted",
    "KeptError",
    "candidates",
    "delete_session",
    "due",
    "due_still",
    "finish_pending",
    "open_windows",
    "parse_age",
    "read_log",
]
