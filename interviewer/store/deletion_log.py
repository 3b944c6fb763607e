"""The deletion log, `deletions.jsonl` in the sessions root: one line per deleted session, with
no content (the date, the session id, its organisation, who deleted it, with which command, and
the deletion's own random id, by which a deletion finished after a crash is logged once).

Appended and fsynced; a torn last line (a crash mid-write) is ended before the next line, so it
stays one damaged line. Lines are read through the bounded JSON reader: a damaged, over-long or
over-nested line is skipped with a warning naming file and line, and the file is left as is.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, NamedTuple

from interviewer.bounded_json import LINE_TOO_LONG, MAX_LINE, loads
from interviewer.store.safe_io import append_line, complete_lines, open_regular
from interviewer.store.session_file import StoreError

LOG = "deletions.jsonl"

log = logging.getLogger("interviewer.store")


class Deleted(NamedTuple):
    """What the deletion log keeps of a session: no content."""

    session_id: str
    org: str
    date: str  # YYYY-MM-DD
    by: str
    command: str
    id: str = ""  # the deletion's random id ("" on lines written before it was kept)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "session": self.session_id,
            "org": self.org,
            "by": self.by,
            "command": self.command,
            "id": self.id,
        }


def deleted_from_json(doc: Any) -> Deleted:
    """A log line's record; ValueError saying why it is not one."""
    if not isinstance(doc, dict):
        raise ValueError(f"a line should be a JSON object, not {type(doc).__name__}")
    fields = {"session": "session_id", "org": "org", "date": "date", "by": "by"}
    fields |= {"command": "command", "id": "id"}
    values = {}
    for key, name in fields.items():
        value = doc.get(key, "" if key == "id" else None)
        if not isinstance(value, str):
            raise ValueError(f"{key!r} should be text")
        values[name] = value
    return Deleted(**values)


def append(root: Path, record: Deleted) -> None:
    """One line, fsynced, a torn last line ended first (StoreError naming the log if it cannot
    be written)."""
    try:
        append_line(str(root / LOG), record.to_json())
    except OSError as exc:
        raise StoreError(
            f"session {record.session_id} was deleted, but the deletion log "
            f"{root / LOG} could not be written: {' '.join(str(exc).split())}"
        ) from None


def read_log(root: Path) -> list[Deleted]:
    """The log's records, oldest first; a line that cannot be read is left out, with a
    warning naming file and line."""
    path = root / LOG
    try:
        fd, _ = open_regular(str(path), os.O_RDONLY)
    except FileNotFoundError:
        return []
    except OSError as exc:
        log.warning("%s", f"the deletion log cannot be read: {' '.join(str(exc).split())}")
        return []
    out = []
    try:
        for number, (line, _) in enumerate(complete_lines(fd, 0, MAX_LINE), start=1):
            try:
                if line is None:
                    raise ValueError(LINE_TOO_LONG)
                if line.strip():
                    out.append(deleted_from_json(loads(line)))
            except ValueError as exc:
                reason = " ".join(str(exc).split())[:120]
                log.warning("%s", f"{path}: line {number} skipped ({reason}); left as is")
    finally:
        os.close(fd)
    return out
