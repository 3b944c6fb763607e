"""Opening files in the sessions folder without trusting what is planted there.

Every open refuses to follow a symbolic link (O_NOFOLLOW), never blocks on a FIFO (O_NONBLOCK,
then fstat) and accepts regular files only. The mode of a file is set only when this open created
it: a file someone else put there keeps its mode, and a link's target is never touched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat

SAFE_FLAGS = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
PRIVATE = 0o600


class UnsafeFileError(OSError):
    """A path in the sessions folder that is not a plain file: a link, a FIFO, a directory."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(errno.EINVAL, what, path)
        self.path, self.what = path, what

    def __str__(self) -> str:
        return f"{self.path} {self.what}; it was left as is"


def kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


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


def read_regular(path: str) -> bytes:
    """The whole of a regular file (FileNotFoundError if missing, UnsafeFileError if not a
    regular file)."""
    fd, _ = open_regular(path, os.O_RDONLY)
    try:
        return read_fd(fd, 0)
    finally:
        os.close(fd)


def read_fd(fd: int, offset: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.pread(fd, 1 << 20, offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


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
