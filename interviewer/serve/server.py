"""The aiohttp server: `GET /i/{token}` (the page), `GET /i/{token}/ws` (its app process,
through textual-serve's `AppService`), textual-serve's static assets, the page's `window.js`,
and nothing else. A window's app is started, fed what the window sends (read by serve.frames
first) and ended by serve.relay; requests aiohttp cannot parse are answered by serve.listen.

A token is looked up before anything else happens; an unknown, expired or revoked one is the
same 404, and a client that keeps guessing is refused (429) for a while. Tokens never reach
the log: a request is logged with the invitation's public id (serve.access_log).

A link has one window at a time: the server keeps, per invitation, the window that holds it
(starting, running or ending its app), and `--max-sessions` counts those, so a link counts
once however many tabs open it; another tab on a link that is open is told so and holds
nothing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import textual_serve
from aiohttp import web
from textual_serve.download_manager import DownloadManager

from interviewer.serve.access_log import INVITATION, log_to_stderr, runner_options
from interviewer.serve.frames import RECEIVE_LIMIT
from interviewer.serve.listen import run
from interviewer.serve.page import WINDOW_JS, app_page, message_page
from interviewer.serve.relay import STOP_WAIT, Connection, app_command, run_app
from interviewer.serve.retention_sweep import RetentionSweeper
from interviewer.session.links import open_link
from interviewer.session.pause import record_pause
from interviewer.store import SessionStore
from interviewer.store.invitations import Invitation, InvitationStore
from interviewer.whole_numbers import whole_number

log = logging.getLogger("interviewer.serve")

STATIC = Path(textual_serve.__file__).resolve().parent / "static"
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{8,200}")
RELOAD_GRACE = 0.5  # seconds a window waits for the one before it on its link to close
CLOSED_WITH_REASON = 4000  # a websocket close code of the application's range: the page shows why
ALREADY_OPEN = "This interview is already open in another window; close it there first."
FULL = (
    "Too many interviews are open right now. Please try the link again in a few minutes; "
    "nothing you answered is lost."
)
GONE = "This link no longer opens anything."


class Invitations(Protocol):
    def lookup(self, token: str) -> Invitation | None: ...

    def open_session(
        self, token: str, store: SessionStore, start: Callable[[Invitation, float], str]
    ) -> tuple[Invitation, str] | None: ...


@dataclass
class Settings:
    root: Path
    public_url: str | None = None
    max_sessions: int = 20
    idle_seconds: float = 30 * 60.0
    failures_allowed: int = 10  # failed look-ups per client per window, then 429
    failure_window: float = 60.0
    clock: Callable[[], float] = time.time  # what the retention sweep takes as now


class LinkServer:
    def __init__(self, settings: Settings, invitations: Invitations | None = None) -> None:
        self.settings = settings
        self.store = SessionStore(settings.root)
        self.invitations: Invitations = invitations or InvitationStore(settings.root)
        self.downloads = DownloadManager()
        self.windows: dict[str, Connection] = {}  # invitation id: the window holding the link
        self.failures: dict[str, deque[float]] = {}
        self.stopping = False
        self.sweeper = RetentionSweeper(self.store, settings.clock)

    # -- the application ------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._not_found])
        app.add_routes(
            [
                web.get("/i/{token}", self.handle_page, allow_head=False),
                web.get("/i/{token}/ws", self.handle_websocket),
                web.get("/window.js", self.handle_script, allow_head=False),
                web.static("/static", STATIC, show_index=False, follow_symlinks=False),
            ]
        )
        app.on_response_prepare.append(self._headers)
        app.on_shutdown.append(self._shutdown)
        self.sweeper.attach(app)
        return app

    @web.middleware
    async def _not_found(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Every error is a bare status: no page says which path or token was asked for."""
        try:
            response: web.StreamResponse = await handler(request)
            return response
        except web.HTTPException as exc:
            if exc.status in (403, 404, 405):
                return web.Response(status=404, text="Not found\n")
            raise

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        h = response.headers
        h["Content-Security-Policy"] = self._csp(request)
        h["Referrer-Policy"] = "no-referrer"
        h["X-Frame-Options"] = "DENY"
        h["X-Content-Type-Options"] = "nosniff"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.path.startswith("/i/"):
            h["Cache-Control"] = "no-store"

    def _csp(self, request: web.Request) -> str:
        base = self._base(request)
        socket = " " + _websocket_url(base, "") if base else ""
        return (
            "default-src 'none'; script-src 'self'; "
            "style-src 'self' 'unsafe-inline'; "  # xterm.js writes its own <style> elements
            f"font-src 'self'; img-src 'self' data:; connect-src 'self'{socket}; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        )

    def _base(self, request: web.Request) -> str | None:
        """Where browsers reach this server: --public-url, else the address the client's
        connection reached (the socket's own, never the Host header, which the client
        writes); None when the connection has gone."""
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        transport = request.transport
        own = transport.get_extra_info("sockname") if transport is not None else None
        if not isinstance(own, tuple) or len(own) < 2:
            return None
        host = f"[{own[0]}]" if ":" in str(own[0]) else str(own[0])
        return f"{'https' if request.secure else 'http'}://{host}:{own[1]}"

    # -- look-ups and limits --------------------------------------------------------------

    def _client(self, request: web.Request) -> str:
        return request.remote or "?"

    def _refused(self, client: str) -> bool:
        window = self.failures.get(client)
        if window is None:
            return False
        cutoff = time.monotonic() - self.settings.failure_window
        while window and window[0] < cutoff:
            window.popleft()
        if not window:
            del self.failures[client]
            return False
        return len(window) >= self.settings.failures_allowed

    def _failed(self, client: str) -> None:
        if len(self.failures) > 10000:  # many clients: forget the quiet ones
            for key in [k for k in self.failures if not self._refused(k)]:
                self.failures.pop(key, None)
        self.failures.setdefault(client, deque()).append(time.monotonic())

    async def _lookup(self, request: web.Request) -> Invitation:
        client = self._client(request)
        if self._refused(client):
            log.warning("%s refused: too many failed look-ups", client)
            raise web.HTTPTooManyRequests(
                text="Too many attempts; wait a minute.\n", headers={"Retry-After": "60"}
            )
        token = request.match_info["token"]
        invitation = None
        if TOKEN_RE.fullmatch(token):
            invitation = await asyncio.to_thread(self.invitations.lookup, token)
        if invitation is None:
            self._failed(client)
            log.info("%s %s: no such link", client, request.method)
            raise web.HTTPNotFound()
        request[INVITATION] = invitation.id
        return invitation

    def _full(self) -> web.Response:
        return _message_response(503, "The server is full", FULL, headers={"Retry-After": "120"})

    # -- the page -------------------------------------------------------------------------

    def _already_open(self) -> web.Response:
        return _message_response(
            409,
            "Already open",
            ALREADY_OPEN + " Then open the link again here; nothing you answered is lost.",
        )

    async def _open_elsewhere(self, invitation: Invitation) -> bool:
        """Its interview is open, not in a window of this server: in a terminal, or in another
        server on this machine."""
        sid = invitation.session_id
        if invitation.kind != "interviewee" or not sid or invitation.id in self.windows:
            return False
        return await asyncio.to_thread(self.store.is_open, sid)

    async def handle_page(self, request: web.Request) -> web.Response:
        """The terminal page, even for a link open in a window here: a reload asks for the page
        before its old window closes, so only the websocket can tell a reload from a second tab."""
        invitation = await self._lookup(request)
        if await self._open_elsewhere(invitation):
            return self._already_open()
        if invitation.id not in self.windows and len(self.windows) >= self.settings.max_sessions:
            return self._full()
        token = request.match_info["token"]
        base = self._base(request)
        if base is None:
            raise web.HTTPServiceUnavailable()
        static = f"{urlsplit(base).path}/static/"
        font = request.query.get("fontsize", "16")
        size = whole_number(font) or 16
        size = size if 8 <= size <= 40 else 16
        script = static.removesuffix("static/") + "window.js"
        page = app_page("interviewer", _websocket_url(base, f"/i/{token}/ws"), static, script, size)
        return web.Response(text=page, content_type="text/html")

    async def handle_script(self, request: web.Request) -> web.Response:
        return web.Response(body=WINDOW_JS, content_type="text/javascript")

    # -- the websocket and its process ----------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        invitation = await self._lookup(request)
        if self.stopping:
            raise web.HTTPServiceUnavailable()
        # accepted at once, whatever follows: a browser opens one websocket to a host at a time,
        # so a tab left waiting here would hold up the others
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=RECEIVE_LIMIT)
        await websocket.prepare(request)
        before = self.windows.get(invitation.id)
        if before is not None and not before.leaving:
            await self._until_left(before)  # a reload's old window closes a moment after
            before = self.windows.get(invitation.id)
            if before is not None and not before.leaving:
                return await _closed(websocket, ALREADY_OPEN)
        if await self._open_elsewhere(invitation):
            return await _closed(websocket, ALREADY_OPEN)
        if before is None and len(self.windows) >= self.settings.max_sessions:
            return await _closed(websocket, FULL)
        conn = Connection(invitation.id, invitation.kind, invitation.session_id or "", websocket)
        self.windows[invitation.id] = conn  # the link's one slot, held while it starts
        try:
            if before is not None:  # the window before it is still ending its app
                await before.done.wait()
            if self.stopping:
                return await _closed(websocket)
            await self._serve(request, conn, invitation.who)
            return websocket
        finally:
            conn.ended = True
            if conn.closing is not None:
                await conn.closing
            if self.windows.get(invitation.id) is conn:
                del self.windows[invitation.id]
            conn.done.set()

    async def _until_left(self, window: Connection) -> None:
        deadline = time.monotonic() + RELOAD_GRACE
        while not window.leaving and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    async def _serve(self, request: web.Request, conn: Connection, who: str) -> None:
        token = request.match_info["token"]
        websocket = conn.websocket
        app = app_command()
        if conn.kind == "interviewee":
            opened = await asyncio.to_thread(open_link, self.invitations, token, self.store)
            if opened is None:  # revoked or expired a moment ago
                await _closed(websocket, GONE)
                return
            conn.session_id = opened[1]
            argv = [*app, "resume", conn.session_id]
        else:
            argv = [*app, "shadow", conn.session_id, "--as", who]
        argv += ["--sessions-dir", str(self.settings.root)]

        if conn.kind != "interviewee":
            await run_app(
                request, websocket, conn, argv, self.downloads, self.settings.idle_seconds
            )
            return
        sid = conn.session_id
        if await asyncio.to_thread(self.store.is_open, sid):  # a terminal has it
            await _closed(websocket, ALREADY_OPEN)
            return
        try:
            await run_app(
                request, websocket, conn, argv, self.downloads, self.settings.idle_seconds
            )
        finally:
            if conn.closing is not None:
                await conn.closing
            await self._released(sid)
            if await asyncio.to_thread(record_pause, self.store, sid):
                log.info("invitation %s: interview paused", conn.invitation_id)

    async def _released(self, sid: str) -> None:
        """Wait until the app process has let go of its session (its exit, as the session's
        lock sees it: the process's exit status alone has proved unreliable to wait on)."""
        deadline = time.monotonic() + STOP_WAIT
        while await asyncio.to_thread(self.store.is_open, sid):
            if time.monotonic() > deadline:
                log.warning("session %s is still held by its app; not recorded as paused", sid)
                return
            await asyncio.sleep(0.05)

    async def _shutdown(self, app: web.Application) -> None:
        """Stopping: every app is asked to exit, and each interview is recorded as paused."""
        self.stopping = True
        connections = list(self.windows.values())
        if connections:
            log.info("stopping: closing %d window(s)", len(connections))
        await asyncio.gather(
            *(c.service.close() for c in connections if c.service is not None),
            return_exceptions=True,
        )
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(STOP_WAIT):
                await asyncio.gather(*(c.done.wait() for c in connections))


