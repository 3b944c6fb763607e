"""A cache of parsed scripts, keyed by the script's SHA-256, like Python's own .pyc files.

Parsing the built-in script's YAML (and importing PyYAML) is most of an interview's start-up
time. A script that parsed cleanly once is kept as JSON, which loads several times faster.
Only clean scripts are cached, so nothing `validate` would report is ever skipped: a changed
script has a new hash and is parsed, and checked, from YAML again. Likewise a track that was
linted clean is marked, and starting an interview on it again skips the whole-track lint
(`validate` always runs it). Any cache failure falls back to parsing and checking.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from interviewer.script.line_data import line_dict

FORMAT = 1  # bump when the loader reads documents differently or the linter checks more


def cache_dir() -> Path:
    explicit = os.environ.get("INTERVIEWER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "interviewer"


def _path(sha256: str) -> Path:
    return cache_dir() / f"script-{sha256}-v{FORMAT}.json"


def _clean_marker(sha256: str, track: str) -> Path:
    return cache_dir() / f"script-{sha256}-v{FORMAT}-{track}.clean"


def track_is_clean(sha256: str, track: str) -> bool:
    """A track of this exact script was expanded and linted without a problem before."""
    return _clean_marker(sha256, track).exists()


def mark_track_clean(sha256: str, track: str) -> None:
    with contextlib.suppress(OSError):
        marker = _clean_marker(sha256, track)
        marker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker.touch()


def read(sha256: str) -> Any | None:
    try:
        with open(_path(sha256), encoding="utf-8") as f:
            return json.load(f, object_pairs_hook=line_dict)
    except (OSError, ValueError):
        return None


def write(sha256: str, doc: Any) -> None:
    target = _path(sha256)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".script-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, target)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
