"""`interviewer start` and `interviewer resume`: an interview in the app, or line by line."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from interviewer import startup_gc
from interviewer.commands import Command
from interviewer.commands.arguments import (
    mode,
)
from interviewer.commands.sessions_folder import open_store
from interviewer.store import StoreError

if TYPE_CHECKING:
    from interviewer.session.runner import SessionRunner


def _start_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--role",
        required=True,
        help="track: executive, tech-lead, data-science, ml-engineering, platform or full",
    )
    p.add_argument("--org", default=None, help="organisation")
    p.add_argument("--participant", default=None, metavar="NAME", help="who is interviewed")
    p.add_argument("--script", default=None, metavar="PATH", help="interview script (YAML)")
    mode(p)


def _resume_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    mode(p)


def run_app_screen(args: argparse.Namespace) -> int:
    startup_gc.hold()  # released once the first screen is painted
    from interviewer.tui.app import run_app

    sessions = open_store(args).root  # its warnings are printed before the app takes the screen
    if args.command == "start":
        return run_app(
            sessions, args.script, start=(args.role, args.org or "", args.participant or "")
        )
    if args.command == "resume":
        return run_app(sessions, resume=args.id)
    return run_app(sessions, getattr(args, "script", None))


def _run_conversation(args: argparse.Namespace) -> int:
    startup_gc.hold()  # released once the first question is shown
    if args.command == "resume":  # a damaged session is one clear line, in every mode
        _check_resumable(args)
    if not (args.plain or args.jsonl):
        if args.my_copy is not None:  # said before an interview starts, not lost after it
            raise StoreError(
                "--my-copy goes with --plain or --jsonl; in the app, press s on the summary"
            )
        return run_app_screen(args)
    from interviewer.frontends.jsonl import run_jsonl
    from interviewer.frontends.plain import run_plain

    runner = _open_runner(args)
    startup_gc.release()
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")  # stray bytes become � rather than a crash
    try:
        run = run_jsonl if args.jsonl else run_plain
        code = run(runner, sys.stdin, sys.stdout, my_copy=args.my_copy)
    except BaseException:
        with contextlib.suppress(StoreError, OSError):  # the first failure is the one to tell
            runner.close()
        raise
    runner.close()
    return code


@contextlib.contextmanager
def _told_to_client(args: argparse.Namespace) -> Iterator[None]:
    """A session that cannot be started or resumed (a full disk, a session open elsewhere):
    a JSON-lines client gets the `error` object the protocol promises on stdout; the command
    line then says it in one line on stderr."""
    try:
        yield
    except Exception as exc:
        if args.jsonl:
            from interviewer.frontends.jsonl import send_error

            send_error(sys.stdout, exc)
        raise


def _check_resumable(args: argparse.Namespace) -> None:
    from interviewer.export.session_check import checked_session
    from interviewer.store import SessionNotFoundError

    store = open_store(args)
    with _told_to_client(args):
        try:
            checked_session(store, args.id)
        except SessionNotFoundError as exc:  # the usual cause: another folder's sessions
            raise SessionNotFoundError(
                f"{exc} (sessions are looked for in {os.path.abspath(store.root)}; use "
                "--sessions-dir or $INTERVIEWER_SESSIONS_DIR)"
            ) from None


def _open_runner(args: argparse.Namespace) -> SessionRunner:
    from interviewer.session.runner import SessionRunner

    store = open_store(args)
    with _told_to_client(args):
        if args.command == "start":
            return SessionRunner.start(store, args.role, args.org, args.participant, args.script)
        return SessionRunner.resume(store, args.id)


COMMANDS = {
    "start": Command("start a new interview", _start_args, _run_conversation),
    "resume": Command("resume a paused interview", _resume_args, _run_conversation),
}
