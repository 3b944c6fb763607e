"""How `interviewer serve` listens: aiohttp's server, with the requests it cannot parse kept quiet.

aiohttp answers a request it cannot parse (a request line over its limit, a malformed header,
bytes that are not HTTP) itself, before any handler or middleware runs: its body quotes what was
sent and its log entry is a traceback whose message does too, so both can hold a link's token.
Here such a request is answered with its bare status and logged as the access log's one line
(which never has the path) with the kind of error; nothing aiohttp logs carries a traceback.

Built from aiohttp's public parts: the application's request handler and request factory
(`AppRunner.server`), served by a `web.Server` whose connections are the `RequestHandler` below,
with its `handle_error`.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from aiohttp import web

MAX_LINE = 4096  # the request line: a link's is under 100 bytes
MAX_FIELD = 8190  # one header (aiohttp's default)
MAX_HEADERS = 64
LIMITS: dict[str, Any] = {
    "max_line_size": MAX_LINE,
    "max_field_size": MAX_FIELD,
    "max_headers": MAX_HEADERS,
}
REFUSED: Any = web.RequestKey("refused", str) if hasattr(web, "RequestKey") else "refused"
ERROR_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class OneLine(logging.Filter):
    """A record with an exception keeps the exception's kind, not its traceback or message
    (which may quote a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = f"{record.getMessage()} ({record.exc_info[0].__name__})"
            record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


def why(status: int, exc: BaseException | None) -> str:
    """What went wrong, for the log: the error's kind (and for a failure of ours, where)."""
    if exc is None:
        return HTTPStatus(status).phrase
    if status < 500 or exc.__traceback__ is None:
        return type(exc).__name__
    last = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}"


class QuietRequestHandler(web.RequestHandler):
    """aiohttp's connection handler, answering errors with their status alone."""

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if request.writer.output_size > 0:  # as aiohttp does: too late for an answer
            raise ConnectionError("the response had begun")
        request[REFUSED] = why(status, exc)  # the access log's line says it
        phrase = HTTPStatus(status).phrase
        response = web.Response(status=status, text=f"{phrase}\n", headers=ERROR_HEADERS)
        response.force_close()
        return response


class QuietServer(web.Server):
    """A `web.Server` whose connections are `QuietRequestHandler`s."""

    def __init__(self, base: web.Server, **options: Any) -> None:
        super().__init__(base.request_handler, request_factory=base.request_factory, **options)
        self.options = options

    def __call__(self) -> web.RequestHandler:
        return QuietRequestHandler(self, loop=asyncio.get_running_loop(), **self.options)


@dataclass
class Listening:
    app_runner: web.AppRunner
    runner: web.ServerRunner
    site: web.TCPSite

    @property
    def port(self) -> int:
        return int(self.runner.addresses[0][1])

    async def close(self) -> None:
        """Stop taking connections, then the application's shutdown (it closes its windows),
        then what is left of the connections."""
        await self.site.stop()
        await self.app_runner.cleanup()
        await self.runner.cleanup()


async def listen(
    app: web.Application, host: str, port: int, shutdown_timeout: float, **options: Any
) -> Listening:
    app_runner = web.AppRunner(app, handle_signals=False, **LIMITS, **options)
    await app_runner.setup()
    assert app_runner.server is not None  # set up above
    server = QuietServer(app_runner.server, **LIMITS, **options)
    runner = web.ServerRunner(server, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        await app_runner.cleanup()
        raise
    return Listening(app_runner, runner, site)


def run(
    app: web.Application, host: str, port: int, shutdown_timeout: float, **options: Any
) -> None:
    """Serve until SIGINT or SIGTERM, then shut down as `listen` describes."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        listening = await listen(app, host, port, shutdown_timeout, **options)
        try:
            await stop.wait()
        finally:
            await listening.close()

    asyncio.run(main())
