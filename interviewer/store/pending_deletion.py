"""A deletion that survives being cut short: its intent is on disk before anything is removed.

sessions/.pending-deletions/<id>-<deletion id>.json   what is to be deleted and how to log it

A deletion writes its intent (fsynced, and locked while the deleting process lives), then renames
the session's folder to a hidden name, removes it, removes the session's invitation lines, logs
the deletion and removes the intent. Each step can be done again, so a deletion killed at any
point is finished by the next command that lists, opens or deletes sessions (`finish_pending`;
meanwhile the session is not opened again and its links open nothing),
and the log gets its line once: it carries the deletion's id, and an id already logged is not
logged again. An intent whose process is still at work is locked, and is left to it.

Until the folder is renamed, finishing a deletion takes the session's lock like the deletion
did: a session open in a window is left until it closes (unless the deletion was forced).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from interviewer.bounded_json import MAX_LINE, loads
from interviewer.store.atomic_storage import fsync_folder
from interviewer.store.deletion_log import Deleted, deleted_from_json, read_log
from interviewer.store.deletion_log import append as append_log
from interviewer.store.invitation_compaction import drop_invitations
from interviewer.store.lock import LockHeldError, SidecarLock, try_lock
from interviewer.store.safe_io import folder_problem, open_regular, read_fd, write_all
from interviewer.store.session_file import LOCK, SessionStore, StoreError
from interviewer.store.session_file import PENDING_DELETIONS as PENDING

DELETING = ".deleting-"  # a folder being removed; never listed
_TEMP = ".tmp-"

log = logging.getLogger("interviewer.store")


def hidden_folder(root: Path, record: Deleted) -> Path:
    return root / f"{DELETING}{record.session_id}-{record.id}"


@contextlib.contextmanager
def intent(root: Path, record: Deleted, force: bool) -> Iterator[None]:
    """The deletion's intent on disk (fsynced) and locked for as long as this lasts; then gone
    if the deletion was carried out (`carry_out` removes it), left for the next command if not."""
    body = {**record.to_json(), "force": force}
    data = (json.dumps(body, ensure_ascii=False) + "\n").encode()
    folder = root / PENDING
    name = folder / f"{record.session_id}-{record.id}.json"
    for _ in range(10):  # a concurrent finish_pending may remove the empty folder meanwhile
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        try:
            fd, temp = tempfile.mkstemp(dir=folder, prefix=_TEMP)  # 0600
        except FileNotFoundError:
            continue
        if not try_lock(fd):  # finish_pending is looking at it as a stale temp file
            os.close(fd)
            continue
        try:
            write_all(fd, data)
            os.fsync(fd)
            try:
                os.rename(temp, name)
            except FileNotFoundError:  # taken for a stale temp file before it was locked
                os.close(fd)
                continue
            fsync_folder(str(folder))
            try:
                yield
            finally:
                os.close(fd)  # the lock goes with it
            return
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
    raise StoreError(f"the deletion of session {record.session_id} could not be recorded")


def carry_out(root: Path, record: Deleted, force: bool, session_locked: bool) -> bool:
    """Do (again) every step of a deletion whose intent is on disk and locked by the caller;
    False (nothing done) when the session is open in a window and the deletion was not forced.
    `session_locked`: the caller holds the session's lock already."""
    folder, hidden = root / record.session_id, hidden_folder(root, record)
    if folder_problem(str(folder)) is None:  # not renamed yet
        lock = SidecarLock(str(folder / LOCK))
        held = False
        if not session_locked:
            try:
                lock.acquire()
                held = True
            except LockHeldError:
                if not force:
                    return False
            except OSError:
                pass  # a lock file that is not a file: it goes with the rest
        try:
            os.rename(folder, hidden)
            fsync_folder(str(root))
        except OSError as exc:
            raise StoreError(
                f"cannot delete session {record.session_id}: {exc.strerror or exc}; nothing "
                "was removed"
            ) from None
        finally:
            if held:
                lock.release()
    if os.path.lexists(hidden):
        remove_tree(hidden)
        fsync_folder(str(root))
    remove_invitations(root, record.session_id)
    if record.id not in {r.id for r in read_log(root)}:
        append_log(root, record)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(root / PENDING / f"{record.session_id}-{record.id}.json")
        fsync_folder(str(root / PENDING))
    with contextlib.suppress(OSError):
        os.rmdir(root / PENDING)  # only when no other deletion is pending
    return True


def finish_pending(root: Path) -> None:
    """Finish every deletion that was cut short (a crash, a kill) and whose process is gone.
    Never raises: what cannot be finished now is logged as a warning and tried again next time."""
    folder = root / PENDING
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        log.warning("%s", f"{folder} cannot be read ({exc.strerror}); left as is")
        return
    for entry in entries:
        try:
            _finish_one(root, Path(entry.path), entry.name.startswith(_TEMP))
        except (StoreError, OSError, ValueError) as exc:
            reason = " ".join(str(exc).split())
            log.warning("%s", f"a deletion cut short could not be finished yet: {reason}")
    with contextlib.suppress(OSError):
        os.rmdir(folder)  # only when empty


def _finish_one(root: Path, path: Path, temp: bool) -> None:
    fd, _ = open_regular(str(path), os.O_RDWR)
    try:
        if not try_lock(fd):
            return  # its process is at work
        if os.fstat(fd).st_nlink == 0:
            return  # finished by another process just now
        if temp:  # an intent whose writing was cut short: nothing was deleted for it
            os.unlink(path)
            return
        doc: Any = loads(read_fd(fd, 0, MAX_LINE + 1))
        record = deleted_from_json(doc)
        if not record.id or not isinstance(doc.get("force"), bool):
            raise ValueError(f"{path} is not a deletion's intent; left as is")
        carry_out(root, record, doc["force"], session_locked=False)
    finally:
        os.close(fd)


def remove_unrecorded(root: Path, older_than: float = 60.0) -> None:
    """A hidden folder without an intent (left by a version that wrote none) holds nothing
    listed; one older than a minute is not another deletion's at work."""
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for entry in entries:
            if (
                entry.name.startswith(DELETING)
                and entry.is_dir(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < time.time() - older_than
            ):
                with contextlib.suppress(StoreError):
                    remove_tree(Path(entry.path))


def remove_tree(path: Path) -> None:
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
            f"is left is in {path}, and the next command tries again"
        ) from None


def _remove_by_hand(path: Path) -> None:  # pragma: no cover - not Linux
    for entry in os.scandir(path):
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            _remove_by_hand(Path(entry.path))
        else:
            os.unlink(entry.path)
    os.rmdir(path)


def remove_invitations(root: Path, session_id: str) -> int:
    """Drop every line of invitations.jsonl of an invitation that opens or follows the session
    (they name its participant), its earlier lines too: an interviewee's link first written
    before its session existed must not start a new interview after."""
    return drop_invitations(
        SessionStore(root),
        lambda docs: any(doc.get("session_id") == session_id for doc in docs),
        f"session {session_id} was deleted, but its invitations could not be removed",
    )
