"""`interviewer delete` and `interviewer purge --older-than`."""

from __future__ import annotations

import argparse
import os
import time
from typing import TYPE_CHECKING

from interviewer.commands import Command
from interviewer.commands.arguments import (
    by_arg,
)
from interviewer.commands.sessions_folder import open_store
from interviewer.commands.terminal import (
    acting_user,
    confirmed,
    count_of,
    deletion_approved,
    fmt_time,
    print_table,
)
from interviewer.store import StoreError
from interviewer.textsafe import one_line

if TYPE_CHECKING:
    pass


def _delete_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts)")
    p.add_argument(
        "--force", action="store_true", help="delete it even while it is open in a window"
    )
    by_arg(p)


def _purge_args(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--expired",
        action="store_true",
        help="the sessions past the retention their interviewee agreed to (held or open: kept)",
    )
    which.add_argument(
        "--older-than",
        metavar="AGE",
        help="untouched for this long: 180d, 26w or 6m (months of 30 days)",
    )
    p.add_argument("--org", default=None, help="only this organisation's sessions")
    p.add_argument("--dry-run", action="store_true", help="list what would go; delete nothing")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts)")
    by_arg(p)


def _delete(args: argparse.Namespace) -> int:
    from interviewer.store import SessionNotFoundError
    from interviewer.store.deletion import LOG, delete_session, open_windows

    store = open_store(args)
    by = acting_user(args.by)
    ref = store.ref(args.id)
    try:
        meta = store.meta(args.id)
        what = (
            ", ".join(x or "-" for x in (meta.track, meta.org, meta.participant))
            + f", started {fmt_time(float(meta.started))}"
        )
    except SessionNotFoundError as exc:
        raise SessionNotFoundError(
            f"{exc} (sessions are looked for in {os.path.abspath(store.root)}; use "
            "--sessions-dir or $INTERVIEWER_SESSIONS_DIR)"
        ) from None
    except StoreError:
        what = "its files cannot be read"
    holders = open_windows(ref) if not args.force else []
    if holders:
        raise StoreError(
            f"session {args.id} is open in a window ({', '.join(holders)}); close it there "
            "first, or add --force to delete it anyway"
        )
    if not args.yes and not confirmed(
        f"Delete session {args.id} ({one_line(what)}) and every file of it? This cannot be "
        "undone. Type the id or y to delete: ",
        (args.id.lower(), "y", "yes"),
    ):
        return 1
    delete_session(store, args.id, by, force=args.force)
    print(f"Deleted session {args.id} and every file of it; logged in {store.root / LOG}.")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from interviewer.store import SessionLockedError
    from interviewer.store.deletion import (
        LOG,
        KeptError,
        candidates,
        delete_session,
        due,
        due_still,
        parse_age,
    )

    age = parse_age(args.older_than)
    store = open_store(args)
    by = acting_user(args.by) if not args.dry_run else ""
    now = time.time()
    found = candidates(store, args.org)
    for c in found:
        if c.status == "open" and c.last_touched < now - age:
            print(f"Skipped {c.session_id}: it is open in a window.")
        elif c.status == "held" and c.last_touched < now - age:
            from interviewer.store.holds import read_hold

            hold = read_hold(store.ref(c.session_id))
            print(f"Skipped {c.session_id}: {one_line(hold.sentence() if hold else 'held')}.")
        elif c.status == "not a folder":
            print(f"Skipped {c.session_id}: it {c.problem}; it was left as is.")
        elif c.status == "unreadable":
            print(
                f"Skipped {c.session_id}: its files cannot be read ({one_line(c.problem)}); "
                f"`interviewer delete {c.session_id}` removes it."
            )
    todo = due(found, age, now)
    scope = f" of {args.org}" if args.org else ""
    if not todo:
        print(f"No completed or abandoned session{scope} is older than {args.older_than}.")
        return 0
    rows = [("ID", "STATUS", "ORG", "LAST TOUCHED")]
    rows += [(c.session_id, c.status, c.org or "-", fmt_time(c.last_touched)) for c in todo]
    print_table(rows)
    count = count_of(len(todo))
    if not deletion_approved(len(todo), args.dry_run, args.yes):
        return 0 if args.dry_run else 1
    deleted = 0
    command, recheck = f"purge --older-than {args.older_than}", due_still(age)
    for c in todo:
        try:
            delete_session(store, c.session_id, by, command=command, still_due=recheck)
        except SessionLockedError:
            print(f"Skipped {c.session_id}: it was opened in a window meanwhile.")
            continue
        except KeptError as exc:
            print(f"Kept {c.session_id}: {one_line(str(exc))}.")
            continue
        deleted += 1
    print(f"Deleted {deleted} of {count}; logged in {store.root / LOG}.")
    from interviewer.commands.retention import compact

    return compact(store, now, dry_run=False)


def _purge_either(args: argparse.Namespace) -> int:
    if args.expired:
        from interviewer.commands.retention import purge_expired

        return purge_expired(args, open_store(args))
    return _purge(args)


COMMANDS = {
    "delete": Command("delete a session and every file of it", _delete_args, _delete),
    "purge": Command(
        "delete sessions past their retention, or older than an age", _purge_args, _purge_either
    ),
}
