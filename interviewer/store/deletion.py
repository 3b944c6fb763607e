"""Deleting sessions: one at a time (`interviewer delete`) or by age (`interviewer purge`).

A deletion takes the interviewee's lock (so nothing opens the session meanwhile), renames the
folder to a hidden name in the sessions root (it leaves listings at once, and a deletion cut
short is finished by the next one), removes it with `shutil.rmtree`, which on Linux works on
open folder descriptors and never follows a link, removes the invitations that open or follow
the session, then appends one line to `deletions.jsonl` in the sessions root: the date, the
session id, its organisation, who deleted it and with which command. Nothing anyone said.

A link in place of a session folder is refused: what it points to is outside the sessions
folder and is not ours to delete. Headless: no Textual, no Rich.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from interviewer.bounded_json import LINE_TOO_LONG, MAX_LINE, loads
from interviewer.store.invitations import FILE as INVITATIONS
from interviewer.store.invitations import InvitationStore
from interviewer.store.lock import LockHeldError, SidecarLock
from interviewer.store.safe_io import (
    complete_lines,
    folder_problem,
    open_regular,
    read_regular,
    write_all,
    write_new,
)
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

LOG = "deletions.jsonl"
DELETING = ".deleting-"  # a folder being removed; never listed
DAY = 86400.0
_AGE_RE = re.compile(r"(\d+)\s*([dwm])")
_UNIT = {"d": DAY, "w": 7 * DAY, "m": 30 * DAY}

log = logging.getLogger("interviewer.store")


class Deleted(NamedTuple):
    """What the deletion log keeps of a session: no content."""

    session_id: str
    org: str
    date: str  # YYYY-MM-DD
    by: str
    command: str


class Candidate(NamedTuple):
    """A session `purge` looks at."""

    session_id: str
    org: str
    status: str  # completed | paused | open | unreadable | not a folder
    last_touched: float  # the newest change to any of its files
    problem: str = ""


def parse_age(text: str) -> float:
    """Seconds from 180d, 26w or 6m (a month is 30 days); StoreError with an example."""
    match = _AGE_RE.fullmatch(text.strip().lower())
    if not match or int(match.group(1)) <= 0:
        raise StoreError(
            f"{text!r} is not an age; give a number and a unit, like 180d (days), 26w (weeks) "
            "or 6m (months of 30 days)"
        )
    return int(match.group(1)) * _UNIT[match.group(2)]


def _lock_path(ref: SessionRef) -> str:
    return str(ref.folder / LOCK)


def open_windows(ref: SessionRef) -> list[str]:
    """Who has the session open now: "the interviewee" and any facilitator (probed through
    their locks, never taken)."""
    out = []
    if SidecarLock(_lock_path(ref)).held_elsewhere():
        out.append("the interviewee")
    with contextlib.suppress(OSError), os.scandir(ref.folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            m = re.fullmatch(r"facilitator-(.+)\.lock", entry.name)
            if m and SidecarLock(entry.path).held_elsewhere():
                out.append(f"facilitator {m.group(1)}")
    return out


def _org(ref: SessionRef) -> str:
    try:
        return str(read_meta(ref).get("org") or "")
    except (StoreError, OSError):
        return "?"  # a damaged session can still be deleted; its organisation is unknown


def delete_session(
    store: SessionStore,
    session_id: str,
    by: str,
    command: str = "delete",
    force: bool = False,
    now: Callable[[], float] = time.time,
) -> Deleted:
    """Remove every file of one session and log it. SessionLockedError while it is open in a
    window (unless `force`), SessionNotFoundError / SessionCorruptError for no such session or
    a folder that is not one."""
    ref = store.ref(session_id)
    problem = folder_problem(str(ref.folder))
    if problem == "is missing":
        raise SessionNotFoundError(f"no session {session_id!r} in {store.root}")
    if problem is not None:
        raise SessionCorruptError(
            f"{ref.folder} {problem}; it was left as is (what it points to is not in the "
            "sessions folder)"
        )
    _finish_earlier(store.root)
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
        hidden = store.root / f"{DELETING}{session_id}-{os.urandom(4).hex()}"
        os.rename(ref.folder, hidden)
    except OSError as exc:
        raise StoreError(
            f"cannot delete session {session_id}: {exc.strerror or exc}; nothing was removed"
        ) from None
    finally:
        if held:
            lock.release()
    _remove_tree(hidden)
    _remove_invitations(store.root, session_id)
    record = Deleted(session_id, org, time.strftime("%Y-%m-%d", time.localtime(now())), by, command)
    _log(store.root, record)
    return record


def _remove_tree(path: Path) -> None:
    """Remove a folder in the sessions root without following any link in it."""
    if not shutil.rmtree.avoids_symlink_attacks:  # pragma: no cover - not Linux
        _remove_by_hand(path)
        return

    def gone_already(function: Any, name: str, info: Any) -> None:
        if not isinstance(info[1], FileNotFoundError):  # another deletion finished it first
            raise info[1]

    try:
        shutil.rmtree(path, onerror=gone_already)
    except OSError as exc:
        raise StoreError(
            f"session folder could not be removed completely ({exc.strerror or exc}); what "
            f"is left is in {path}, and the next delete or purge tries again"
        ) from None


def _remove_by_hand(path: Path) -> None:  # pragma: no cover - not Linux
    for entry in os.scandir(path):
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            _remove_by_hand(Path(entry.path))
        else:
            os.unlink(entry.path)
    os.rmdir(path)


def _finish_earlier(root: Path) -> None:
    """A deletion cut short (a crash) left its hidden folder: it was already out of every
    listing, so finishing it removes nothing anyone can still see."""
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for entry in entries:
            if (
                entry.name.startswith(DELETING)
                and entry.is_dir(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < time.time() - 60
            ):  # not one another deletion is removing right now
                with contextlib.suppress(StoreError):
                    _remove_tree(Path(entry.path))


def _remove_invitations(root: Path, session_id: str) -> int:
    """Drop every line of invitations.jsonl of an invitation that opens or follows the session
    (they name its participant), its earlier lines too: an interviewee's link first written
    before its session existed must not start a new interview after. The file is rewritten
    under the invitations lock; lines that cannot be read are kept as they are."""
    invitations = InvitationStore(root)
    path = root / INVITATIONS
    if not os.path.lexists(path):
        return 0
    with invitations.locked():
        try:
            data = read_regular(str(path))
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise StoreError(
                f"session {session_id} was deleted, but its invitations could not be "
                f"removed: {' '.join(str(exc).split())}"
            ) from None
        lines = [(line, _record(line)) for line in data.split(b"\n") if line]
        ids = {doc.get("id") for _, doc in lines if doc and doc.get("session_id") == session_id}
        kept = [line for line, doc in lines if not (doc and doc.get("id") in ids)]
        if len(kept) < len(lines):
            _replace(path, b"".join(line + b"\n" for line in kept))
    return len(lines) - len(kept)


def _record(line: bytes) -> dict[str, Any] | None:
    try:
        doc = loads(line)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}")
    write_new(str(tmp), data)
    try:
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _log(root: Path, record: Deleted) -> None:
    line = json.dumps(
        {
            "date": record.date,
            "session": record.session_id,
            "org": record.org,
            "by": record.by,
            "command": record.command,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    try:
        fd, _ = open_regular(str(root / LOG), os.O_WRONLY | os.O_APPEND, create=True)
        try:
            write_all(fd, line.encode("utf-8") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(
            f"session {record.session_id} was deleted, but the deletion log "
            f"{root / LOG} could not be written: {' '.join(str(exc).split())}"
        ) from None


def read_log(root: Path) -> list[dict[str, Any]]:
    """The deletion log's records, oldest first; a line that cannot be read is left out, with
    a warning naming file and line."""
    path = root / LOG
    try:
        fd, _ = open_regular(str(path), os.O_RDONLY)
    except FileNotFoundError:
        return []
    out = []
    try:
        for number, (line, _) in enumerate(complete_lines(fd, 0, MAX_LINE), start=1):
            try:
                if line is None:
                    raise ValueError(LINE_TOO_LONG)
                doc = loads(line) if line.strip() else {}
                if not isinstance(doc, dict):
                    raise ValueError(f"a line should be a JSON object, not {type(doc).__name__}")
            except ValueError as exc:
                reason = " ".join(str(exc).split())[:120]
                log.warning("%s", f"{path}: line {number} skipped ({reason}); left as is")
                continue
            if doc:
                out.append(doc)
    finally:
        os.close(fd)
    return out


def _last_touched(ref: SessionRef, started: float) -> float:
    """The newest change to any file of the session (its start, if it has none)."""
    newest = 0.0
    with contextlib.suppress(OSError), os.scandir(ref.folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    return newest or started


def candidates(store: SessionStore, org: str | None = None) -> list[Candidate]:
    """Every session (of `org`, any case) with its status and when it was last touched."""
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
        session_org = str(meta.get("org") or "")
        if org is not None and session_org.lower() != org.lower():
            continue
        started = float(meta.get("started") or 0.0)
        status = str(meta.get("status") or "active")
        if open_windows(ref):
            status = "open"
        elif status != "completed":
            status = "paused"  # paused, or its window closed or was killed
        out.append(Candidate(sid, session_org, status, _last_touched(ref, started)))
    return out


def due(found: list[Candidate], older_than: float, now: float) -> list[Candidate]:
    """The completed and abandoned (paused, not touched since) sessions past the age."""
    limit = now - older_than
    return [c for c in found if c.status in ("completed", "paused") and c.last_touched < limit]


__all__ = [
    "LOG",
    "Candidate",
    "Deleted",
    "candidates",
    "delete_session",
    "due",
    "open_windows",
    "parse_age",
    "read_log",
]
