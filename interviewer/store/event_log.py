"""A session's event log as typed events: the store keeps JSON objects, everyone else reads
`interviewer.records` types. A log line of the wrong shape is reported with its file and number,
and the file is left as it is."""

from __future__ import annotations

from interviewer.records import Event, RecordError, events_from_json
from interviewer.store.session_file import SessionCorruptError, SessionStore, SessionWriter


def _typed(docs: list[dict], where: str) -> list[Event]:
    try:
        return events_from_json(docs, where)
    except RecordError as exc:
        raise SessionCorruptError(f"{exc}; the file was left as is") from None


def session_events(store: SessionStore, session_id: str) -> list[Event]:
    """Every complete event of a session, read without taking its lock."""
    return _typed(store.events(session_id), str(store.ref(session_id).transcript))


def writer_events(writer: SessionWriter) -> list[Event]:
    """The events of the session `writer` holds open; on a damaged log the writer is closed."""
    try:
        return _typed(writer.events, str(writer.ref.transcript))
    except SessionCorruptError:
        writer.close()
        raise
