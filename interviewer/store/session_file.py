"""One session on disk: a folder with the event log, the metadata and the interviewee's lock.

sessions/<id>/
  transcript.jsonl   events, appended and fsynced by the interviewee process only
  meta.json          who, which track, status; replaced atomically
  script.yaml        the exact script the session started with (sessions are pinned to it)
  interviewee.lock   held while the interview is open, so a second window is refused
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any, NamedTuple

from tinydb import TinyDB

from interviewer.store.atomic_storage import AtomicJSONStorage, remove_stale_temps
from interviewer.store.jsonl_storage import (
    AppendTable,
    CorruptFileError,
    JSONLinesStorage,
    private_open,
)
from interviewer.store.lock import LockHeldError, SidecarLock

SESSION_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
TRANSCRIPT = "transcript.jsonl"
META = "meta.json"
SCRIPT_COPY = "script.yaml"
LOCK = "interviewee.lock"


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
    if not SESSION_ID_RE.match(session_id or ""):
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


def read_meta(ref: SessionRef) -> dict[str, Any]:
    try:
        data = AtomicJSONStorage(str(ref.meta_path)).read()
    except (ValueError, OSError) as exc:
        raise SessionCorruptError(
            f"{ref.meta_path} cannot be read ({exc}); it was left as is"
        ) from None
    if not data:
        raise SessionNotFoundError(f"no session {ref.id!r} in {ref.root}")
    docs = data.get("_default", {})
    return dict(docs.get("1", {}))


def read_events(ref: SessionRef) -> list[dict[str, Any]]:
    """Every complete event in order, without taking the lock (for readers and listing)."""
    if not ref.transcript.exists():
        return []
    storage = JSONLinesStorage(str(ref.transcript), writer=False)
    try:
        state = storage.read() or {}
    except CorruptFileError as exc:
        raise SessionCorruptError(str(exc)) from None
    docs = state.get("events", {})
    return [docs[k] for k in sorted(docs, key=int)]


class SessionWriter:
    """The interviewee's handle: the only process that appends to the transcript."""

    def __init__(self, ref: SessionRef) -> None:
        self.ref = ref
        if not ref.meta_path.exists():
            raise SessionNotFoundError(f"no session {ref.id!r} in {ref.root}")
        self._lock = SidecarLock(str(ref.folder / LOCK))
        try:
            self._lock.acquire()
        except LockHeldError:
            raise SessionLockedError(
                f"session {ref.id} is already open in another window; close it there first"
            ) from None
        try:
            remove_stale_temps(str(ref.meta_path))
            self.meta = read_meta(ref)
            self._db = TinyDB(str(ref.transcript), storage=JSONLinesStorage)
            self._events = AppendTable(self._db.storage, "events", cache_size=0)
            self.events = [dict(d) for d in self._events.all()]
        except CorruptFileError as exc:
            self._lock.release()
            raise SessionCorruptError(str(exc)) from None
        except BaseException:
            self._lock.release()
            raise

    def append(self, events: list[dict[str, Any]]) -> None:
        """Durable on return: the events are on disk (fsynced) before anyone acts on them."""
        if not events:
            return
        self._events.insert_multiple(events)
        self.events.extend(events)

    def update_meta(self, **fields: Any) -> None:
        self.meta.update(fields)
        write_meta(self.ref, self.meta)

    def close(self) -> None:
        self._db.close()
        self._lock.release()

    def __enter__(self) -> SessionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_meta(ref: SessionRef, meta: dict[str, Any]) -> None:
    AtomicJSONStorage(str(ref.meta_path)).write({"_default": {"1": meta}})


class SessionStore:
    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()

    def ref(self, session_id: str) -> SessionRef:
        return SessionRef(self.root, check_session_id(session_id))

    def create(self, meta: dict[str, Any], script_text: str, now: float) -> SessionRef:
        try:
            return self._create(meta, script_text, now)
        except OSError as exc:
            raise StoreError(
                f"cannot create a session in {self.root}: {exc.strerror or exc}"
            ) from None

    def _create(self, meta: dict[str, Any], script_text: str, now: float) -> SessionRef:
        self.root.mkdir(parents=True, exist_ok=True)
        for _ in range(10):
            ref = self.ref(new_session_id(now))
            try:
                ref.folder.mkdir(mode=0o700)
                break
            except FileExistsError:
                continue
        else:  # pragma: no cover - ten random collisions in a row
            raise StoreError("could not pick a free session id")
        os.chmod(ref.folder, 0o700)
        fd = private_open(str(ref.folder / SCRIPT_COPY), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(script_text)
            f.flush()
            os.fsync(f.fileno())
        write_meta(ref, {**meta, "id": ref.id, "started": now, "status": "active"})
        return ref

    def open_writer(self, session_id: str) -> SessionWriter:
        return SessionWriter(self.ref(session_id))

    def meta(self, session_id: str) -> dict[str, Any]:
        return read_meta(self.ref(session_id))

    def events(self, session_id: str) -> list[dict[str, Any]]:
        return read_events(self.ref(session_id))

    def script_copy(self, session_id: str) -> Path:
        return self.ref(session_id).folder / SCRIPT_COPY

    def is_open(self, session_id: str) -> bool:
        """Whether an interviewee process holds the session right now."""
        return SidecarLock(str(self.ref(session_id).folder / LOCK)).held_elsewhere()

    def session_ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for p in self.root.iterdir()
            if p.is_dir() and SESSION_ID_RE.match(p.name) and (p / META).exists()
        )
