"""Retention: a session is kept for the period its interviewee accepted with the notice, counted
from its last activity, and then deleted without anyone having to remember.

The period is the one recorded with the consent (`retention_days` on `consent_given`, copied to
meta.json for listing), so editing the script's notice never changes what was agreed. A consent
recorded before notices carried a period keeps the built-in notice's 180 days, what that notice
said; a session whose script has no notice, or whose notice was never accepted, has no period
and is removed only by `delete` or `purge --older-than`.

A session past its retention is kept while it is open in a window or under a hold (see holds),
and reported. `remove_expired` deletes the rest through `delete_session`, re-checking each one
under its lock, so an answer given meanwhile keeps it. Headless.
"""

from __future__ import annotations

import os
import time
from typing import Any, NamedTuple

from interviewer.durations import DAY, days_phrase
from interviewer.records import UNRECORDED, ConsentGiven, SessionMeta
from interviewer.store.deletion import KeptError, delete_session, finish_pending, open_windows
from interviewer.store.holds import Hold, read_hold
from interviewer.store.invitation_compaction import compact_invitations
from interviewer.store.safe_io import folder_problem
from interviewer.store.session_file import (
    TRANSCRIPT,
    SessionLockedError,
    SessionRef,
    SessionStore,
    StoreError,
    read_events,
    read_meta,
)

BEFORE_RETENTION_DAYS = 180  # what the built-in notice promised before the period was recorded
PURGE = "interviewer purge --expired"


class Standing(NamedTuple):
    """A readable session as retention sees it."""

    session_id: str
    org: str
    open_in: tuple[str, ...]  # who has it open now
    last_activity: float
    days: int | None  # the period accepted; None: no promise made
    hold: Hold | None

    @property
    def expires(self) -> float | None:
        return None if self.days is None else self.last_activity + self.days * DAY

    def past(self, now: float) -> bool:
        return self.expires is not None and self.expires <= now

    def why_kept(self, now: float) -> str | None:
        """Why a session past its retention stays (None: it goes)."""
        if self.open_in:
            return f"it is open in a window ({', '.join(self.open_in)})"
        if self.hold is not None and self.hold.in_force(now):
            return self.hold.sentence()
        return None


class Sweep(NamedTuple):
    deleted: list[str]
    kept: list[tuple[str, str]]  # session id, why
    invitations: int  # invitation lines compacted away


def _consented_days(ref: SessionRef) -> int | None:
    """For sessions from before meta.json copied the period: the last consent's (None while
    its transcript cannot be read: `list` and `resume` say why)."""
    days: int | None = None
    try:
        events = read_events(ref)
    except (StoreError, OSError):
        return None
    for event in events:
        if isinstance(event, ConsentGiven):
            days = event.retention_days or BEFORE_RETENTION_DAYS
    return days


def retention_days(ref: SessionRef, meta: SessionMeta) -> int | None:
    if meta.retention_days is UNRECORDED:
        return _consented_days(ref)
    return meta.retention_days


def last_activity(ref: SessionRef, meta: SessionMeta) -> float:
    """When its transcript last changed (what `list` shows), its start if that is later."""
    started = float(meta.started)
    try:
        return max(os.stat(ref.folder / TRANSCRIPT, follow_symlinks=False).st_mtime, started)
    except OSError:
        return started


def standing(store: SessionStore, session_id: str) -> Standing:
    """StoreError if the session cannot be read."""
    ref = store.ref(session_id)
    meta = read_meta(ref)
    return Standing(
        session_id,
        meta.org,
        tuple(open_windows(ref)),
        last_activity(ref, meta),
        retention_days(ref, meta),
        read_hold(ref),
    )


def standings(store: SessionStore, org: str | None = None) -> list[Standing]:
    """Every readable session (of `org`, any case); unreadable ones are `list`'s to report."""
    out = []
    for sid in store.session_ids():
        if folder_problem(str(store.ref(sid).folder)) is not None:
            continue
        try:
            found = standing(store, sid)
        except StoreError:
            continue
        if org is None or found.org.lower() == org.lower():
            out.append(found)
    return out


def past_retention(store: SessionStore, now: float, org: str | None = None) -> list[Standing]:
    return [s for s in standings(store, org) if s.past(now)]


def warning(store: SessionStore, now: float) -> str | None:
    """One line for commands that list or open sessions, when some are due for deletion."""
    due = [s for s in past_retention(store, now) if s.why_kept(now) is None]
    if not due:
        return None
    many = len(due) > 1
    count = f"{len(due)} sessions are" if many else "1 session is"
    whose = "their interviewees" if many else "its interviewee"
    return (
        f"{count} past the retention {whose} agreed to; `{PURGE}` deletes "
        f"{'them' if len(due) > 1 else 'it'} (`interviewer hold ID --until DATE --reason TEXT` "
        "keeps one longer)"
    )


def _still_due(now: float) -> Any:
    def why_kept(ref: SessionRef) -> str | None:
        try:
            meta = read_meta(ref)
        except StoreError as exc:
            return f"its files cannot be read now ({exc})"
        again = Standing(
            ref.id,
            "",
            tuple(open_windows(ref, interviewee=False)),
            last_activity(ref, meta),
            retention_days(ref, meta),
            read_hold(ref),
        )
        if not again.past(now):
            return "it was resumed or changed since the list was made"
        return again.why_kept(now)

    return why_kept


def remove_expired(
    store: SessionStore,
    by: str,
    command: str,
    now: float | None = None,
    org: str | None = None,
    only: list[str] | None = None,
) -> Sweep:
    """Delete every session past its retention (of `org`; of `only`, the ids a listing showed)
    that is not open or held, logged as `command` by `by`; then compact the invitations."""
    at = time.time() if now is None else now
    finish_pending(store.root)
    deleted: list[str] = []
    kept: list[tuple[str, str]] = []
    for s in past_retention(store, at, org):
        if only is not None and s.session_id not in only:
            continue
        reason = s.why_kept(at)
        if reason is not None:
            kept.append((s.session_id, reason))
            continue
        try:
            delete_session(
                store, s.session_id, by, command=command, still_due=_still_due(at), now=lambda: at
            )
        except SessionLockedError:
            kept.append((s.session_id, "it was opened in a window meanwhile"))
            continue
        except KeptError as exc:
            kept.append((s.session_id, str(exc)))
            continue
        deleted.append(s.session_id)
    return Sweep(deleted, kept, compact_invitations(store, at))


def expiry_sentence(s: Standing) -> str:
    if s.expires is None:
        return "no retention was agreed"
    day = time.strftime("%Y-%m-%d", time.localtime(s.expires))
    return f"kept {days_phrase(s.days or 0)} after its last activity: until {day}"
