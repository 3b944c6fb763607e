"""`interviewer validate`, `migrate` and `graph`: interview scripts."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from interviewer.commands import Command
from interviewer.commands.sessions_folder import open_store
from interviewer.script import load_script, validate
from interviewer.store import StoreError

if TYPE_CHECKING:
    pass


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH")
    p.add_argument(
        "--against",
        metavar="OLD",
        default=None,
        help="also list what PATH changes for sessions on the script OLD, track by track",
    )
    p.add_argument("--json", action="store_true", help="one JSON object")


def _migrate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--script", required=True, metavar="PATH", help="the new version of the session's script"
    )


def _graph_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role", default=None, help="track to draw (default: full)")
    p.add_argument("--script", default=None, metavar="PATH")


def _validate(args: argparse.Namespace) -> int:
    problems = validate(args.path)
    changes: dict[str, object] = {}
    lines: list[str] = []
    if not problems and args.against is not None:
        from interviewer.script.compare import changes_json, describe

        old, new = load_script(args.against), load_script(args.path)
        changes, lines = changes_json(old, new), describe(old, new)
    if args.json:
        print(json.dumps({"ok": not problems, "problems": problems, **changes}, indent=1))
        return 1 if problems else 0
    if problems:
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("ok")
    for line in lines:
        print(line)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from interviewer.session.migration import migrate, moved_lines

    for line in moved_lines(migrate(open_store(args), args.id, args.script), args.script):
        print(line)
    return 0


def _graph(args: argparse.Namespace) -> int:
    from interviewer.session.conversation import mermaid

    script = load_script(args.script)
    role = args.role or ("full" if "full" in script.tracks else next(iter(script.tracks)))
    if role not in script.tracks:
        raise StoreError(f"unknown role {role!r}; choose one of: {', '.join(script.tracks)}")
    sys.stdout.write(mermaid(script.tracks[role]))
    return 0


COMMANDS = {
    "validate": Command("check an interview script", _validate_args, _validate),
    "migrate": Command("move a session to a new version of its script", _migrate_args, _migrate),
    "graph": Command("print the interview's state machine as Mermaid", _graph_args, _graph),
}
