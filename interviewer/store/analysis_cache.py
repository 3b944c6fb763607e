"""A session's cached analysis: one JSON file beside its transcript, written by reports so the
next one need not replay the session.

The store only keeps the file: safely read (never through a link, within bounds), replaced
atomically, 0600. What it holds and when it is still valid is the reader's business (the
organisation report keys it by hashes of the transcript and the script); a file that cannot be
read is no cache, never an error. It goes with the session folder when the session is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

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


def read_cache(ref: SessionRef) -> Any | None:
    """The cached document, or None when there is none or it cannot be read as JSON."""
    try:
        return loads(read_regular(str(ref.folder / ANALYSIS_CACHE), MAX_CACHE), MAX_CACHE)
    except (OSError, ValueError):  # missing, not a regular file, damaged, too long
        return None


def write_cache(ref: SessionRef, doc: dict[str, Any]) -> bool:
    """Replace the cache with `doc`, atomically and 0600; False when it is not kept (too
    large, or the folder cannot be written: a report made by a reader without write access,
    or a session deleted meanwhile). Not fsynced: a cache lost to a crash is rebuilt."""
    try:  # escaped to ASCII: a lone surrogate someone typed reads back as it was
        encoded = json.dumps(doc, separators=(",", ":"), allow_nan=False).encode("ascii")
    except ValueError:  # a figure that is not a number: JSON cannot hold it
        return False
    if len(encoded) > MAX_CACHE:
        return False
    path = str(ref.folder / ANALYSIS_CACHE)
    with contextlib.suppress(OSError):
        remove_stale_temps(path)
        replace_atomically(path, encoded, durable=False)
        return True
    return False
