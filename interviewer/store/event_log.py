"""A session's event log as typed events: the store keeps JSON objects, everyone else reads
`interviewer.records` types. The store has already checked each line against those types when it
read the file (a damaged line is a SessionCorruptError naming file and line), so this only
converts."""

from __future__ import annotations

from interviewer.records import Event, event_from_json
from interviewer.store.session_file import SessionStore, SessionWriter


def session_events(store: SessionStore, session_id: str) -> list[Event]:
    """Every complete event of a session, read without taking its lock."""
    return [event_from_json(doc) for doc in store.events(session_id)]


def writer_events(writer: SessionWriter) -> list[Event]:
    """The events of the session `writer` holds open."""
    return [event_from_json(doc) for doc in writer.events]
