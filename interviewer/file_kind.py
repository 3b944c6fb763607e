"""What a path is, in words, and reading a file given by path only if it is a regular file.

A FIFO given where a file is expected blocks `open` until someone writes to it, and a device
can be read for ever; so the path is stat'ed first, then opened non-blocking and checked again
on the open descriptor (the path may have changed in between). Headless: no Textual, no Rich.
"""

from __future__ import annotations

import os
import stat


class NotRegularFileError(Exception):
    """A path that is there but is not a regular file; the message says what it is."""

    def __init__(self, path: str, mode: int) -> None:
        super().__init__(f"{path} is not a regular file ({kind_of(mode)})")


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


def read_file(path: str, limit: int) -> bytes:
    """At most `limit` bytes of the regular file at `path` (links followed). Never blocks:
    NotRegularFileError for a FIFO, device, socket or directory; OSError if it cannot be
    read."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, mode)
        chunks, left = [], limit
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
