"""Opening files in the sessions folder without trusting what is planted there.

Every open refuses to follow a symbolic link (O_NOFOLLOW), never blocks on a FIFO (O_NONBLOCK,
then fstat) and accepts regular files only. The mode of a file is set only when this open created
it: a file someone else put there keeps its mode, and a link's target is never touched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
from collections.abc import Iterator
from typing import Any

from interviewer.bounded_json import JSONBoundsError, size_text
from interviewer.file_kind import kind_of

SAFE_FLAGS = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
PRIVATE = 0o600
CHUNK = 1 << 26  # 64 MiB: the most read at once


class UnsafeFileError(OSError):
    """A path in the sessions folder that is not a plain file: a link, a FIFO, a directory."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(errno.EINVAL, what, path)
        self.path, self.what = path, what

    def __str__(self) -> str:
        return f"{self.path} {self.what}; it was left as is"


def _unsafe(path: str, mode: int) -> UnsafeFileError:
    if stat.S_ISLNK(mode):
        return UnsafeFileError(path, "is a symbolic link, which is never followed")
    return UnsafeFileError(path, f"is not a regular file ({kind_of(mode)})")


def _explain(path: str, exc: OSError) -> OSError:
    """A failed open of something that is there but is not a regular file says what it is."""
    if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.ENODEV, errno.EOPNOTSUPP):
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return exc
        if not stat.S_ISREG(mode):
            return _unsafe(path, mode)
    return exc


def open_regular(path: str, flags: int, create: bool = False) -> tuple[int, bool]:
    """(fd, created): `path` opened with `flags` if it is a regular file, not through a link.

    With `create`, a missing file is created 0600 (whatever the umask); an existing one is opened
    as it is. Raises UnsafeFileError for a link, FIFO, directory, socket or device, and the usual
    OSError (FileNotFoundError, PermissionError, ...) otherwise."""
    base = flags | SAFE_FLAGS
    created = False
    try:
        if create:
            try:
                fd = os.open(path, base | os.O_CREAT | os.O_EXCL, PRIVATE)
                created = True
            except FileExistsError:
                fd = os.open(path, base)
        else:
            fd = os.open(path, base)
    except OSError as exc:
        raise _explain(path, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _unsafe(path, st.st_mode)
        if created:
            os.fchmod(fd, PRIVATE)
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    except BaseException:
        os.close(fd)
        if created:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise
    return fd, created


def read_regular(path: str, limit: int | None = None) -> bytes:
    """The whole of a regular file (FileNotFoundError if missing, UnsafeFileError if not a
    regular file; JSONBoundsError, a ValueError, if it holds more than `limit` bytes)."""
    fd, _ = open_regular(path, os.O_RDONLY)
    try:
        data = read_fd(fd, 0, None if limit is None else limit + 1)
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        raise JSONBoundsError(f"the file is longer than the {size_text(limit)} allowed")
    return data


def _chunk(fd: int, offset: int) -> int:
    """What to read next: the rest of the file as it stands, in one read (reading a large
    file in fixed pieces costs ten times more), within bounds."""
    return min(max(os.fstat(fd).st_size - offset + 1, 1 << 12), CHUNK)


def read_fd(fd: int, offset: int, limit: int | None = None) -> bytes:
    """From `offset` to the end (at most `limit` bytes)."""
    chunks: list[bytes] = []
    left = limit
    while left is None or left > 0:
        size = _chunk(fd, offset)
        chunk = os.pread(fd, size if left is None else min(size, left), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
        if left is not None:
            left -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def complete_lines(fd: int, offset: int, max_line: int) -> Iterator[tuple[bytes | None, int]]:
    """Each complete line from `offset` on, without its newline, with the bytes it took (its
    newline included): None in place of a line longer than `max_line`, which is skipped without
    ever being held whole. A last line without its newline (still being written, or torn) is
    not read."""
    held = b""
    skipping = -1  # the length of an over-long line read so far; -1 when not in one
    while True:
        chunk = os.pread(fd, _chunk(fd, offset), offset)
        if not chunk:
            return
        offset += len(chunk)
        start = 0
        while (newline := chunk.find(b"\n", start)) >= 0:
            if skipping >= 0:
                yield None, skipping + newline - start + 1
                skipping = -1
            else:
                line = held + chunk[start:newline]
                held = b""
                yield (line if len(line) <= max_line else None), len(line) + 1
            start = newline + 1
        if skipping >= 0:
            skipping += len(chunk) - start
        else:
            held += chunk[start:]
            if len(held) > max_line:
                skipping, held = len(held), b""


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def append_line(path: str, doc: dict[str, Any]) -> None:
    """`doc` as one JSON line at the end of a file (created 0600), fsynced. A torn last line (a
    crash mid-write) is ended first, so it stays one damaged line rather than spoiling this."""
    line = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    fd, _ = open_regular(path, os.O_RDWR | os.O_APPEND, create=True)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        write_all(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new(path: str, data: bytes) -> None:
    """A new regular file with `data`, on disk before this returns (fsynced; the folder's entry
    is the caller's to sync, as it may write several files first)."""
    fd, _ = open_regular(path, os.O_WRONLY, create=True)
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def folder_problem(path: str) -> str | None:
    """Why `path` is not a usable real directory (None when it is one)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "is missing"
    if stat.S_ISLNK(mode):
        return "is a symbolic link, which is never followed"
    if not stat.S_ISDIR(mode):
        return f"is not a folder ({kind_of(mode)})"
    return None