async def _closed(websocket: web.WebSocketResponse, reason: str = "") -> web.WebSocketResponse:
    """A window closed at once, holding nothing; the page shows the reason, if there is one,
    in place of its "window is closed" notice."""
    if reason:
        await websocket.close(code=CLOSED_WITH_REASON, message=reason.encode("utf-8"))
    else:
        await websocket.close()
    return websocket


def _websocket_url(base: str, path: str) -> str:
    """The ws: (or wss:) URL at `path` under an http: (or https:) base; with "", its origin."""
    parts = urlsplit(base)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path if path else ''}{path}"


def _message_response(
    status: int, title: str, text: str, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        status=status, content_type="text/html", text=message_page(title, text), headers=headers
    )


def serve(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    public_url: str | None = None,
    max_sessions: int = 20,
    idle_minutes: float = 30.0,
) -> int:
    log_to_stderr()
    settings = Settings(
        root=root,
        public_url=public_url,
        max_sessions=max_sessions,
        idle_seconds=idle_minutes * 60.0,
    )
    server = LinkServer(settings)
    shown = public_url or f"http://{host}:{port}"
    print(f"Serving interviews on {shown} (links: {shown.rstrip('/')}/i/TOKEN)", flush=True)
    print("Press ctrl+c to stop; open interviews are paused.", flush=True)
    run(server.make_app(), host, port, STOP_WAIT + 5, **runner_options())
    return 0
