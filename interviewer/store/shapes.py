"""The shapes the store checks on read, so a malformed but parseable file is a one-line reason
instead of a traceback somewhere downstream.

Events and notes are checked against their one definition in `interviewer.records`; meta.json's
fields are checked here. Each function returns None when the shape is fine, else the reason.
"""

from __future__ import annotations

import math
from typing import Any

from interviewer.records import RecordError, event_from_json, note_from_json

META_TEXT = ("track",)
META_OPTIONAL_TEXT = ("id", "org", "participant", "status", "script_id", "script_sha256")
META_OPTIONAL_NUMBER = ("started", "retention_days")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def is_number(value: Any) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(float(value))
    )


def meta_problem(meta: Any) -> str | None:
    if not isinstance(meta, dict):
        return f"the session record should be a JSON object, not {type(meta).__name__}"
    for key in META_TEXT:
        if not isinstance(meta.get(key), str):
            return f"{key!r} should be text, not {_short(meta.get(key))}"
    for key in META_OPTIONAL_TEXT:
        if meta.get(key) is not None and not isinstance(meta[key], str):
            return f"{key!r} should be text, not {_short(meta[key])}"
    for key in META_OPTIONAL_NUMBER:
        if meta.get(key) is not None and not is_number(meta[key]):
            return f"{key!r} should be a number, not {_short(meta[key])}"
    return None


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
