"""Facilitators' files: one per facilitator, written by that facilitator's process only.

sessions/<id>/notes-<who>.jsonl      annotations, overrides, pushed questions, presence
sessions/<id>/facilitator-<who>.lock held while that facilitator has the session open

The interviewee's process only ever reads these files (for pushed questions and presence); it
never shows notes, tags or overrides. A facilitator's file never stops the interviewee: a damaged
line is skipped and the lines after it still read, a file that cannot be read at all (a link, a
FIFO, a folder, no permission) is skipped, and each is reported once as a warning.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from interviewer.records import Note, note_from_json, to_json
from interviewer.store.jsonl_storage import AppendLog, CorruptFileError, JSONLinesStorage
from interviewer.store.lock import LockHeldError, SidecarLock
from interviewer.store.session_file import (
    SessionCorruptError,
    SessionRef,
    StoreError,
    check_folder,
)

WHO_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")  # always fullmatch
NOTES_GLOB = "notes-*.jsonl"
TABLE = "notes"

log = logging.getLogger("interviewer.store")


def check_who(who: str) -> str:
    if not isinstance(who, str) or not WHO_RE.fullmatch(who):
        raise StoreError(
            f"{who!r} is not a usable facilitator name (letters, digits, '.', '-' and '_', "
            "at most 40)"
        )
    return who


def notes_path(ref: SessionRef, who: str) -> Path:
    return ref.folder / f"notes-{check_who(who)}.jsonl"


def lock_path(ref: SessionRef, who: str) -> Path:
    return ref.folder / f"facilitator-{check_who(who)}.lock"


def _note_decode(table: str, doc: Any) -> Any:
    """A facilitator's record, checked and typed as it is read (RecordError says what is
    wrong)."""
    return note_from_json(doc) if table == TABLE else doc


class NotesWriter:
    """One facilitator's handle: appends fsynced records to that facilitator's own file.

    A window (`window=True`, the shadow app) holds facilitator-<who>.lock while it is open, so
    a second window as the same facilitator is refused and others see who is present. A
    one-off record (`annotate`, `override`, `ask`: `window=False`) takes no window: several at
    once, and beside that facilitator's window, are fine, as every append to the file takes
    the file's own lock for the few milliseconds it writes."""

    def __init__(self, ref: SessionRef, who: str, window: bool = True) -> None:
        check_folder(ref)
        if not ref.meta_path.exists():
            raise SessionCorruptError(f"{ref.meta_path}: meta.json is missing")
        self.ref, self.who = ref, check_who(who)
        self._lock = SidecarLock(str(lock_path(ref, who)))
        try:
            if window:
                self._lock.acquire()
        except LockHeldError:
            raise StoreError(
                f"{who} already has session {ref.id} open in another window; use another "
                "--as name or close that window"
            ) from None
        except OSError as exc:
            raise SessionCorruptError(" ".join(str(exc).split())) from None
        try:
            self._log = AppendLog(
                str(notes_path(ref, who)), TABLE, create=True, decode=_note_decode, shared=True
            )
        except CorruptFileError as exc:
            self._lock.release()
            raise SessionCorruptError(str(exc)) from None
        except OSError as exc:
            self._lock.release()
            raise SessionCorruptError(" ".join(str(exc).split())) from None
        except BaseException:
            self._lock.release()
            raise

    def append(self, records: list[Note]) -> None:
        """Each record signed by this facilitator, whoever it says wrote it."""
        self._log.append([to_json(r._replace(by=self.who)) for r in records])

    def close(self) -> None:
        self._log.close()
        self._lock.release()

    def __enter__(self) -> NotesWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NotesReader:
    """Tails every facilitator's file: each poll returns only what was written since.

    Never raises for a damaged or unreadable notes file: what cannot be read is skipped, and
    `warnings` gets one sentence per bad line or unreadable file, once (also logged to the
    "interviewer.store" logger); `take_warnings()` returns those not taken yet."""

    def __init__(self, ref: SessionRef) -> None:
        self.ref = ref
        self._storages: dict[Path, JSONLinesStorage] = {}
        self.warnings: list[str] = []
        self._taken = 0
        self._seen: set[Any] = set()
        self._failing: dict[Path, str] = {}

    def _warn(self, key: Any, message: str) -> None:
        if key in self._seen:
            return
        self._seen.add(key)
        self.warnings.append(message)
        log.warning("%s", message)

    def take_warnings(self) -> list[str]:
        """Warnings since the last call (each once), for a front end to show."""
        fresh = self.warnings[self._taken :]
        self._taken = len(self.warnings)
        return fresh

    def _paths(self) -> list[Path]:
        try:
            return sorted(self.ref.folder.glob(NOTES_GLOB))
        except OSError as exc:
            self._warn(("folder", exc.strerror), f"{self.ref.folder} cannot be read: {exc}")
            return []

    def poll(self) -> list[Note]:
        """The facilitators' records written since the last poll, oldest first."""
        out: list[Note] = []
        for path in self._paths():
            storage = self._storages.get(path)
            if storage is None:
                storage = self._storages[path] = JSONLinesStorage(
                    str(path), writer=False, decode=_note_decode, lenient=True
                )
            try:
                fresh = storage.poll()
            except OSError as exc:
                reason = " ".join(str(exc).split())
                if self._failing.get(path) != reason:
                    self._failing[path] = reason
                    self._warn(
                        ("file", path, reason),
                        f"facilitator notes skipped: {reason}",
                    )
                continue
            self._failing.pop(path, None)
            for line, reason in storage.problems:
                self._warn(
                    ("line", path, storage.inode, line),
                    f"facilitator notes: {path}: line {line} skipped ({reason}); "
                    "the file was left as is",
                )
            storage.problems.clear()
            out.extend(note for table, note in fresh if table == TABLE)
        out.sort(key=lambda r: r.ts)
        return out

    def present(self) -> list[str]:
        """Facilitators with the session open right now (their lock is held; probed, not
        taken)."""
        names = []
        try:
            locks = sorted(self.ref.folder.glob("facilitator-*.lock"))
        except OSError:
            return []
        for path in locks:
            who = path.name.removeprefix("facilitator-").removesuffix(".lock")
            if WHO_RE.fullmatch(who) and SidecarLock(str(path)).held_elsewhere():
                names.append(who)
        return names


def read_notes(ref: SessionRef, warnings: list[str] | None = None) -> list[Note]:
    """Every facilitator's records; what cannot be read is skipped and, if `warnings` is given,
    described there (it is logged either way)."""
    reader = NotesReader(ref)
    records = reader.poll()
    if warnings is not None:
        warnings.extend(reader.warnings)
    return records
