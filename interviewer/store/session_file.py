"""One session on disk: a folder with the event log, the metadata and the interviewee's lock.

sessions/<id>/
  transcript.jsonl   events, appended and fsynced by the interviewee process only; created empty
                     with the session, so a missing transcript always means a lost one
  meta.json          who, which track, status; replaced atomically
  script.yaml        the exact script the session started with (sessions are pinned to it), or
                     the version `interviewer migrate` moved it to, replaced atomically
  script.vN.HASH.yaml  each version it was on before a move, kept so older answers read as asked
  interviewee.lock   held while the interview is open, so a second window is refused
  analysis-cache.json  a completed session's analysis, kept by reports (analysis_cache); any
                     change to the transcript or script makes it stale, and it is rebuilt

A session is built in a hidden folder and renamed into place once complete: a folder named like a
session always has all its files, and a create that fails part-way (a full disk) leaves nothing.
Nothing in a session folder is trusted: links are never followed, only regular files are opened,
and every file's shape is checked on read (see safe_io; the records in interviewer.records).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, Unpack

from interviewer.file_kind import kind_of
from interviewer.records import (
    Event,
    MetaChanges,
    RecordError,
    SessionMeta,
    event_from_json,
    to_json,
)
from interviewer.store.atomic_storage import (
    AtomicJSONStorage,
    NoDocumentError,
    fsync_dir,
    fsync_folder,
    remove_stale_temps,
    replace_atomically,
    single_document,
)
from interviewer.store.jsonl_storage import AppendLog, CorruptFileError, JSONLinesStorage
from interviewer.store.lock import LockHeldError, SidecarLock
from interviewer.store.safe_io import (
    folder_problem,
    open_regular,
    read_regular,
    write_new,
)

SESSION_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")  # always fullmatch
TRANSCRIPT = "transcript.jsonl"
META = "meta.json"
SCRIPT_COPY = "script.yaml"
LOCK = "interviewee.lock"
EVENTS = "events"
CREATING = ".creating-"  # a session being built; never listed
PENDING_DELETIONS = ".pending-deletions"  # intents of deletions under way (pending_deletion)

log = logging.getLogger("interviewer.store")


class StoreError(Exception):
    """Something about the session store a user can act on; the message says what."""


class SessionNotFoundError(StoreError):
    pass


class SessionLockedError(StoreError):
    pass


class SessionCorruptError(StoreError):
    pass


def default_root() -> Path:
    return Path(os.environ.get("INTERVIEWER_SESSIONS_DIR") or "sessions")


def check_session_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not SESSION_ID_RE.fullmatch(session_id):
        raise StoreError(
            f"{session_id!r} is not a valid session id (letters, digits, '-' and '_' only)"
        )
    return session_id


def new_session_id(now: float | None = None) -> str:
    stamp = time.strftime("%Y%m%d-%H%M", time.localtime(now))
    return f"{stamp}-{os.urandom(3).hex()}"


class SessionRef(NamedTuple):
    """Where a session's files live."""

    root: Path
    id: str

    @property
    def folder(self) -> Path:
        return self.root / self.id

    @property
    def transcript(self) -> Path:
        return self.folder / TRANSCRIPT

    @property
    def meta_path(self) -> Path:
        return self.folder / META


def _event_decode(table: str, doc: Any) -> Any:
    """An event of the log, checked and typed as it is read (RecordError says what is wrong)."""
    return event_from_json(doc) if table == EVENTS else doc


def deletion_pending(ref: SessionRef) -> bool:
    """Whether a deletion of the session has begun and is not finished (a crash cut it short,
    or it is under way): it is not to be opened again."""
    try:
        names = os.listdir(ref.root / PENDING_DELETIONS)
    except OSError:
        return False
    return any(n.startswith(f"{ref.id}-") and n.endswith(".json") for n in names)


def check_folder(ref: SessionRef) -> None:
    """SessionNotFoundError if there is no such session, SessionCorruptError if its folder is
    not a real folder (a link is never followed)."""
    problem = folder_problem(str(ref.folder))
    if problem == "is missing":
        raise SessionNotFoundError(f"no session {ref.id!r} in {ref.root}")
    if problem is not None:
        raise SessionCorruptError(f"{ref.folder} {problem}; it was left as is")


def read_meta(ref: SessionRef) -> SessionMeta:
    check_folder(ref)
    try:
        data = AtomicJSONStorage(str(ref.meta_path)).read()
    except FileNotFoundError:
        data = None
    except (ValueError, OSError) as exc:
        reason = " ".join(str(exc).split())
        raise SessionCorruptError(
            f"{ref.meta_path} cannot be read ({reason}); it was left as is"
        ) from None
    if data is None:
        if not ref.meta_path.exists():
            raise SessionCorruptError(
                f"{ref.meta_path}: meta.json is missing, so the session cannot be read"
            )
        raise SessionCorruptError(f"{ref.meta_path} is empty; it was left as is")
    try:
        return SessionMeta.from_json(single_document(data))
    except NoDocumentError:
        problem = "no session record in it"
    except RecordError as exc:
        problem = str(exc)
    raise SessionCorruptError(f"{ref.meta_path} cannot be used ({problem}); it was left as is")


