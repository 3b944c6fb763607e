"""An exclusive, non-blocking lock on a sidecar file, released by the kernel if the holder dies.

On Linux the lock is an open-file-description lock (F_OFD_SETLK): it belongs to the open file,
not the process, so a second handle in the same process conflicts too, and - what flock cannot
do - another process can test it (F_OFD_GETLK) without taking it. A `list` in a loop, the home
screen's refresh or a shadow's presence check therefore never makes a legitimate open fail.
Elsewhere the lock falls back to flock, and a probe that has to take the lock is retried over.

The sidecar is opened without following links and must be a regular file; it is made private
only when this open created it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import struct
import sys
import time
from collections.abc import Iterator

from interviewer.store.safe_io import open_regular

# struct flock on 64-bit Linux: short l_type, short l_whence, off_t l_start, off_t l_len,
# pid_t l_pid (0 for OFD locks), padded to 32 bytes
_FLOCK = "hhqqixxxx"
_OFD = sys.platform.startswith("linux") and hasattr(fcntl, "F_OFD_SETLK")
_RETRY_SECONDS = 0.25  # flock fallback only: how long an acquire waits out a probe


class LockHeldError(Exception):
    pass


def _ofd(fd: int, command: int, kind: int) -> int:
    result = fcntl.fcntl(fd, command, struct.pack(_FLOCK, kind, os.SEEK_SET, 0, 0, 0))
    return int(struct.unpack(_FLOCK, result)[0])


def try_lock(fd: int) -> bool:
    """Take the exclusive lock on an open file without waiting; False if another holds it."""
    try:
        if _OFD:
            _ofd(fd, fcntl.F_OFD_SETLK, fcntl.F_WRLCK)
        else:  # pragma: no cover - not Linux
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):  # EAGAIN / EACCES: held by another
        return False
    return True


def unlock(fd: int) -> None:
    """Give back the lock `try_lock` took on an open file (closing the file does it too)."""
    if _OFD:
        _ofd(fd, fcntl.F_OFD_SETLK, fcntl.F_UNLCK)
    else:  # pragma: no cover - not Linux
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def held(fd: int, path: str, wait: float) -> Iterator[None]:
    """The exclusive lock on an open file for as long as this lasts, waited for up to `wait`
    seconds (BlockingIOError naming the file after that); for work of a few milliseconds that
    other processes do on the same file."""
    deadline = time.monotonic() + wait
    while not try_lock(fd):
        if time.monotonic() >= deadline:
            raise BlockingIOError(errno.EAGAIN, "another process is still writing it", path)
        time.sleep(0.002)
    try:
        yield
    finally:
        unlock(fd)


class SidecarLock:
    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise LockHeldError; OSError (UnsafeFileError for a link, FIFO or
        directory) if the sidecar cannot be used at all."""
        fd, _ = open_regular(self.path, os.O_RDWR, create=True)
        deadline = time.monotonic() + (0 if _OFD else _RETRY_SECONDS)
        while not try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockHeldError(self.path)
            time.sleep(0.005)  # pragma: no cover - flock fallback
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the description releases the lock
            self._fd = None

    def held_elsewhere(self) -> bool:
        """Whether another handle holds the lock: tested, never taken (on Linux); never blocks,
        never creates the file, and a sidecar that is not a usable file counts as not held."""
        try:
            fd, _ = open_regular(self.path, os.O_RDONLY)
        except OSError:
            return False
        try:
            if _OFD:
                return _ofd(fd, fcntl.F_OFD_GETLK, fcntl.F_RDLCK) != fcntl.F_UNLCK
            try:  # pragma: no cover - not Linux: a shared probe, retried over by acquire
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:  # pragma: no cover
                return True
            return False  # pragma: no cover
        finally:
            os.close(fd)
