"""What the server logs and how: one line a request, with a link's token replaced by its
invitation's public id; apart from the server so what reaches the log is read in one place."""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from interviewer.serve.listen import REFUSED, OneLine

log = logging.getLogger("interviewer.serve")

LIBRARY_LOGGERS = ("aiohttp", "asyncio", "textual-serve")
# where a request keeps its invitation's public id, for its line in the log
INVITATION: Any = web.RequestKey("invitation", str) if hasattr(web, "RequestKey") else "invitation"


class AccessLogger(AbstractAccessLogger):
    """One line a request, with the link's token replaced by the invitation's public id, and
    for a request refused before any handler saw it (serve.listen), the kind of error."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        refused = request.get(REFUSED)
        self.logger.info(
            '%s "%s %s" %s %.3fs%s',
            request.remote,
            request.method,
            redact(request.path, request.get(INVITATION)),
            response.status,
            time,
            f" ({refused})" if refused else "",
        )


def redact(path: str, invitation_id: str | None = None) -> str:
    """A path as it may be logged: a link's token becomes its invitation's public id (or
    <?> when it opened nothing), and anything else long enough to be a token is left out."""
    if path.startswith("/static/"):
        return path
    if path.startswith("/i/"):
        rest = path[3:].partition("/")[2]
        path = f"/i/<{invitation_id or '?'}>" + (f"/{rest}" if rest else "")
    return re.sub(r"[A-Za-z0-9_-]{12,}", "<…>", path)


def runner_options() -> dict[str, Any]:
    """How the server runs its requests: with the access log that leaves tokens out, and
    aiohttp's own messages in the same log, each on one line."""
    return {
        "access_log_class": AccessLogger,
        "access_log": log.getChild("access"),
        "logger": log.getChild("http"),
    }


def log_to_stderr() -> None:
    """The server's log, and the libraries' warnings, on standard error, each on one line."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    handler.addFilter(OneLine())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # the CLI's "interviewer: warning:" handler is for the core's warnings
    for name in LIBRARY_LOGGERS:  # what they log beside our handlers: one line each
        library = logging.getLogger(name)
        library.addHandler(handler)
        library.setLevel(logging.WARNING)
        library.propagate = False