def _missing_transcript(ref: SessionRef) -> SessionCorruptError:
    return SessionCorruptError(
        f"{ref.transcript}: transcript.jsonl is missing, so the answers of session {ref.id} "
        "are lost; it is not started again from the first question (restore the file from a "
        "backup to continue)"
    )


def _transcript_error(ref: SessionRef, exc: OSError) -> SessionCorruptError:
    if isinstance(exc, FileNotFoundError):
        return _missing_transcript(ref)
    return SessionCorruptError(" ".join(str(exc).split()))


def read_events(ref: SessionRef) -> list[Event]:
    """Every complete event in order, without taking the lock (for readers and listing)."""
    check_folder(ref)
    try:
        storage = JSONLinesStorage(str(ref.transcript), writer=False, decode=_event_decode)
        fd, _ = open_regular(str(ref.transcript), os.O_RDONLY)  # missing is lost, not empty
        os.close(fd)
        return storage.records(EVENTS)
    except CorruptFileError as exc:
        raise SessionCorruptError(str(exc)) from None
    except OSError as exc:
        raise _transcript_error(ref, exc) from None


class TranscriptTail:
    """Follows a transcript another process is appending to: each poll returns the events
    written since, checked like read_events (SessionCorruptError naming file and line)."""

    def __init__(self, ref: SessionRef) -> None:
        self.ref = ref
        self._storage = JSONLinesStorage(str(ref.transcript), writer=False, decode=_event_decode)

    def poll(self) -> list[Event]:
        try:
            return [event for table, event in self._storage.poll() if table == EVENTS]
        except CorruptFileError as exc:
            raise SessionCorruptError(str(exc)) from None
        except OSError as exc:
            raise _transcript_error(self.ref, exc) from None


class SessionWriter:
    """The interviewee's handle: the only process that appends to the transcript."""

    def __init__(self, ref: SessionRef) -> None:
        self.ref = ref
        check_folder(ref)
        if deletion_pending(ref):
            raise SessionNotFoundError(f"session {ref.id} is being deleted; it is not opened again")
        if not os.path.lexists(ref.meta_path):
            read_meta(ref)  # raises: says the meta is missing
        self._lock = SidecarLock(str(ref.folder / LOCK))
        try:
            self._lock.acquire()
        except LockHeldError:
            raise SessionLockedError(
                f"session {ref.id} is already open in another window; close it there first"
            ) from None
        except OSError as exc:
            raise SessionCorruptError(" ".join(str(exc).split())) from None
        try:
            remove_stale_temps(str(ref.meta_path))
            self.meta = read_meta(ref)
            _check_script_copy(ref)
            self._log = AppendLog(str(ref.transcript), EVENTS, create=False, decode=_event_decode)
            self.events: list[Event] = self._log.records()  # read and checked once, here
        except CorruptFileError as exc:
            self._lock.release()
            raise SessionCorruptError(str(exc)) from None
        except OSError as exc:
            self._lock.release()
            raise _transcript_error(ref, exc) from None
        except BaseException:
            self._lock.release()
            raise

    def append(self, events: list[Event]) -> None:
        """Durable on return: the events are on disk (fsynced) before anyone acts on them."""
        if not events:
            return
        if not os.path.lexists(self.ref.transcript):  # `delete --force` took it meanwhile
            raise SessionNotFoundError(
                f"session {self.ref.id} was deleted while it was open; nothing more is saved"
            )
        self._log.append([to_json(e) for e in events])
        self.events.extend(events)

    def update_meta(self, **changes: Unpack[MetaChanges]) -> None:
        """Rewrite meta.json with `changes` (atomically: a reader sees the old or the new)."""
        meta = replace(self.meta, **changes)
        write_meta(self.ref, meta)
        self.meta = meta

    def close(self) -> None:
        self._log.close()
        self._lock.release()

    def __enter__(self) -> SessionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_script_copy(ref: SessionRef) -> None:
    """script.yaml is read by others (load_script follows links and would block on a FIFO):
    make sure it is a plain file before anyone does."""
    path = ref.folder / SCRIPT_COPY
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return  # the loader says the pinned script is missing
    if not stat.S_ISREG(mode):
        raise SessionCorruptError(f"{path} is not a regular file ({kind_of(mode)}); left as is")


def keep_script_copy(ref: SessionRef, name: str) -> None:
    """Keep the session's script as `name` before a move replaces it (a copy already kept under
    that name, which names its version and hash, stays as it is)."""
    target = ref.folder / name
    if os.path.lexists(target):
        return
    write_new(str(target), read_regular(str(ref.folder / SCRIPT_COPY)))
    fsync_dir(str(target))


