"""A TinyDB storage that only ever appends, so a crash can tear at most the last line.

TinyDB's stock JSONStorage rewrites the whole file in place; a kill between write and truncate
leaves it unreadable. Here each write appends one JSON line per changed document and fsyncs.
Readers in other processes apply only new complete lines and ignore a torn tail; a writer
truncates a torn tail when it opens. A line that cannot be parsed anywhere else means the file is
damaged: it is reported and left exactly as it is.
"""

from __future__ import annotations

import json
import os
from typing import Any

from tinydb.storages import Storage
from tinydb.table import Table


class CorruptFileError(Exception):
    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}: line {line} cannot be read ({reason}); the file was left as is")
        self.path, self.line, self.reason = path, line, reason


def private_open(path: str, flags: int) -> int:
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)
    return fd


class JSONLinesStorage(Storage):
    def __init__(self, path: str, writer: bool = True, durable: bool = True) -> None:
        self.path = os.path.abspath(path)
        self.durable = durable
        self.writer = writer
        self._state: dict[str, dict[str, Any]] = {}
        self._offset = 0
        self._lines = 0
        self._ino: int | None = None
        self._fh: Any = None
        self._fresh: list[tuple[str, dict[str, Any]]] = []
        if writer:
            fd = private_open(self.path, os.O_RDWR | os.O_CREAT)
            os.close(fd)
            self._refresh()
            size = os.path.getsize(self.path)
            if size != self._offset:  # a torn last line from a crash: cut it off
                with open(self.path, "r+b") as f:
                    f.truncate(self._offset)
                    f.flush()
                    os.fsync(f.fileno())
            self._fh = open(self.path, "ab")  # noqa: SIM115 - held open for the session
            self._fresh = []

    def _apply(self, line: bytes, number: int) -> None:
        try:
            record = json.loads(line)
            table, doc_id = record["t"], str(record["id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptFileError(self.path, number, str(exc) or type(exc).__name__) from None
        if record.get("del"):
            self._state.get(table, {}).pop(doc_id, None)
        else:
            self._state.setdefault(table, {})[doc_id] = record["doc"]
            self._fresh.append((table, record["doc"]))

    def poll(self) -> list[tuple[str, dict[str, Any]]]:
        """Documents written since the last poll, in file order: O(new bytes), for tailing a
        file another process is appending to."""
        self._refresh()
        fresh, self._fresh = self._fresh, []
        return fresh

    def _refresh(self) -> None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._state, self._offset, self._lines, self._ino = {}, 0, 0, None
            return
        if st.st_ino != self._ino or st.st_size < self._offset:  # replaced: read from the start
            self._state, self._offset, self._lines, self._ino = {}, 0, 0, st.st_ino
            self._fresh = []
        if st.st_size == self._offset:
            return
        with open(self.path, "rb") as f:
            f.seek(self._offset)
            chunk = f.read()
        end = chunk.rfind(b"\n") + 1  # complete lines only
        for line in chunk[:end].split(b"\n"):
            if line.strip():
                self._lines += 1
                self._apply(line, self._lines)
            elif line:
                self._lines += 1
        self._offset += end

    def read(self) -> dict[str, dict[str, Any]] | None:
        self._refresh()
        self._fresh = []
        if not self._state:
            return None
        # TinyDB mutates what it reads; copy tables and documents (not deep: values are JSON)
        return {t: {k: dict(d) for k, d in docs.items()} for t, docs in self._state.items()}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        out: list[dict[str, Any]] = []
        for table, docs in data.items():
            old = self._state.get(table, {})
            out += [
                {"t": table, "id": k, "doc": d} for k, d in docs.items() if old.get(str(k)) != d
            ]
            out += [{"t": table, "id": k, "del": True} for k in old.keys() - {str(k) for k in docs}]
        self._append(out)

    def append(self, table: str, docs: list[tuple[int, dict[str, Any]]]) -> None:
        """New documents only: written without looking at the others (see AppendTable)."""
        self._append([{"t": table, "id": doc_id, "doc": doc} for doc_id, doc in docs])

    def _append(self, out: list[dict[str, Any]]) -> None:
        if self._fh is None:
            raise PermissionError(f"{self.path} is open read-only")
        if not out:
            return
        payload = b"".join(
            json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for r in out
        )
        self._fh.write(payload)
        self._fh.flush()
        if self.durable:
            os.fsync(self._fh.fileno())
        for r in out:
            self._lines += 1
            table, key = r["t"], str(r["id"])
            if r.get("del"):
                self._state.get(table, {}).pop(key, None)
            else:
                self._state.setdefault(table, {})[key] = r["doc"]
        self._offset += len(payload)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


class AppendTable(Table):
    """A TinyDB table whose inserts cost the same at event 10 and event 10,000.

    TinyDB's own insert reads every table, adds the document and hands everything back to the
    storage; a transcript only ever grows, so here new documents go straight to the storage's
    append, one JSON line each, fsynced as before.
    """

    def insert_multiple(self, documents: Any) -> list[int]:
        docs = [dict(d) for d in documents]
        ids = [self._get_next_id() for _ in docs]
        self.storage.append(self.name, list(zip(ids, docs, strict=True)))
        self.clear_cache()
        return ids
