"""A TinyDB storage that replaces the file atomically: temp file, fsync, os.replace, fsync dir."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from typing import Any

from tinydb.storages import Storage


def fsync_dir(path: str) -> None:
    fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str, durable: bool = True) -> None:
        self.path = os.path.abspath(path)
        self.durable = durable

    def read(self) -> dict[str, Any] | None:
        try:
            with open(self.path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            return None
        return json.loads(raw) if raw.strip() else None

    def write(self, data: dict[str, Any]) -> None:
        directory = os.path.dirname(self.path)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(self.path)}.")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(json.dumps(data, ensure_ascii=False, indent=1).encode())
                f.flush()
                if self.durable:
                    os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
            if self.durable:
                fsync_dir(self.path)
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