def replace_script_copy(ref: SessionRef, text: str) -> None:
    """Put a new version of the script in place of the session's copy, atomically: a reader sees
    the old copy or the new one, never a part of either."""
    path = str(ref.folder / SCRIPT_COPY)
    remove_stale_temps(path)
    replace_atomically(path, text.encode("utf-8"))


def write_meta(ref: SessionRef, meta: SessionMeta) -> None:
    AtomicJSONStorage(str(ref.meta_path)).write_document(meta.to_json())


def _make_root(root: Path) -> list[Path]:
    """Create the sessions root 0700 and any missing parents 0755, whatever the umask; returns
    the folders created, outermost first. An existing folder's mode is never changed."""
    missing: list[Path] = []
    path = root
    while not os.path.lexists(path) and path != path.parent:
        missing.append(path)
        path = path.parent
    created: list[Path] = []
    for folder in reversed(missing):
        mode = 0o700 if folder == root else 0o755
        try:
            os.mkdir(folder, mode)
        except FileExistsError:
            continue
        os.chmod(folder, mode)  # mkdir's mode is filtered by the umask: say it exactly
        created.append(folder)
    return created


def _remove_stale_builds(root: Path, older_than: float = 3600.0) -> None:
    """A create killed part-way leaves its hidden folder behind; it holds nothing anyone saw."""
    limit = time.time() - older_than
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for entry in entries:
            if not entry.name.startswith(CREATING):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False) and entry.stat().st_mtime < limit:
                    shutil.rmtree(entry.path, ignore_errors=True)


class SessionStore:
    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()

    def ref(self, session_id: str) -> SessionRef:
        return SessionRef(self.root, check_session_id(session_id))

    def warnings(self) -> list[str]:
        """What is unsafe about the sessions root, in sentences a command line can print."""
        try:
            st = os.stat(self.root)
        except OSError:
            return []
        out: list[str] = []
        if stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_IWOTH:
            out.append(
                f"the sessions folder {self.root} is writable by every user on this machine, so "
                f"another user could plant or change sessions in it; make it private with: "
                f"chmod 700 {self.root}"
            )
        return out

    def create(self, meta: SessionMeta, script_text: str, now: float) -> SessionRef:
        """A new session with `meta` (its id, start and status set here) and the script it is
        pinned to; its transcript is empty."""
        try:
            return self._create(meta, script_text, now)
        except OSError as exc:
            raise StoreError(
                f"cannot create a session in {self.root}: {exc.strerror or exc}"
            ) from None

    def _create(self, meta: SessionMeta, script_text: str, now: float) -> SessionRef:
        created_root = _make_root(self.root)
        _remove_stale_builds(self.root)
        building: str | None = None
        try:
            building = tempfile.mkdtemp(prefix=CREATING, dir=self.root)  # 0700
            folder = Path(building)
            self._write_new(folder / SCRIPT_COPY, script_text.encode("utf-8"))
            self._write_new(folder / TRANSCRIPT, b"")
            for _ in range(10):
                ref = self.ref(new_session_id(now))
                created = replace(meta, id=ref.id, started=now, status="active")
                write_meta(SessionRef(self.root, folder.name), created)
                fsync_folder(building)
                if os.path.lexists(ref.folder):
                    continue
                try:
                    # a folder of another new session is never empty: rename refuses it
                    os.rename(building, ref.folder)
                except OSError as exc:
                    if os.path.lexists(ref.folder):
                        continue
                    raise exc
                building = None
                fsync_dir(str(ref.folder))
                return ref
            raise StoreError("could not pick a free session id")  # pragma: no cover
        except BaseException:
            if building is not None:
                shutil.rmtree(building, ignore_errors=True)
            for folder in reversed(created_root):
                with contextlib.suppress(OSError):
                    os.rmdir(folder)
            raise

    @staticmethod
    def _write_new(path: Path, data: bytes) -> None:
        write_new(str(path), data)

    def open_writer(self, session_id: str) -> SessionWriter:
        return SessionWriter(self.ref(session_id))

    def meta(self, session_id: str) -> SessionMeta:
        return read_meta(self.ref(session_id))

    def events(self, session_id: str) -> list[Event]:
        return read_events(self.ref(session_id))

    def script_copy(self, session_id: str) -> Path:
        return self.ref(session_id).folder / SCRIPT_COPY

    def is_open(self, session_id: str) -> bool:
        """Whether an interviewee process holds the session right now (probed, never taken)."""
        return SidecarLock(str(self.ref(session_id).folder / LOCK)).held_elsewhere()

    def session_ids(self) -> list[str]:
        """Every entry named like a session that is a folder or a link (a link is listed so it
        can be reported, never followed); hidden folders being built are left out."""
        try:
            entries = list(os.scandir(self.root))
        except (FileNotFoundError, NotADirectoryError):
            return []
        out = []
        for entry in entries:
            if not SESSION_ID_RE.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                if entry.is_symlink() or entry.is_dir(follow_symlinks=False):
                    out.append(entry.name)
        return sorted(out)
