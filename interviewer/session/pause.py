"""Pausing a session, in one place: the `paused` event and the status `list` shows. The runner
pauses on /pause, on quitting and when its front end loses its reader; the server, after an
app process ends, makes sure its interview is recorded as paused.

In the browser the app is ended by Textual's web driver (the tab closed, the server stopping,
the idle timer), which exits the app without its pause step. Every answer is already on disk;
this adds the `paused` event and status the terminal app would have written, so the session
lists as paused. Headless: the store and the records only."""

from __future__ import annotations

import time

from interviewer.records import Completed, Paused, Resumed, Started
from interviewer.store import SessionStore, SessionWriter, StoreError


def record_pause(store: SessionStore, session_id: str) -> bool:
    """True when a `paused` event was added; False when the interview was already paused or
    completed, or is open elsewhere (then whoever holds it records its own ending)."""
    try:
        writer = store.open_writer(session_id)
    except (StoreError, OSError):
        return False
    try:
        marks = Started | Resumed | Paused | Completed
        last = next((e for e in reversed(writer.events) if isinstance(e, marks)), None)
        if not isinstance(last, Started | Resumed):
            return False
        write_pause(writer, Paused(time.time()))
        return True
    finally:
        writer.close()


def write_pause(writer: SessionWriter, event: Paused | None) -> None:
    """Record a pause: its event (None when the interview's own reply already logged it) and
    the session's status."""
    if event is not None:
        writer.append([event])
    writer.update_meta(status="paused")
