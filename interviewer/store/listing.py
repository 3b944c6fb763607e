"""Listing sessions by scanning each folder's meta.json: no shared index, no shared writer.

A folder that is named like a session but cannot be used (meta.json missing or malformed, the
transcript or the pinned script missing, a link in place of the folder) is listed as unreadable
with the reason, never left out without a word and never a traceback.
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

from interviewer.durations import DAY
from interviewer.store.holds import read_hold
from interviewer.store.pending_deletion import finish_pending
from interviewer.store.retention import retention_days
from interviewer.store.session_file import (
    SCRIPT_COPY,
    TRANSCRIPT,
    SessionStore,
    StoreError,
)


class SessionSummary(NamedTuple):
    """One row of `interviewer list`."""

    id: str
    status: str  # active | paused | completed | unreadable
    role: str
    org: str
    participant: str
    started: float
    last_activity: float
    problem: str = ""
    kept_until: float | None = None  # the retention agreed runs out (None: none agreed)
    held_until: str = ""  # YYYY-MM-DD of a hold, if one was set

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


def _unreadable(sid: str, problem: str) -> SessionSummary:
    return SessionSummary(sid, "unreadable", "", "", "", 0.0, 0.0, problem)


def list_sessions(store: SessionStore, org: str | None = None) -> list[SessionSummary]:
    """Every session (of `org`), newest activity first; a deletion a crash cut short is
    finished first."""
    finish_pending(store.root)
    out: list[SessionSummary] = []
    for sid in store.session_ids():
        ref = store.ref(sid)
        try:
            meta = store.meta(sid)
        except StoreError as exc:
            out.append(_unreadable(sid, str(exc)))
            continue
        if org is not None and meta.org.lower() != org.lower():
            continue
        try:
            last = os.stat(ref.folder / TRANSCRIPT, follow_symlinks=False).st_mtime
        except FileNotFoundError:
            out.append(
                _unreadable(sid, f"{ref.transcript}: transcript.jsonl is missing; answers lost")
            )
            continue
        except OSError as exc:
            out.append(_unreadable(sid, f"{ref.transcript} cannot be read ({exc.strerror})"))
            continue
        if not os.path.lexists(ref.folder / SCRIPT_COPY):
            out.append(_unreadable(sid, f"{ref.folder / SCRIPT_COPY}: script.yaml is missing"))
            continue
        status: str = meta.status
        if status == "active" and not store.is_open(sid):
            status = "paused"  # the process ended without saying so (closed or killed)
        started = float(meta.started)
        days = retention_days(ref, meta)
        hold = read_hold(ref)
        out.append(
            SessionSummary(
                id=sid,
                status=status,
                role=meta.track,
                org=meta.org,
                participant=meta.participant,
                started=started,
                last_activity=max(last, started),
                kept_until=None if days is None else max(last, started) + days * DAY,
                held_until=hold.until if hold is not None else "",
            )
        )
    out.sort(key=lambda s: s.last_activity, reverse=True)
    return out
