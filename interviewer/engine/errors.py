"""The engine's own errors: what the user can act on, apart from bugs.

A `ReplayError` says a session's stored events and the script it is replayed on disagree (a
move to a new script version cut short, an event the script cannot take): damage to the
session, said in one line, as against a programming error, which is any other exception.
It is a ValueError too, as a stored record of the wrong shape is (records.RecordError).
"""

from __future__ import annotations


class EngineError(Exception):
    """An error of the interview engine the user is told about, never a bug."""


class ReplayError(EngineError, ValueError):
    """A session's event log cannot be replayed on its script; the message says why and,
    where it can, what to do."""


class DamagedLog(ReplayError):
    """A stored event this script cannot take (an answer to a step it does not have, a value
    of the wrong kind): the session's log is damaged. Any other exception while replaying is
    a bug, and is not dressed up as damage."""
