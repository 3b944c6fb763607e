"""A session's cached analysis: one file beside its transcript, written by reports so the
next one need not replay the session.

The file is two JSON lines: the key the analysis was made under with the SHA-256 of the second
line, then the analysis. The store keeps it safely (never read through a link, read within
bounds, replaced atomically, 0600) and returns it only whole: a file that cannot be read, or
whose analysis is not the one its first line hashed (cut short, changed on disk), is no cache,
never an error. What the key holds and when it is still valid is the reader's business (the
organisation report keys it by hashes of the transcript and the script). It goes with the
session folder when the session is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from interviewer.bounded_json import loads
from interviewer.store.atomic_storage import remove_stale_temps, replace_atomically
from interviewer.store.safe_io import open_regular, read_regular
from interviewer.store.session_file import SessionRef

ANALYSIS_CACHE = "analysis-cache.json"
MAX_CACHE = 4 << 20  # far above any session's analysis; a larger one is not kept


def is_cache_file(name: str) -> bool:
    """The cache or a temporary file of its writing: not a change to the session."""
    return name == ANALYSIS_CACHE or name.startswith(f".{ANALYSIS_CACHE}.")


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file of the session as it is on disk, never read through a link
    (OSError if it cannot be read: the reader of the session says why)."""
    fd, _ = open_regular(str(path), os.O_RDONLY)
    with os.fdopen(fd, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


class Cached(NamedTuple):
    key: Any  # as written: JSON
    analysis: Any


def read_cache(ref: SessionRef) -> Cached | None:
    """The cached key and analysis, or None when there is none or it is not whole."""
    try:
        raw = read_regular(str(ref.folder / ANALYSIS_CACHE), MAX_CACHE)
        head, _, body = raw.partition(b"\n")
        found = loads(head, MAX_CACHE)
        if not isinstance(found, dict) or found.get("sha256") != _digest(body):
            return None
        return Cached(found.get("key"), loads(body, MAX_CACHE))
    except (OSError, ValueError):  # missing, not a regular file, not JSON, too long
        return None


def write_cache(ref: SessionRef, key: dict[str, Any], analysis: Any) -> bool:
    """Replace the cache with `analysis` made under `key`, atomically and 0600; False when it
    is not kept (too large, or the folder cannot be written: a report made by a reader without
    write access, or a session deleted meanwhile). Not fsynced: a cache a crash cut short is
    not whole, and is made again."""
    try:  # escaped to ASCII (a lone surrogate someone typed reads back as it was): no newline
        body = _line(analysis)
        data = _line({"key": key, "sha256": _digest(body)}) + b"\n" + body
    except ValueError:  # a figure that is not a number: JSON cannot hold it
        return False
    if len(data) > MAX_CACHE:
        return False
    path = str(ref.folder / ANALYSIS_CACHE)
    with contextlib.suppress(OSError):
        remove_stale_temps(path)
        replace_atomically(path, data, durable=False)
        return True
    return False


def _line(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":"), allow_nan=False).encode("ascii")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
