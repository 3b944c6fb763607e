"""Arguments several commands take, and the types that read them."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from interviewer.whole_numbers import whole_number

if TYPE_CHECKING:
    from datetime import date


def sessions_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sessions-dir",
        metavar="DIR",
        default=None,
        help="where sessions live (default: $INTERVIEWER_SESSIONS_DIR, then ./sessions)",
    )


def as_facilitator(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="who",
        default=os.environ.get("USER") or "facilitator",
        metavar="NAME",
        help="the facilitator's name (default: $USER)",
    )


def mode(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--plain", action="store_true", help="a readable line-by-line conversation")
    group.add_argument("--jsonl", action="store_true", help="JSON lines for programs")
    # without either, the Textual app opens straight in the conversation
    parser.add_argument(
        "--my-copy",
        default=None,
        metavar="FOLDER",
        help="at the end, save your own copy (answers and profile, no facilitator's notes) here",
    )


def by_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--by",
        default=None,
        metavar="NAME",
        help="who deletes, for the deletion log (default: your user name)",
    )


def iso_date(text: str) -> date:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-01") from None


def whole(text: str) -> int:
    number = whole_number(text)
    if number is None:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number")
    return number


def positive_int(text: str) -> int:
    number = whole_number(text)
    if number is None or number < 1:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a positive whole number")
    return number


def anonymise_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="replace names, the organisation, e-mail addresses and phone numbers; leave out "
        "session ids and times of day",
    )
    p.add_argument(
        "--redact",
        action="append",
        default=[],
        metavar="WORD",
        help="with --anonymise: also replace this word or name with [redacted]; repeatable",
    )
