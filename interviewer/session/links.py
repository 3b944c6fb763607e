"""Opening an interviewee's or a facilitator's link: the store finds and binds the invitation;
a link's first use creates its session here, as `interviewer start` does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from interviewer.session.create import create_session
from interviewer.store import SessionStore
from interviewer.store.invitations import Invitation


class Links(Protocol):
    """What opening a link needs of the invitations (the store's InvitationStore)."""

    def open_session(
        self, token: str, store: SessionStore, start: Callable[[Invitation, float], str]
    ) -> tuple[Invitation, str] | None: ...


def open_link(invitations: Links, token: str, store: SessionStore) -> tuple[Invitation, str] | None:
    """(invitation, session id) for an active link, None otherwise; the session is closed
    again before this returns (the caller opens it)."""

    def start(inv: Invitation, now: float) -> str:
        writer, _ = create_session(store, inv.track, inv.org, inv.participant, None, now)
        writer.close()
        return writer.ref.id

    return invitations.open_session(token, store, start)
