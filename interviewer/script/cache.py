"""The script cache: one object, one rule.

Only a fully linted script is cached: every track built and checked, and no problem found. The
key is the SHA-256 of the script's text and the linter's version (linter.VERSION), so an edited
script, or a newer linter, misses and is read and checked from YAML again. A script with any
problem is never cached: it is read from YAML each time, so its problems keep their lines.

Two levels behind the one rule: the Script objects themselves, in memory (sessions keep their
own copy of a script, so the same text is loaded from several places), and the parsed document
as JSON on disk, which loads several times faster than the YAML and skips the linter, like
Python's .pyc files. Disk files are 0600 in a 0700 directory. A damaged or unreadable file is
ignored; a document JSON would not give back exactly (a date, say) is kept in memory only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

from interviewer.bounded_json import loads
from interviewer.script import linter
from interviewer.script.line_data import line_dict
from interviewer.script.model import Script

MEMORY_SIZE = 8
MAX_DOCUMENT = 8 << 20  # eight times the largest script the loader reads


def default_directory() -> Path:
    explicit = os.environ.get("INTERVIEWER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "interviewer"


def script_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ScriptCache:
    """Fully linted, clean scripts by content; `directory=None` follows $INTERVIEWER_CACHE_DIR
    (else $XDG_CACHE_HOME/interviewer) at each use."""

    def __init__(self, directory: str | Path | None = None, memory: int = MEMORY_SIZE) -> None:
        self._directory = Path(directory) if directory is not None else None
        self._memory: OrderedDict[str, Script] = OrderedDict()
        self._size = memory

    @property
    def directory(self) -> Path:
        return self._directory if self._directory is not None else default_directory()

    @staticmethod
    def key(sha256: str) -> str:
        return f"{sha256}-lint{linter.VERSION}"

    def _file(self, key: str) -> Path:
        return self.directory / f"script-{key}.json"

    def script(self, key: str) -> Script | None:
        """The script kept in memory under `key`."""
        script = self._memory.get(key)
        if script is not None:
            self._memory.move_to_end(key)
        return script

    def document(self, key: str) -> Any | None:
        """The parsed document kept on disk under `key`, or None."""
        try:
            with open(self._file(key), "rb") as f:
                data = f.read(MAX_DOCUMENT + 1)
            return loads(data, MAX_DOCUMENT, object_pairs_hook=line_dict)
        except (OSError, ValueError):  # a bounds error is a ValueError too
            return None

    def remember(self, key: str, script: Script) -> None:
        """Keep a script (built from a cached document, so clean) in memory."""
        self._memory[key] = script
        self._memory.move_to_end(key)
        while len(self._memory) > self._size:
            self._memory.popitem(last=False)

    def store(self, key: str, script: Script, doc: Any, problems: int) -> None:
        """Cache a script that was built and linted in full with `problems` problems: only a
        script with none is kept."""
        if problems:
            return
        self.remember(key, script)
        if _json_faithful(doc):
            self._write(key, doc)

    def forget(self) -> None:
        """Drop what is in memory (the files stay: they are keyed by content)."""
        self._memory.clear()

    def _write(self, key: str, doc: Any) -> None:
        target = self._file(key)
        tmp = None
        try:
            _private_dirs(target.parent)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".script-")  # always 0600
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, target)
            tmp = None
        except (OSError, TypeError, ValueError, RecursionError):
            pass
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _private_dirs(path: Path) -> None:
    """Create `path` and any missing parent 0700, whatever the umask (umask only removes)."""
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for p in reversed(missing):
        with contextlib.suppress(FileExistsError):
            p.mkdir(mode=0o700)


def _json_faithful(doc: Any) -> bool:
    """JSON gives `doc` back as the loader reads it: mapping keys are text or integers (level
    numbers, read back as text and looked up both ways) that stay distinct as text, and every
    value is text, a number, a boolean, null, a list or a mapping."""
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            keys = set()
            for key, value in item.items():
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    return False
                keys.add(str(key))
                stack.append(value)
            if len(keys) != len(item):
                return False
        elif isinstance(item, list):
            stack.extend(item)
        elif item is not None and not isinstance(item, (str, int, float)):
            return False
    return True
