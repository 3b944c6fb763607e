"""`interviewer purge --expired` and `interviewer hold`: the notice's retention, kept."""

from __future__ import annotations

import argparse
import time

from interviewer.commands import Command
from interviewer.commands.arguments import by_arg, iso_date
from interviewer.commands.sessions_folder import open_store
from interviewer.commands.terminal import (
    acting_user,
    count_of,
    deletion_approved,
    fmt_day,
    fmt_time,
    print_table,
)
from interviewer.durations import days_phrase
from interviewer.store import SessionStore, SessionSummary, StoreError
from interviewer.store.deletion import LOG
from interviewer.store.holds import HOLD_LOG, end_of, release_hold, set_hold
from interviewer.store.retention import past_retention, remove_expired, standing
from interviewer.textsafe import one_line

COMMAND = "purge --expired"


def kept_until(s: SessionSummary, now: float) -> str:
    """`list`'s KEPT UNTIL: the day its retention ends, or its hold's when that is later."""
    if s.status == "unreadable":
        return ""
    held = s.held_until and end_of(s.held_until) > max(now, s.kept_until or 0.0)
    if held:
        return f"{s.held_until} (held)"
    if s.kept_until is None:
        return "-" if s.status != "declined" else ""
    return fmt_day(s.kept_until) + (" (past)" if s.kept_until <= now else "")


def purge_expired(args: argparse.Namespace, store: SessionStore) -> int:
    now = time.time()
    past = past_retention(store, now, args.org)
    scope = f" of {args.org}" if args.org else ""
    if not past:
        print(f"No session{scope} is past the retention its interviewee agreed to.")
        return compact(store, now, args.dry_run)
    rows = [("ID", "ORG", "LAST ACTIVITY", "KEPT UNTIL", "NOW")]
    for s in past:
        kept = s.why_kept(now)
        until = fmt_day(s.expires) if s.expires is not None else "-"
        rows.append((s.session_id, s.org or "-", fmt_time(s.last_activity), until, kept or "due"))
    print_table(rows)
    due = [s.session_id for s in past if s.why_kept(now) is None]
    if not due:
        print("None of them is due: each is open or held (see NOW).")
        return compact(store, now, args.dry_run)
    count = count_of(len(due))
    if not deletion_approved(len(due), args.dry_run, args.yes):
        return 0 if args.dry_run else 1
    sweep = remove_expired(store, acting_user(args.by), COMMAND, now, args.org, only=due)
    for sid, why in sweep.kept:
        if sid in due:
            print(f"Kept {sid}: {one_line(why)}.")
    print(f"Deleted {len(sweep.deleted)} of {count}; logged in {store.root / LOG}.")
    _say_compacted(sweep.invitations)
    return 0


def compact(store: SessionStore, now: float, dry_run: bool) -> int:
    """Invitation lines that name someone for nothing go too (not on a dry run)."""
    if not dry_run:
        from interviewer.store.invitation_compaction import compact_invitations

        _say_compacted(compact_invitations(store, now))
    return 0


def _say_compacted(lines: int) -> None:
    if lines:
        plural = "s" if lines > 1 else ""
        print(f"Removed {lines} invitation line{plural} of expired links whose sessions are gone.")


def _hold_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--until", type=iso_date, metavar="DATE", help="keep it through this day")
    p.add_argument("--reason", default=None, help="why it is kept longer (logged)")
    p.add_argument("--release", action="store_true", help="lift the hold")
    by_arg(p)


def _hold(args: argparse.Namespace) -> int:
    store = open_store(args)
    by, now = acting_user(args.by), time.time()
    if args.release:
        if args.until is not None or args.reason is not None:
            raise StoreError("--release lifts a hold; it takes no --until or --reason")
        lifted = release_hold(store, args.id, by, now)
        if lifted is None:
            print(f"Session {args.id} has no hold.")
            return 0
        print(f"Lifted the hold on session {args.id} (it was until {lifted.until}).")
        _say_retention(store, args.id, now)
        return 0
    if args.until is None or args.reason is None:
        raise StoreError(
            "a hold needs a date and a reason, like --until 2027-06-30 --reason 'engagement "
            "extended'; --release lifts one"
        )
    held = set_hold(store, args.id, args.until, args.reason, by, now)
    print(
        f"Session {args.id} is kept through {held.until}: {held.reason}. "
        f"Logged in {store.root / HOLD_LOG}."
    )
    _say_retention(store, args.id, now)
    return 0


def _say_retention(store: SessionStore, session_id: str, now: float) -> None:
    s = standing(store, session_id)
    if s.expires is None:
        print("No retention was agreed for it: it is kept until it is deleted.")
        return
    held = s.hold is not None and end_of(s.hold.until) > s.expires
    verb = "ended" if s.expires <= now else "ends"
    tail = ", so the hold keeps it longer" if held else ""
    agreed = days_phrase(s.days or 0)
    print(f"Its retention ({agreed} after its last activity) {verb} on {fmt_day(s.expires)}{tail}.")


COMMANDS = {
    "hold": Command(
        "keep a session past its retention until a date, with a reason", _hold_args, _hold
    ),
}
