"""Durable session storage on TinyDB. Headless: never imports Textual or Rich."""

from interviewer.store.listing import SessionSummary, list_sessions
from interviewer.store.session_file import (
    SessionCorruptError,
    SessionLockedError,
    SessionNotFoundError,
    SessionRef,
    SessionStore,
    SessionWriter,
    StoreError,
    TranscriptTail,
    default_root,
)

__all__ = [
    "SessionCorruptError",
    "SessionLockedError",
    "SessionNotFoundError",
    "SessionRef",
    "SessionStore",
    "SessionSummary",
    "SessionWriter",
    "StoreError",
    "TranscriptTail",
    "default_root",
    "list_sessions",
]
