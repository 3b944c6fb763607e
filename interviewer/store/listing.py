"""Listing sessions by scanning each folder's meta.json: no shared index, no shared writer."""

from __future__ import annotations

import os
from typing import NamedTuple

from interviewer.store.session_file import TRANSCRIPT, SessionStore, StoreError


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

    def to_json(self) -> dict:
        return self._asdict()


def list_sessions(store: SessionStore, org: str | None = None) -> list[SessionSummary]:
    out: list[SessionSummary] = []
    for sid in store.session_ids():
        ref = store.ref(sid)
        try:
            meta = store.meta(sid)
        except StoreError as exc:
            out.append(SessionSummary(sid, "unreadable", "", "", "", 0.0, 0.0, str(exc)))
            continue
        if org is not None and (meta.get("org") or "").lower() != org.lower():
            continue
        status = meta.get("status", "active")
        if status == "active" and not store.is_open(sid):
            status = "paused"  # the process ended without saying so (closed or killed)
        try:
            last = os.stat(ref.folder / TRANSCRIPT).st_mtime
        except OSError:
            last = float(meta.get("started") or 0.0)
        out.append(
            SessionSummary(
                id=sid,
                status=status,
                role=meta.get("track", ""),
                org=meta.get("org") or "",
                participant=meta.get("participant") or "",
                started=float(meta.get("started") or 0.0),
                last_activity=max(last, float(meta.get("started") or 0.0)),
            )
        )
    out.sort(key=lambda s: s.last_activity, reverse=True)
    return out
