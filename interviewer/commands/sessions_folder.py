"""Opening the sessions folder for a command: any deletion a crash cut short is finished first,
and what the store warns of is one line on stderr, once per command."""

from __future__ import annotations

import argparse
import sys
import time

from interviewer.store import SessionStore, default_root
from interviewer.textsafe import one_line

# what lists or opens sessions (purge and serve delete them; start makes a new one)
RETENTION_WARNED = frozenset(
    {None, "list", "resume", "export", "report", "shadow", "annotate", "override", "ask"}
    | {"migrate", "delete", "hold"}
)
_WARNED: set[str] = set()


def new_command() -> None:
    """Each command says a warning once, however often it opens the store."""
    _WARNED.clear()


def open_store(args: argparse.Namespace) -> SessionStore:
    """The sessions folder, with any deletion a crash cut short finished first; commands that
    list or open sessions also say, in one line, when some are past their retention."""
    from interviewer.store.pending_deletion import finish_pending

    store = SessionStore(args.sessions_dir if args.sessions_dir else default_root())
    finish_pending(store.root)
    warnings = store.warnings()
    if args.command in RETENTION_WARNED:
        from interviewer.store.retention import warning

        past = warning(store, time.time())
        warnings += [past] if past else []
    for text in warnings:
        if text not in _WARNED:
            _WARNED.add(text)
            print(f"interviewer: warning: {one_line(text)}", file=sys.stderr)
    return store


def warnings_to_stderr() -> None:
    """What the core logs as a warning (a damaged line in a facilitator's notes, an expression
    that failed and counted as false) is one line on stderr for the line-based commands; the
    full-screen apps never have their terminal written to behind their back."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("interviewer: warning: %(message)s"))
    logger = logging.getLogger("interviewer")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
