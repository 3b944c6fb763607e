"""The shapes the store checks on read, so a malformed but parseable file is a one-line reason
instead of a traceback somewhere downstream.

Only what every reader relies on is checked here (an object, a text `type`, a numeric `ts`, ids
that are text or whole numbers, ...); what a record means is for its reader. Each function returns
None when the shape is fine, else the reason.
"""

from __future__ import annotations

import math
from typing import Any

META_TEXT = ("track",)
META_OPTIONAL_TEXT = ("id", "org", "participant", "status", "script_id", "script_sha256")
META_OPTIONAL_NUMBER = ("started",)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def is_number(value: Any) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(float(value))
    )


def is_id(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, str | int)


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


def _record_problem(doc: Any, ids: tuple[str, ...], texts: tuple[str, ...]) -> str | None:
    if not isinstance(doc, dict):
        return f"a record should be a JSON object, not {type(doc).__name__}"
    if not isinstance(doc.get("type"), str):
        return f"'type' should be text, not {_short(doc.get('type'))}"
    if not is_number(doc.get("ts")):
        return f"'ts' should be a number, not {_short(doc.get('ts'))}"
    for key in ids:
        if key in doc and not is_id(doc[key]):
            return f"{key!r} should be an id (text or a whole number), not {_short(doc[key])}"
    for key in texts:
        if key in doc and not isinstance(doc[key], str):
            return f"{key!r} should be text, not {_short(doc[key])}"
    return None


def event_problem(doc: Any) -> str | None:
    """An event in transcript.jsonl."""
    problem = _record_problem(doc, ids=("id",), texts=("step", "by", "track"))
    if problem is None and doc["type"] in ("answer", "back") and "step" not in doc:
        return f"{doc['type']!r} events name their 'step'; this one does not"
    return problem


def note_problem(doc: Any) -> str | None:
    """A facilitator's record in notes-<who>.jsonl."""
    return _record_problem(doc, ids=("id",), texts=("by", "step", "dimension"))
