"""What the line-based commands share: times and tables as printed, who acts, a confirmation."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from interviewer.store import StoreError
from interviewer.textsafe import one_line, strip_control


def fmt_time(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "-"


def fmt_day(ts: float) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(ts))


def print_table(rows: Sequence[Sequence[str]]) -> None:
    """Columns padded to their widest cell; cells are untrusted text, shown as text."""
    cells = [[strip_control(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    for r in cells:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def acting_user(by: str | None) -> str:
    """The name a log records: --by, else the user this runs as."""
    import getpass

    name = by
    if name is None:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    name = one_line(name).strip()[:80]
    if not name:
        raise StoreError("--by needs a name, like --by 'Alex Kim'")
    return name


def confirmed(question: str, accept: tuple[str, ...]) -> bool:
    """Ask on the terminal; without one, refuse rather than delete unasked."""
    if not (sys.stdin and sys.stdin.isatty()):
        raise StoreError(
            "nothing was deleted: confirmation is asked on a terminal and there is none; add "
            "--yes to delete without asking"
        )
    try:
        answer = input(question)
    except EOFError:
        answer = ""
    if answer.strip().lower() in accept:
        return True
    print("Nothing was deleted.")
    return False


def count_of(n: int) -> str:
    return f"{n} session{'s' if n != 1 else ''}"


def deletion_approved(n: int, dry_run: bool, yes: bool) -> bool:
    """A purge of `n` sessions goes ahead: not on a dry run (which says what it would do),
    and only once confirmed unless --yes."""
    if dry_run:
        print(f"Dry run: {count_of(n)} would be deleted; nothing was.")
        return False
    return yes or confirmed(
        f"Delete these {count_of(n)} and every file of them? This cannot be undone. [y/N] ",
        ("y", "yes"),
    )
