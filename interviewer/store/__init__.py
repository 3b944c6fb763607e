"""Durable session storage on TinyDB. Headless: never imports Textual or Rich.

Warnings (a facilitator's damaged notes file, ...) go to the "interviewer.store" logger, which
says nothing until a front end configures logging: a full-screen app's terminal is never written
to behind its back. They are also returned where they arise (NotesReader.warnings,
SessionStore.warnings()).
"""

import logging

from interviewer.store.invitations import Invitation, InvitationStore, parse_expiry
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

logging.getLogger("interviewer.store").addHandler(logging.NullHandler())

__all__ = [
    "Invitation",
    "InvitationStore",
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
    "parse_expiry",
]
