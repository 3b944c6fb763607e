"""`interviewer list`: the sessions, their status and how long each is kept."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING

from interviewer.commands import Command
from interviewer.commands.sessions_folder import open_store
from interviewer.commands.terminal import (
    fmt_time,
    print_table,
)
from interviewer.store import list_sessions

if TYPE_CHECKING:
    pass


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", default=None)
    p.add_argument("--json", action="store_true", help="one JSON array")


def _list(args: argparse.Namespace) -> int:
    sessions = list_sessions(open_store(args), args.org)
    if args.json:
        print(json.dumps([s.to_json() for s in sessions], indent=1))
        return 0
    if not sessions:
        print("No sessions yet. Start one with: interviewer start --role full --plain")
        return 0
    from interviewer.commands.retention import kept_until

    rows = [
        ("ID", "STATUS", "ROLE", "ORG", "PARTICIPANT", "STARTED", "LAST ACTIVITY", "KEPT UNTIL")
    ]
    now = time.time()
    for s in sessions:
        rows.append(
            (
                s.id,
                s.status,
                s.role,
                s.org,
                s.participant,
                fmt_time(s.started),
                fmt_time(s.last_activity),
                kept_until(s, now),
            )
        )
    print_table(rows)
    for s in sessions:
        if s.problem:
            print(f"warning: {s.problem}", file=sys.stderr)
    return 0


COMMANDS = {"list": Command("list sessions", _list_args, _list)}
