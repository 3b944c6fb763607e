"""A TinyDB storage that only ever appends, so a crash can tear at most the last line.

TinyDB's stock JSONStorage rewrites the whole file in place; a kill between write and truncate
leaves it unreadable. Here each write appends one JSON line per changed document and fsyncs.
Readers in other processes apply only new complete lines and ignore a torn tail; a writer
truncates a torn tail when it opens. Each document is decoded as it is read, once, into the
record it holds (`decode`: an event, a note); a line that cannot be parsed anywhere else, or whose
document does not decode, means the file is damaged: it is reported (file and line) and the
file is left exactly as it is. A lenient reader (facilitators' notes) skips such a line instead,
records why in `problems`, and goes on with the lines after it. Lines are parsed within the
bounds of `interviewer.bounded_json`: one longer than a line may be (skipped without being held
whole) or nested deeper than allowed is a damaged line like any other.

Files are opened without following links and must be regular files (see safe_io). TinyDB is used
through its public API only: the storage assigns new documents' ids itself, from the highest id it
holds, so an append never reads the table. `AppendLog` is the TinyDB database the store writes a
log through (a session's transcript, a facilitator's notes).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from interviewer.bounded_json import LINE_TOO_LONG, MAX_LINE, loads
from interviewer.store.lock import held
from interviewer.store.safe_io import complete_lines, open_regular, write_all

SHARED_WAIT = 10.0  # seconds a shared file's writer waits for another's append (milliseconds)

# a document's reading (its table, the document): the record it holds, or ValueError saying why
# it holds none (one line)
Decode = Callable[[str, Any], Any]


class CorruptFileError(Exception):
    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}: line {line} cannot be read ({reason}); the file was left as is")
        self.path, self.line, self.reason = path, line, reason


def private_open(path: str, flags: int) -> int:
    """Open (creating 0600 if missing) a regular file, never through a link."""
    fd, _ = open_regular(path, flags & ~(os.O_CREAT | os.O_EXCL), create=bool(flags & os.O_CREAT))
    return fd


def _doc_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JSONLinesStorage(Storage):
    def __init__(
        self,
        path: str,
        writer: bool = True,
        durable: bool = True,
        create: bool = True,
        decode: Decode | None = None,
        lenient: bool = False,
        shared: bool = False,
    ) -> None:
        """`decode`: each document read is checked and converted by it, and `records` and `poll`
        return what it made (without it, the documents themselves). `shared`: other processes
        append to the file too (each through a storage of its own with `shared`); every append
        then takes the file's lock, reads what the others appended and writes after it, so ids
        never clash and no line is cut into."""
        self.path = os.path.abspath(path)
        self.shared = shared
        self.durable = durable
        self.writer = writer
        self.decode = decode
        self.lenient = lenient
        self.problems: list[tuple[int, str]] = []  # (line, reason) skipped by a lenient reader
        self._state: dict[str, dict[str, Any]] = {}
        self._records: dict[str, dict[str, Any]] = {}  # what `decode` made of each document read
        self._max_id: dict[str, int] = {}
        self._offset = 0
        self._lines = 0
        self._ino: int | None = None
        self._fd: int | None = None
        self._fresh: list[tuple[str, Any]] = []
        if writer:
            fd, _ = open_regular(self.path, os.O_RDWR | os.O_APPEND, create=create)
            try:
                with self._exclusive(fd):
                    self._read_from(fd)
                    if os.fstat(fd).st_size != self._offset:  # a torn last line from a crash
                        os.ftruncate(fd, self._offset)
                        os.fsync(fd)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
            self._fresh = []

    def _exclusive(self, fd: int) -> contextlib.AbstractContextManager[None]:
        """The file to this storage alone while it reads and writes, when it is shared."""
        return held(fd, self.path, SHARED_WAIT) if self.shared else contextlib.nullcontext()

    def _apply(self, line: bytes | None, number: int) -> None:
        try:
            if line is None:
                raise ValueError(LINE_TOO_LONG)
            record = loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"a line should be a JSON object, not {type(record).__name__}")
            table, doc_id = record["t"], _doc_id(record["id"])
            if not isinstance(table, str):
                raise ValueError("'t' should be a table name")
            if doc_id is None:
                raise ValueError(f"'id' should be a whole number, not {record['id']!r:.40}")
            deleted = bool(record.get("del"))
            doc = None if deleted else record["doc"]
            decoded = None
            if not deleted:
                decoded = self.decode(table, doc) if self.decode is not None else doc
                if not isinstance(doc, dict):
                    raise ValueError(
                        f"a document should be a JSON object, not {type(doc).__name__}"
                    )
        except (ValueError, KeyError, TypeError) as exc:
            reason = str(exc) if not isinstance(exc, KeyError) else f"no {exc} field"
            reason = _one_line(reason or type(exc).__name__)
            if self.lenient:
                self.problems.append((number, reason))
                return
            raise CorruptFileError(self.path, number, reason) from None
        key = str(doc_id)
        if self._max_id.get(table, 0) < doc_id:
            self._max_id[table] = doc_id
        if deleted:
            self._state.get(table, {}).pop(key, None)
            self._records.get(table, {}).pop(key, None)
        else:
            assert isinstance(doc, dict)
            self._state.setdefault(table, {})[key] = doc
            self._records.setdefault(table, {})[key] = decoded
            self._fresh.append((table, decoded))

    @property
    def inode(self) -> int | None:
        """The inode of the file last read (a replaced file starts over)."""
        return self._ino

    def poll(self) -> list[tuple[str, Any]]:
        """(table, record) for each document written since the last poll, in file order:
        O(new bytes), for tailing a file another process is appending to."""
        self._refresh()
        fresh, self._fresh = self._fresh, []
        return fresh

    def records(self, table: str) -> list[Any]:
        """Every record of `table`, in id order, as `decode` made it (each document read once;
        one this storage appended itself is decoded when first asked for)."""
        self._refresh()
        self._fresh = []
        docs = self._state.get(table, {})
        made = self._records.setdefault(table, {})
        for key in docs.keys() - made.keys():
            made[key] = self.decode(table, docs[key]) if self.decode is not None else docs[key]
        return [made[k] for k in sorted(made, key=int)]

    def _reset(self, ino: int | None) -> None:
        self._state, self._max_id, self._offset, self._lines, self._ino = {}, {}, 0, 0, ino
        self._records, self._fresh = {}, []

    def _refresh(self) -> None:
        if self._fd is not None:  # the writer: nobody else appends
            return
        try:
            fd, _ = open_regular(self.path, os.O_RDONLY)
        except FileNotFoundError:
            self._reset(None)
            return
        try:
            self._read_from(fd)
        finally:
            os.close(fd)

    def _read_from(self, fd: int) -> None:
        st = os.fstat(fd)
        if st.st_ino != self._ino or st.st_size < self._offset:  # replaced: read from the start
            self._reset(st.st_ino)
        if st.st_size == self._offset:
            return
        for line, size in complete_lines(fd, self._offset, MAX_LINE):
            number = self._lines + 1
            if line is None or line.strip():
                self._apply(line, number)  # a damaged line raises here unless lenient
            self._lines, self._offset = number, self._offset + size

    def read(self) -> dict[str, dict[str, Any]] | None:
        self._refresh()
        self._fresh = []
        if not self._state:
            return None
        # TinyDB mutates what it reads; copy tables and documents (not deep: values are JSON)
        return {t: {k: dict(d) for k, d in docs.items()} for t, docs in self._state.items()}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        with self._writing() as fd:
            out: list[dict[str, Any]] = []
            for table, docs in data.items():
                old = self._state.get(table, {})
                out += [
                    {"t": table, "id": k, "doc": d} for k, d in docs.items() if old.get(str(k)) != d
                ]
                out += [
                    {"t": table, "id": k, "del": True} for k in old.keys() - {str(k) for k in docs}
                ]
            self._append(fd, out)

    def append(self, table: str, docs: list[dict[str, Any]]) -> list[int]:
        """New documents only, each given the next id after the highest this file holds: written
        without reading the table (see AppendTable). Returns their ids."""
        with self._writing() as fd:
            first = self._max_id.get(table, 0) + 1
            ids = list(range(first, first + len(docs)))
            self._append(
                fd, [{"t": table, "id": i, "doc": d} for i, d in zip(ids, docs, strict=True)]
            )
        return ids

    @contextlib.contextmanager
    def _writing(self) -> Iterator[int]:
        """The writer's file, to this storage alone when it is shared, with what the others
        appended read first (so new ids go on after theirs)."""
        fd = self._fd
        if fd is None:
            raise PermissionError(f"{self.path} is open read-only")
        with self._exclusive(fd):
            if self.shared:
                self._read_from(fd)
            yield fd

    def _append(self, fd: int, out: list[dict[str, Any]]) -> None:
        if not out:
            return
        payload = b"".join(
            json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for r in out
        )
        write_all(fd, payload)
        if self.durable:
            os.fsync(fd)
        for r in out:
            self._lines += 1
            table, key = r["t"], str(r["id"])
            if self._max_id.get(table, 0) < int(key):
                self._max_id[table] = int(key)
            if r.get("del"):
                self._state.get(table, {}).pop(key, None)
                self._records.get(table, {}).pop(key, None)
            else:
                self._state.setdefault(table, {})[key] = r["doc"]
                self._records.get(table, {}).pop(key, None)  # decoded again if asked for
        self._offset += len(payload)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class AppendTable(Table):
    """A TinyDB table whose inserts cost the same at event 10 and event 10,000.

    TinyDB's own insert reads every table, adds the document and hands everything back to the
    storage; a transcript only ever grows, so here new documents go straight to the storage's
    append, one JSON line each, fsynced as before. Only public TinyDB API: `storage`, `name`,
    `clear_cache`, and `all` for reading back.
    """

    def insert(self, document: Any) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Any) -> list[int]:
        storage = self.storage
        if not isinstance(storage, JSONLinesStorage):
            raise TypeError("AppendTable needs a JSONLinesStorage")
        docs = [dict(d) for d in documents]
        ids = storage.append(self.name, docs)
        self.clear_cache()
        return ids


class AppendLog:
    """A log file as a TinyDB database on a JSONLinesStorage: documents appended to one table
    through an AppendTable, and read back as the records `decode` makes of them."""

    def __init__(
        self, path: str, table: str, create: bool, decode: Decode, shared: bool = False
    ) -> None:
        """CorruptFileError if a line cannot be read, OSError if the file cannot be opened."""
        self._db = TinyDB(
            path, storage=JSONLinesStorage, create=create, decode=decode, shared=shared
        )
        storage = self._db.storage
        assert isinstance(storage, JSONLinesStorage)
        self._storage = storage
        self._table = AppendTable(storage, table, cache_size=0)

    def records(self) -> list[Any]:
        """Every record of the table, as read when the log was opened."""
        return self._storage.records(self._table.name)

    def append(self, docs: list[dict[str, Any]]) -> None:
        """Durable on return (fsynced)."""
        self._table.insert_multiple(docs)

    def close(self) -> None:
        self._db.close()
