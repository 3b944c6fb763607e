"""Rewriting invitations.jsonl without some invitations: those of a deleted session, and those
that can open nothing any more and name someone for nothing (compaction).

An invitation is compacted away when its link has expired or was revoked and no session of it
remains (never used, or its session deleted): its participant's and facilitator's names have
served their purpose. A link still usable, or whose session still exists, stays. The file is
replaced atomically under the invitations lock, every line of a dropped id with it; lines that
cannot be read are kept as they are. Headless.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from interviewer.bounded_json import loads
from interviewer.records import is_number
from interviewer.store.atomic_storage import remove_stale_temps, replace_atomically
from interviewer.store.invitations import FILE as INVITATIONS
from interviewer.store.invitations import InvitationStore
from interviewer.store.safe_io import read_regular
from interviewer.store.session_file import SessionStore, StoreError


def _record(line: bytes) -> dict[str, Any] | None:
    try:
        doc = loads(line)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def drop_invitations(
    store: SessionStore, drop: Callable[[list[dict[str, Any]]], bool], failed: str
) -> int:
    """Remove every line of each invitation `drop` picks from its lines (oldest first; the last
    one is in force); the lines removed. StoreError starting with `failed` when the file cannot
    be read."""
    path = store.root / INVITATIONS
    if not os.path.lexists(path):
        return 0
    with InvitationStore(store.root).locked():
        remove_stale_temps(str(path))  # a replace cut short: the old file is still in place
        try:
            data = read_regular(str(path))
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise StoreError(f"{failed}: {' '.join(str(exc).split())}") from None
        lines = [(line, _record(line)) for line in data.split(b"\n") if line]
        by_id: dict[Any, list[dict[str, Any]]] = {}
        for _, doc in lines:
            if doc:
                by_id.setdefault(doc.get("id"), []).append(doc)
        ids = {key for key, docs in by_id.items() if drop(docs)}
        kept = [line for line, doc in lines if not (doc and doc.get("id") in ids)]
        if len(kept) < len(lines):
            replace_atomically(str(path), b"".join(line + b"\n" for line in kept))
    return len(lines) - len(kept)


def compact_invitations(store: SessionStore, now: float) -> int:
    """Drop the invitations that open nothing any more and whose session is gone."""

    def spent(docs: list[dict[str, Any]]) -> bool:
        doc = docs[-1]  # the last line for an id is the one in force
        expires = doc.get("expires")
        expired = isinstance(expires, int | float) and is_number(expires) and now >= expires
        done = doc.get("revoked") is True or expired
        sid = doc.get("session_id")
        gone = sid is None or not (isinstance(sid, str) and os.path.lexists(store.ref(sid).folder))
        return done and gone

    return drop_invitations(store, spent, "invitations could not be compacted")
