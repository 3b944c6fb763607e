"""A TinyDB storage that replaces the file atomically: temp file, fsync, os.replace, fsync dir.

Reading never follows a link and never opens anything but a regular file (a FIFO in place of
meta.json would otherwise hang every reader); os.replace swaps the directory entry, so a link
planted in the file's place is replaced, never written through.

A file of one document (meta.json) is laid out as TinyDB lays out a database that holds just that
document: TinyDB's default table, the document's id 1 (`TinyDB(path, storage=AtomicJSONStorage)
.get(doc_id=1)` reads it). Only `write_document` and `single_document` know that layout.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from interviewer.bounded_json import MAX_FILE, loads
from interviewer.store.safe_io import PRIVATE, read_regular, write_all

_TABLE = TinyDB.default_table_name
_DOC_ID = "1"  # TinyDB's ids are text in its JSON


class NoDocumentError(ValueError):
    """A file of one document whose table holds none."""


def fsync_dir(path: str) -> None:
    """fsync the folder that holds `path`."""
    fsync_folder(os.path.dirname(os.path.abspath(path)))


def fsync_folder(folder: str) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str, durable: bool = True) -> None:
        self.path = os.path.abspath(path)
        self.durable = durable

    def read(self) -> Any:
        """The parsed file (any JSON value: the caller checks its shape), None if missing or
        empty. ValueError if it is not JSON or is longer or nested deeper than bounded_json
        allows, OSError (UnsafeFileError) if it cannot be read."""
        try:
            raw = read_regular(self.path, MAX_FILE)
        except FileNotFoundError:
            return None
        return loads(raw, MAX_FILE) if raw.strip() else None

    def write(self, data: dict[str, Any]) -> None:
        encoded = json.dumps(data, ensure_ascii=False, indent=1).encode()
        replace_atomically(self.path, encoded, self.durable)

    def write_document(self, doc: dict[str, Any]) -> None:
        """Replace the file with one holding `doc` alone."""
        self.write({_TABLE: {_DOC_ID: doc}})


def single_document(data: Any) -> Any:
    """The document a file of one holds, from what `AtomicJSONStorage.read` returned (not None).
    A JSON value found where the table or the document should be is returned as it is, for the
    caller's check to say what is wrong with it; NoDocumentError when the table holds none."""
    table = data.get(_TABLE) if isinstance(data, dict) else data
    if not isinstance(table, dict):
        return table
    doc = table.get(_DOC_ID)
    if doc is None:
        raise NoDocumentError("no document in it")
    return doc


def replace_atomically(path: str, data: bytes, durable: bool = True) -> None:
    """Replace the file at `path` with `data` (0600): a temp file beside it, fsync, os.replace,
    fsync the folder. A reader sees the old file or the new one, never a part of either."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.")
    try:
        try:
            os.fchmod(fd, PRIVATE)
            write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        if durable:
            fsync_dir(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove_stale_temps(path: str) -> None:
    """A kill between mkstemp and replace leaves a temp file behind; it holds nothing needed."""
    folder, prefix = os.path.dirname(path) or ".", f".{os.path.basename(path)}."
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(prefix):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
