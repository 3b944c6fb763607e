"""A window's app process: how it starts, the window that holds it (Connection), what the
window sends relayed to it, and its end; apart from the server, which decides which window may
open a link at all."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from interviewer.serve.frames import (
    NOT_PROTOCOL,
    REFUSED_NOTICE,
    TOO_LONG,
    UNREADABLE,
    Ping,
    Refused,
    Resize,
    Stdin,
    read_frame,
)

log = logging.getLogger("interviewer.serve")

STOP_WAIT = 10.0  # seconds an app gets to exit after being asked, before it is ended


def app_command() -> list[str]:
    """How an app process starts: `interviewer`, ended with this server (see serve.child)."""
    return [sys.executable, "-m", "interviewer.serve.child", str(os.getpid())]


class LinkApp(AppService):
    """textual-serve's AppService, started with an argument list (quoted: no shell words)."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__("exec " + shlex.join(argv), **kwargs)

    async def close(self, wait: float = STOP_WAIT) -> None:
        """Ask the app to exit (it saves as it goes); end the process if it does not."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.stop(), wait)
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), wait)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        transport = getattr(process, "_transport", None)  # AppService never closes it
        if transport is not None:
            transport.close()


@dataclass(eq=False)  # one per window, hashed by identity
class Connection:
    invitation_id: str
    kind: str
    session_id: str
    websocket: web.WebSocketResponse
    service: LinkApp | None = None
    closing: asyncio.Future[None] | None = None  # the app being ended (survives cancellation)
    ended: bool = False  # its app is ending or has ended
    last_input: float = field(default_factory=time.monotonic)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    refused: Counter[str] = field(default_factory=Counter)  # frames refused, by reason

    @property
    def leaving(self) -> bool:
        """Its window has gone (or is going): the next window on the link may wait for it and
        take over, as a reload does."""
        return self.ended or self.websocket.closed


async def run_app(
    request: web.Request,
    websocket: web.WebSocketResponse,
    conn: Connection,
    argv: list[str],
    downloads: DownloadManager,
    idle_seconds: float,
) -> None:
    """A window's app, from its start to its end: what the window sends is relayed to it, and
    it is ended when the window closes or nothing is typed for `idle_seconds`."""
    width = _size(request.query.get("width"), 80)
    height = _size(request.query.get("height"), 24)
    service = LinkApp(
        argv,
        write_bytes=websocket.send_bytes,
        write_str=websocket.send_str,
        close=websocket.close,
        download_manager=downloads,
    )
    conn.service = service
    log.info("invitation %s: %s opened (%s)", conn.invitation_id, conn.kind, conn.session_id)
    idle = asyncio.create_task(_idle_watch(conn, idle_seconds))
    try:
        await service.start(width, height)
        await _relay(websocket, service, conn)
    finally:
        idle.cancel()
        conn.ended = True
        # a handler can be cancelled (the browser went away): ending the app must not be
        conn.closing = asyncio.ensure_future(_end(service, websocket, conn))
        await asyncio.shield(conn.closing)


async def _end(service: LinkApp, websocket: web.WebSocketResponse, conn: Connection) -> None:
    await service.close()
    with contextlib.suppress(Exception):
        await websocket.close()
    refused = ", ".join(f"{n} {why}" for why, n in sorted(conn.refused.items()))
    log.info(
        "invitation %s: window closed%s",
        conn.invitation_id,
        f" ({refused} frame(s) refused)" if refused else "",
    )


async def _relay(websocket: web.WebSocketResponse, service: LinkApp, conn: Connection) -> None:
    """The browser's side of textual-serve's protocol, each frame read before it is passed
    on (see serve.frames). A refused frame is counted and the window told; it goes on."""
    async for message in websocket:
        if message.type == WSMsgType.TEXT:
            frame = read_frame(message.data)
        elif message.type == WSMsgType.ERROR:  # aiohttp closes the connection after it
            too_big = getattr(message.data, "code", None) == WSCloseCode.MESSAGE_TOO_BIG
            conn.refused[TOO_LONG if too_big else UNREADABLE] += 1
            continue
        else:
            frame = Refused(NOT_PROTOCOL, REFUSED_NOTICE)
        if isinstance(frame, Refused):
            conn.refused[frame.reason] += 1
            await websocket.send_json(["notice", frame.notice])
        elif isinstance(frame, Stdin):
            conn.last_input = time.monotonic()
            await service.send_bytes(frame.data)
        elif isinstance(frame, Resize):
            await service.set_terminal_size(_size(frame.width, 80), _size(frame.height, 24))
        elif isinstance(frame, Ping):
            await websocket.send_json(["pong", frame.text])
        elif frame.focused:
            await service.focus()
        else:
            await service.blur()


async def _idle_watch(conn: Connection, limit: float) -> None:
    while True:
        left = conn.last_input + limit - time.monotonic()
        if left <= 0:
            break
        await asyncio.sleep(min(left + 0.05, 30.0))
    log.info("invitation %s: idle, pausing", conn.invitation_id)
    if conn.service is not None:
        await conn.service.close()


def _size(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if 10 <= number <= 1000 else default
