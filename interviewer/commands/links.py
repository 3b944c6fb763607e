"""`interviewer invite` and `interviewer serve`: interviews in the browser."""

from __future__ import annotations

import argparse
import os
import re
import time
from typing import TYPE_CHECKING

from interviewer.commands import Command
from interviewer.commands.arguments import (
    positive_int,
    whole,
)
from interviewer.commands.sessions_folder import open_store
from interviewer.commands.terminal import (
    fmt_time,
    print_table,
)
from interviewer.store import StoreError

if TYPE_CHECKING:
    from interviewer.store import InvitationStore


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=whole, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="the address browsers use, behind a reverse proxy (e.g. https://interviews.example)",
    )
    p.add_argument(
        "--max-sessions",
        type=positive_int,
        default=20,
        metavar="N",
        help="app processes open at once; over it a page says the server is full (default: 20)",
    )
    p.add_argument(
        "--idle-minutes",
        type=float,
        default=30.0,
        metavar="M",
        help="an interview nobody types in for M minutes is paused (default: 30)",
    )


def _invite_args(p: argparse.ArgumentParser) -> None:
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--role", default=None, help="an interviewee's link for this track")
    what.add_argument("--shadow", default=None, metavar="ID", help="a facilitator's link")
    what.add_argument("--list", action="store_true", help="every invitation and its status")
    what.add_argument("--revoke", default=None, metavar="PREFIX", help="an invitation's id")
    p.add_argument("--org", default=None, help="organisation (with --role)")
    p.add_argument("--participant", default=None, metavar="NAME", help="who (with --role)")
    p.add_argument("--as", dest="who", default=None, metavar="NAME", help="facilitator's name")
    p.add_argument(
        "--expires", default="14d", metavar="WHEN", help="14d, 12h, 30m or never (default: 14d)"
    )
    p.add_argument(
        "--public-url",
        default="http://127.0.0.1:8000",
        metavar="URL",
        help="where `interviewer serve` is reached (default: http://127.0.0.1:8000)",
    )


def _invite(args: argparse.Namespace) -> int:
    from interviewer.store import InvitationStore, parse_expiry

    store = open_store(args)
    invitations = InvitationStore(store.root)
    if args.list:
        return _invite_list(invitations)
    if args.revoke is not None:
        inv = invitations.revoke(args.revoke)
        print(f"Invitation {inv.id} is revoked: its link no longer opens anything.")
        return 0
    if args.role is None and (args.org is not None or args.participant is not None):
        raise StoreError("--org and --participant go with --role (an interviewee's link)")
    if args.shadow is None and args.who is not None:
        raise StoreError("--as goes with --shadow ID (a facilitator's link)")
    url = args.public_url.rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise StoreError(f"{args.public_url!r} is not a public URL like http://127.0.0.1:8000")
    expires_in = parse_expiry(args.expires)
    if args.role is not None:
        token, inv = invitations.create_interviewee(
            args.role, args.org, args.participant, expires_in
        )
        print(f"{url}/i/{token}")
        print(
            f"Invitation {inv.id} ({inv.track}): one interviewee opens it; opening it again "
            f"resumes the same interview. {_expiry_sentence(inv.expires)}"
        )
    else:
        who = args.who or os.environ.get("USER") or "facilitator"
        token, inv = invitations.create_facilitator(args.shadow, who, expires_in)
        print(f"{url}/i/{token}")
        print(
            f"Invitation {inv.id}: {who} follows session {inv.session_id} as a facilitator. "
            f"{_expiry_sentence(inv.expires)}"
        )
    return 0


def _expiry_sentence(expires: float | None) -> str:
    return "It never expires." if expires is None else f"It expires {fmt_time(expires)}."


def _invite_list(invitations: InvitationStore) -> int:

    found = invitations.list()
    if not found:
        print("No invitations yet. Create one with: interviewer invite --role executive")
        return 0
    now = time.time()
    rows = [("ID", "KIND", "ROLE", "ORG", "FOR", "SESSION", "CREATED", "EXPIRES", "STATUS")]
    for inv in found:
        rows.append(
            (
                inv.id,
                inv.kind,
                inv.track or "-",
                inv.org or "-",
                (inv.who if inv.kind == "facilitator" else inv.participant) or "-",
                inv.session_id or "-",
                fmt_time(inv.created),
                "never" if inv.expires is None else fmt_time(inv.expires),
                inv.status(now),
            )
        )
    print_table(rows)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from interviewer.serve.server import serve

    if args.idle_minutes <= 0:
        raise StoreError("--idle-minutes should be more than 0")
    return serve(
        open_store(args).root,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        max_sessions=args.max_sessions,
        idle_minutes=args.idle_minutes,
    )


COMMANDS = {
    "serve": Command("serve invitation links: interviews in the browser", _serve_args, _serve),
    "invite": Command(
        "a link that opens an interview, or follows one, in a browser", _invite_args, _invite
    ),
}
