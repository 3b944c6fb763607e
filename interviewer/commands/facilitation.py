"""`interviewer shadow`, `annotate`, `override` and `ask`: a facilitator's commands."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from interviewer import startup_gc
from interviewer.commands import Command
from interviewer.commands.arguments import (
    as_facilitator,
    whole,
)
from interviewer.commands.sessions_folder import open_store

if TYPE_CHECKING:
    pass


def _shadow_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    as_facilitator(p)


def _annotate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--turn", type=whole, required=True, metavar="N", help="the N-th answer")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="quote, pain, risk, follow-up, disagree, or any word; repeatable",
    )
    as_facilitator(p)


def _override_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--dimension", required=True, metavar="KEY")
    p.add_argument("--level", type=whole, required=True, metavar="L")
    p.add_argument("--reason", required=True, metavar="TEXT")
    as_facilitator(p)


def _ask_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--text", required=True, metavar="TEXT")
    as_facilitator(p)


def _facilitate(args: argparse.Namespace) -> int:
    from interviewer.export.session_check import checked_session
    from interviewer.session.facilitation import record

    store = open_store(args)
    checked_session(store, args.id)  # what is damaged, in one line, before anything is written
    if args.command == "annotate":
        rec = record(
            store, args.id, args.who, "annotation", turn=args.turn, note=args.note, tags=args.tag
        )
        print(f"Noted on turn {args.turn} ({getattr(rec, 'step', '?')}) as {args.who}.")
    elif args.command == "override":
        record(
            store,
            args.id,
            args.who,
            "override",
            dimension=args.dimension,
            level=args.level,
            reason=args.reason,
        )
        print(f"{args.dimension} set to level {args.level} by {args.who}.")
    else:
        record(store, args.id, args.who, "ask", text=args.text)
        print("Question queued: it is asked after the interviewee's current question.")
    return 0


def _shadow(args: argparse.Namespace) -> int:
    startup_gc.hold()
    from interviewer.export.session_check import checked_session
    from interviewer.tui.shadow.app import run_shadow

    store = open_store(args)
    checked_session(store, args.id)  # "no session", or what is damaged, before the app opens
    store.events(args.id)  # a damaged transcript too
    return run_shadow(store.root, args.id, args.who)


COMMANDS = {
    "shadow": Command("follow a session live as a facilitator", _shadow_args, _shadow),
    "annotate": Command("add a facilitator's note and tags to a turn", _annotate_args, _facilitate),
    "override": Command("set a dimension's level, with a reason", _override_args, _facilitate),
    "ask": Command("push a follow-up question into a running interview", _ask_args, _facilitate),
}
