"""The shapes the store checks on read, so a malformed but parseable file is a one-line reason
instead of a traceback somewhere downstream.

Events and notes are checked against their one definition in `interviewer.records` (meta.json by
`SessionMeta.from_json`). Each function returns None when the shape is fine, else the reason.
"""

from __future__ import annotations

from typing import Any

from interviewer.records import RecordError, event_from_json, is_number, note_from_json

__all__ = ["event_problem", "is_number", "note_problem"]


def event_problem(doc: Any) -> str | None:
    """An event in transcript.jsonl: the shape `interviewer.records` reads, or why not."""
    try:
        event_from_json(doc)
    except RecordError as exc:
        return str(exc)
    return None


def note_problem(doc: Any) -> str | None:
    """A facilitator's record in notes-<who>.jsonl, likewise."""
    try:
        note_from_json(doc)
    except RecordError as exc:
        return str(exc)
    return None
