"""Facilitators' files: one per facilitator, written by that facilitator's process only.

sessions/<id>/notes-<who>.jsonl      annotations, overrides, pushed questions, presence
sessions/<id>/facilitator-<who>.lock held while that facilitator has the session open

The interviewee's process only ever reads these files (for pushed questions and presence); it
never shows notes, tags or overrides.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from interviewer.store.jsonl_storage import AppendTable, CorruptFileError, JSONLinesStorage
from interviewer.store.lock import LockHeldError, SidecarLock
from interviewer.store.session_file import (
    SessionCorruptError,
    SessionNotFoundError,
    SessionRef,
    StoreError,
)

WHO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
NOTES_GLOB = "notes-*.jsonl"
TABLE = "notes"


def check_who(who: str) -> str:
    if not WHO_RE.match(who or ""):
        raise StoreError(
            f"{who!r} is not a usable facilitator name (letters, digits, '.', '-' and '_', "
            "at most 40)"
        )
    return who


def notes_path(ref: SessionRef, who: str) -> Path:
    return ref.folder / f"notes-{check_who(who)}.jsonl"


def lock_path(ref: SessionRef, who: str) -> Path:
    return ref.folder / f"facilitator-{check_who(who)}.lock"


class NotesWriter:
    """One facilitator's handle: appends fsynced records to that facilitator's own file."""

    def __init__(self, ref: SessionRef, who: str) -> None:
        if not ref.meta_path.exists():
            raise SessionNotFoundError(f"no session {ref.id!r} in {ref.root}")
        self.ref, self.who = ref, check_who(who)
        self._lock = SidecarLock(str(lock_path(ref, who)))
        try:
            self._lock.acquire()
        except LockHeldError:
            raise StoreError(
                f"{who} already has session {ref.id} open in another window; use another "
                "--as name or close that window"
            ) from None
        try:
            self._db = TinyDB(str(notes_path(ref, who)), storage=JSONLinesStorage)
            self._table = AppendTable(self._db.storage, TABLE, cache_size=0)
        except CorruptFileError as exc:
            self._lock.release()
            raise SessionCorruptError(str(exc)) from None

    def append(self, records: list[dict[str, Any]]) -> None:
        self._table.insert_multiple([{**r, "by": self.who} for r in records])

    def close(self) -> None:
        self._db.close()
        self._lock.release()

    def __enter__(self) -> NotesWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NotesReader:
    """Tails every facilitator's file: each poll returns only what was written since."""

    def __init__(self, ref: SessionRef) -> None:
        self.ref = ref
        self._storages: dict[Path, JSONLinesStorage] = {}

    def poll(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for path in sorted(self.ref.folder.glob(NOTES_GLOB)):
            storage = self._storages.get(path)
            if storage is None:
                storage = self._storages[path] = JSONLinesStorage(str(path), writer=False)
            try:
                out.extend(doc for table, doc in storage.poll() if table == TABLE)
            except CorruptFileError as exc:
                raise SessionCorruptError(str(exc)) from None
        out.sort(key=lambda r: float(r.get("ts") or 0))
        return out

    def present(self) -> list[str]:
        """Facilitators with the session open right now (their lock is held)."""
        names = []
        for path in sorted(self.ref.folder.glob("facilitator-*.lock")):
            who = path.name.removeprefix("facilitator-").removesuffix(".lock")
            if SidecarLock(str(path)).held_elsewhere():
                names.append(who)
        return names


def read_notes(ref: SessionRef) -> list[dict[str, Any]]:
    return NotesReader(ref).poll()
