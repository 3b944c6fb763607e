"""Command line: `interviewer start|resume|list|validate|graph|export|report|...`.

The commands live in `interviewer.commands`, a module per group; this builds the parser from
their `COMMANDS` and runs the one asked for. Anything a user can get wrong ends in a one-line
message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from interviewer.commands import (
    Command,
    deletion,
    exports,
    facilitation,
    interview,
    links,
    listing,
    retention,
    scripts,
)
from interviewer.commands.arguments import sessions_dir
from interviewer.commands.interview import run_app_screen
from interviewer.commands.sessions_folder import new_command, warnings_to_stderr
from interviewer.script import ScriptError
from interviewer.store import StoreError
from interviewer.textsafe import one_line

COMMANDS: dict[str, Command] = {
    **interview.COMMANDS,
    **listing.COMMANDS,
    **scripts.COMMANDS,
    **facilitation.COMMANDS,
    **exports.COMMANDS,
    **links.COMMANDS,
    **deletion.COMMANDS,
    **retention.COMMANDS,
}
FULL_SCREEN = ("start", "resume", "shadow")  # the app: its terminal is not written to behind it


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or just the top level and `only`'s arguments: building every
    subcommand's parser is a measurable part of opening the app."""
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="Adaptive MLOps maturity discovery interviews. Without a command, opens the "
        "app's home screen.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        if only is None or name == only:
            p = sub.add_parser(name, help=command.summary)
            command.arguments(p)
            sessions_dir(p)
            p.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # a reader that has gone away is found here, not at exit
    except BrokenPipeError:  # `interviewer list | head -1`: end quietly, like other tools
        _stdout_to_devnull()
        return 0
    return code


def _stdout_to_devnull() -> None:
    """After a broken pipe, Python would try to flush stdout again at exit and print
    "Exception ignored ... BrokenPipeError": point it at /dev/null (as the Python docs do)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _fail(message: str) -> int:
    print(f"interviewer: {one_line(message)}", file=sys.stderr)
    return 1


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=words[0] if words and words[0] in COMMANDS else None)
    parser.add_argument("--sessions-dir", metavar="DIR", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    new_command()
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except (StoreError, ScriptError, OSError) as exc:
        from interviewer.textsafe import user_message

        return _fail(user_message(exc))
    except Exception as exc:
        from interviewer.session.errors import EngineError  # loaded already if it raised one
        from interviewer.textsafe import user_message

        if isinstance(exc, EngineError):  # a session the engine cannot replay, say
            return _fail(user_message(exc))
        if os.environ.get("INTERVIEWER_DEBUG"):  # a bug, not the user's doing: still one line
            raise
        return _fail(
            f"unexpected {type(exc).__name__}: {user_message(exc)} "
            "(please report it; INTERVIEWER_DEBUG=1 shows where it happened)"
        )


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        return run_app_screen(args)
    line_based = getattr(args, "plain", False) or getattr(args, "jsonl", False)
    if args.command not in FULL_SCREEN or line_based:
        warnings_to_stderr()
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
