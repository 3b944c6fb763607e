"""`interviewer serve` without a browser: links, 404s, headers, limits, logs, and one app
process driven over the websocket the way the page drives it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import pytest
from aiohttp import ClientSession, ClientWebSocketResponse, WSMsgType
from aiohttp.web import WebSocketResponse

from interviewer.records import TYPE_OF, Paused
from interviewer.serve.access_log import redact, runner_options
from interviewer.serve.frames import RECEIVE_LIMIT
from interviewer.serve.listen import Listening, listen
from interviewer.serve.relay import Connection
from interviewer.serve.server import CLOSED_WITH_REASON, LinkServer, Settings
from interviewer.session.links import open_link
from interviewer.session.pause import record_pause
from interviewer.store import SessionStore
from interviewer.store.invitations import InvitationStore

HEADERS = (
    "Content-Security-Policy",
    "Referrer-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
)


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[LinkServer, Listening]]:
    """The server as `interviewer serve` runs it (serve.listen, its logs), on a free port."""
    server = LinkServer(Settings(root=tmp_path, idle_seconds=60.0))
    listening = await listen(server.make_app(), "127.0.0.1", 0, 5.0, **runner_options())
    try:
        yield server, listening
    finally:
        await listening.close()


@pytest.fixture
async def served(
    running: tuple[LinkServer, Listening],
) -> AsyncIterator[tuple[LinkServer, ClientSession]]:
    server, listening = running
    async with ClientSession(f"http://127.0.0.1:{listening.port}") as client:
        yield server, client


def _invite(root: Path) -> str:
    token, _ = InvitationStore(root).create_interviewee("executive", "Acme", "Dana", None)
    return token


def _used_once(root: Path) -> tuple[str, str]:
    """An interviewee's link that has been opened (its session made), and that session's id."""
    invitations = InvitationStore(root)
    token, _ = invitations.create_interviewee("executive", "Acme", "Dana", None)
    opened = open_link(invitations, token, SessionStore(root))
    assert opened is not None
    return token, opened[1]


def _check_headers(headers: Mapping[str, str]) -> None:
    for name in HEADERS:
        assert name in headers, name
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_the_page_for_a_link_and_404_for_anything_else(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    server, client = served
    token = _invite(tmp_path)
    page = await client.get(f"/i/{token}")
    assert page.status == 200
    _check_headers(page.headers)
    assert page.headers["Cache-Control"] == "no-store"
    html = await page.text()
    assert f"/i/{token}/ws" in html and "/static/js/textual.js" in html
    assert "<script>" not in html  # no inline script: the CSP allows none
    assert (await client.get("/static/js/textual.js")).status == 200
    bad = "x" * 43
    for path in ("/", f"/i/{bad}", f"/i/{bad}/ws", "/static/", "/ws", "/i/", "/download/x"):
        response = await client.get(path)
        assert response.status == 404, path
        _check_headers(response.headers)
        assert await response.text() == "Not found\n"
    assert not server.windows
    assert SessionStore(tmp_path).session_ids() == []  # no session, no process


async def test_revoked_and_unknown_are_the_same_404(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    _, client = served
    invitations = InvitationStore(tmp_path)
    token, inv = invitations.create_interviewee("executive", "", "", None)
    invitations.revoke(inv.id)
    revoked = await client.get(f"/i/{token}")
    unknown = await client.get(f"/i/{token[:-2]}zz")
    assert revoked.status == unknown.status == 404
    assert await revoked.text() == await unknown.text()
    assert (await client.get(f"/i/{token}/ws")).status == 404


async def test_failed_lookups_are_rate_limited_per_client(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    server, client = served
    token = _invite(tmp_path)
    for n in range(server.settings.failures_allowed):
        assert (await client.get(f"/i/wrong-token-{n:04d}")).status == 404
    refused = await client.get(f"/i/{token}")  # even a good link, for a while
    assert refused.status == 429
    _check_headers(refused.headers)
    server.failures.clear()  # the window has passed
    assert (await client.get(f"/i/{token}")).status == 200


async def test_a_full_server_says_so(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    server, client = served
    token = _invite(tmp_path)
    server.settings.max_sessions = 1
    server.windows["someone"] = Connection("someone", "interviewee", "x", WebSocketResponse())
    response = await client.get(f"/i/{token}")
    assert response.status == 503
    assert "The server is full" in await response.text()
    ws = await client.ws_connect(f"/i/{token}/ws")  # a page loaded a moment before: told so
    message = await ws.receive()
    assert message.type == WSMsgType.CLOSE and message.data == CLOSED_WITH_REASON
    assert "Too many interviews are open right now" in (message.extra or "")
    assert SessionStore(tmp_path).session_ids() == []
    server.windows.clear()  # the stand-in has no window for the shutdown to wait on


def test_logs_never_hold_a_token() -> None:
    token = "qCFDRChxdOEY6q_AKDMaBoMgXcxFv32sIvllMlj_nBw"
    assert redact(f"/i/{token}", "qCFDRChx") == "/i/<qCFDRChx>"
    assert redact(f"/i/{token}/ws", None) == "/i/<?>/ws"
    assert token not in redact(f"/i/x//host/i/{token}/ws")
    assert token not in redact(f"/other/{token}")
    assert redact("/static/js/textual.js") == "/static/js/textual.js"


def test_record_pause_adds_one_paused_event(tmp_path: Path) -> None:
    from interviewer.session.runner import SessionRunner

    store = SessionStore(tmp_path)
    runner = SessionRunner.start(store, "executive", "Acme", "Dana", None)
    runner.close()  # as the app does when the web driver ends it: no pause step
    assert record_pause(store, runner.session_id)
    assert not record_pause(store, runner.session_id)  # once
    assert isinstance(store.events(runner.session_id)[-1], Paused)
    assert store.meta(runner.session_id).status == "paused"
    held = store.open_writer(runner.session_id)
    try:
        assert not record_pause(store, runner.session_id)  # open elsewhere: left alone
    finally:
        held.close()


def _screen(chunks: list[bytes]) -> str:
    text = b"".join(chunks).decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


async def _read_until(
    ws: ClientWebSocketResponse, chunks: list[bytes], needle: str, seconds: float
) -> None:
    async with asyncio.timeout(seconds):
        while needle not in _screen(chunks):
            message = await ws.receive()
            if message.type == WSMsgType.BINARY:
                chunks.append(message.data)
            elif message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR):
                raise AssertionError(f"closed before {needle!r}: {_screen(chunks)[-300:]!r}")


async def _opened(client: ClientSession, root: Path) -> tuple[str, ClientWebSocketResponse]:
    """A new link's window, its app started (it shows the script's notice first)."""
    token = _invite(root)
    ws = await client.ws_connect(f"/i/{token}/ws")
    await _read_until(ws, [], "Do you agree to take part", 20)
    return token, ws


async def _all_closed(server: LinkServer) -> None:
    async with asyncio.timeout(15):
        while server.windows:
            await asyncio.sleep(0.05)


async def _refused_as_already_open(ws: ClientWebSocketResponse) -> None:
    """A window on a link that is open elsewhere: closed at once, with the reason the page
    shows in place of its "closed" notice."""
    async with asyncio.timeout(5):
        message = await ws.receive()
    assert message.type == WSMsgType.CLOSE, message
    assert message.data == CLOSED_WITH_REASON
    assert "already open in another window" in (message.extra or "")


async def test_an_interview_over_the_websocket_then_a_second_window(
    served: tuple[LinkServer, ClientSession], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server, client = served
    caplog.set_level(logging.INFO)
    token = _invite(tmp_path)
    ws = await client.ws_connect(f"/i/{token}/ws?width=100&height=30")
    chunks: list[bytes] = []
    await _read_until(ws, chunks, "Do you agree to take part", 20)  # the notice comes first
    await ws.send_str(json.dumps(["stdin", "y"]))
    await _read_until(ws, chunks, "about your role", 20)
    (session_id,) = SessionStore(tmp_path).session_ids()

    second = await client.ws_connect(f"/i/{token}/ws")  # another tab: told, closed, no process
    await _refused_as_already_open(second)
    (window,) = server.windows.values()
    assert window.service is not None

    await ws.send_str(json.dumps(["stdin", "Head of the ML platform"]))
    await ws.send_str(json.dumps(["stdin", "\r"]))
    store = SessionStore(tmp_path)
    async with asyncio.timeout(10):
        while not any("Head of the ML platform" in json.dumps(e) for e in store.events(session_id)):
            await asyncio.sleep(0.05)
    await ws.close()  # the tab closes: the interview is paused, nothing lost
    await _all_closed(server)
    events = store.events(session_id)
    assert isinstance(events[-1], Paused)
    assert not store.is_open(session_id)
    assert token not in caplog.text


def test_the_textual_serve_internals_the_server_relies_on_are_still_there():
    """LinkApp.close ends an app that does not exit through AppService's `_process` (textual-serve
    keeps no public handle on it, and is pinned below 1.2); fail loudly if that changes."""
    import inspect

    from textual_serve.app_service import AppService

    assert "self._process" in inspect.getsource(AppService)


async def test_expired_revoked_and_unknown_links_are_byte_identical_404s(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    server, client = served
    past = InvitationStore(tmp_path, clock=lambda: time.time() - 3600)
    expired, _ = past.create_interviewee("executive", "Acme", "Dana", 60.0)
    invitations = InvitationStore(tmp_path)
    revoked, inv = invitations.create_interviewee("executive", "Acme", "Dana", None)
    invitations.revoke(inv.id)
    assert invitations.lookup(expired) is None and invitations.lookup(revoked) is None
    unknown = "x" * len(expired)
    for suffix in ("", "/ws"):
        answers = []
        for token in (unknown, expired, revoked):
            response = await client.get(f"/i/{token}{suffix}")
            headers = {k: v for k, v in response.headers.items() if k.lower() != "date"}
            answers.append((response.status, headers, await response.read()))
        assert answers[0] == answers[1] == answers[2], suffix
        assert answers[0][0] == 404 and answers[0][2] == b"Not found\n"
    assert not server.windows
    assert SessionStore(tmp_path).session_ids() == []  # no session, no process


async def test_forty_tabs_on_one_link_hold_one_slot(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    """However many tabs open a link, at once or one after another, it has one app process
    and counts once against --max-sessions: another link is still served."""
    server, client = served
    server.settings.max_sessions = 2
    busy, other = _invite(tmp_path), _invite(tmp_path)
    tabs = await asyncio.gather(*(client.ws_connect(f"/i/{busy}/ws") for _ in range(40)))
    outcomes = await asyncio.gather(*(tab.receive() for tab in tabs))
    opened = [t for t, m in zip(tabs, outcomes, strict=True) if m.type == WSMsgType.BINARY]
    refused = [m for m in outcomes if m.type == WSMsgType.CLOSE]
    assert len(opened) == 1 and len(refused) == 39
    assert all("already open in another window" in (m.extra or "") for m in refused)
    chunks: list[bytes] = []
    await _read_until(opened[0], chunks, "Do you agree to take part", 20)
    later = await asyncio.gather(*(client.ws_connect(f"/i/{busy}/ws") for _ in range(40)))
    for tab in later:  # tabs opened while its app runs: told, closed
        await _refused_as_already_open(tab)
    assert list(server.windows) == [busy[:8]]

    assert (await client.get(f"/i/{other}")).status == 200  # the second slot is free
    second = await client.ws_connect(f"/i/{other}/ws")
    await _read_until(second, [], "Do you agree to take part", 20)
    assert len(server.windows) == 2
    third = _invite(tmp_path)
    assert (await client.get(f"/i/{third}")).status == 503  # two links open: now it is full
    await second.close()
    await opened[0].close()


async def test_a_reload_takes_over_the_window_it_replaces(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    """Closing a window and opening the link at once (a reload) resumes the interview: the new
    window waits for the old app to let go instead of being told the link is open."""
    server, client = served
    token, first = await _opened(client, tmp_path)
    await first.close()
    assert (await client.get(f"/i/{token}")).status == 200
    again = await client.ws_connect(f"/i/{token}/ws")
    chunks: list[bytes] = []
    await _read_until(again, chunks, "Do you agree to take part", 20)
    (session_id,) = SessionStore(tmp_path).session_ids()
    types = [TYPE_OF[type(e)] for e in SessionStore(tmp_path).events(session_id)]
    assert types.count("paused") == 1 and types[-1] == "resumed"
    assert len(server.windows) == 1
    await again.close()


async def test_a_link_whose_interview_is_open_in_a_terminal_says_so(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    server, client = served
    token, session_id = _used_once(tmp_path)
    held = SessionStore(tmp_path).open_writer(session_id)  # as `interviewer resume` holds it
    try:
        page = await client.get(f"/i/{token}")
        assert page.status == 409
        assert "already open in another window" in await page.text()
        await _refused_as_already_open(await client.ws_connect(f"/i/{token}/ws"))
        assert not server.windows
    finally:
        held.close()
    assert (await client.get(f"/i/{token}")).status == 200


async def _notice(ws: ClientWebSocketResponse, seconds: float = 5) -> str:
    """The next ["notice", text] the window is sent (terminal output in between is skipped)."""
    async with asyncio.timeout(seconds):
        while True:
            message = await ws.receive()
            assert message.type in (WSMsgType.BINARY, WSMsgType.TEXT), message
            if message.type == WSMsgType.TEXT and json.loads(message.data)[0] == "notice":
                return str(json.loads(message.data)[1])


async def test_bad_frames_are_refused_told_and_counted_and_the_interview_goes_on(
    served: tuple[LinkServer, ClientSession], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server, client = served
    caplog.set_level(logging.DEBUG)
    token, ws = await _opened(client, tmp_path)
    secret = "Confidential-answer-text"
    started = time.monotonic()
    await ws.send_str(json.dumps(["stdin", secret + "x" * 1_000_000]))  # a megabyte pasted
    assert "longer than 10,000 characters" in await _notice(ws)
    assert time.monotonic() - started < 2
    bad = [
        '["stdin","' + secret + '\\ud800"]',  # a lone surrogate
        '["stdin",' + "[" * 20_000 + '"' + secret + '"' + "]" * 20_000 + "]",  # deep nesting
        '["stdin",{"' + secret + '":1}]',
        '["resize",{"width":"' + secret + '"}]',
        '["' + secret.lower()[:16] + '"]',
        secret,
    ]
    for frame in bad:
        await ws.send_str(frame)
        assert "could not be read" in await _notice(ws)
    await ws.send_bytes(secret.encode())
    assert "could not be read" in await _notice(ws)

    chunks: list[bytes] = []
    await ws.send_str(json.dumps(["stdin", "y"]))  # the same window goes on
    await _read_until(ws, chunks, "about your role", 20)
    await ws.close()
    await _all_closed(server)
    closed = [r.getMessage() for r in caplog.records if "window closed" in r.getMessage()]
    assert closed == [
        f"invitation {token[:8]}: window closed "
        "(6 not the protocol, 1 too long, 1 unreadable frame(s) refused)"
    ]
    assert secret not in caplog.text and secret.lower()[:16] not in caplog.text
    assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)


async def test_a_frame_too_big_to_receive_closes_the_window_quietly(
    served: tuple[LinkServer, ClientSession], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Over RECEIVE_LIMIT a frame is not read at all: aiohttp ends the connection (1009), the
    interview is paused as when a tab closes, and the log holds a count."""
    server, client = served
    caplog.set_level(logging.DEBUG)
    token = _invite(tmp_path)
    ws = await client.ws_connect(f"/i/{token}/ws", max_msg_size=0)
    await _read_until(ws, [], "Do you agree to take part", 20)
    with contextlib.suppress(ConnectionError):  # the server may close before it is all sent
        await ws.send_str(json.dumps(["stdin", "x" * (RECEIVE_LIMIT + 1)]))
    await _all_closed(server)
    assert ws.closed or (await ws.receive()).type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
    (session_id,) = SessionStore(tmp_path).session_ids()
    assert isinstance(SessionStore(tmp_path).events(session_id)[-1], Paused)
    assert "1 too long frame(s) refused" in caplog.text
    assert "xxxx" not in caplog.text and "Traceback" not in caplog.text
    assert not any(r.exc_info for r in caplog.records)


@pytest.mark.parametrize(
    "host", ["a; script-src *", "evil.example", "evil.example:8000", '127.0.0.1:1"><script>']
)
async def test_the_host_header_is_never_written_into_a_page_or_its_policy(
    served: tuple[LinkServer, ClientSession],
    running: tuple[LinkServer, Listening],
    tmp_path: Path,
    host: str,
) -> None:
    """Without --public-url the page's websocket address and its CSP name the address the
    connection reached; the Host header, which the client writes, is not used."""
    server, client = served
    token = _invite(tmp_path)
    own = f"127.0.0.1:{running[1].port}"  # the server's own address
    for path in (f"/i/{token}", "/static/js/textual.js", "/window.js", "/nothing"):
        response = await client.get(path, headers={"Host": host})
        csp = response.headers["Content-Security-Policy"]
        assert f"connect-src 'self' ws://{own}; " in csp, csp
        assert "script-src *" not in csp and "evil" not in csp
    page = await (await client.get(f"/i/{token}", headers={"Host": host})).text()
    assert f'data-session-websocket-url="ws://{own}/i/{token}/ws"' in page
    assert "evil" not in page and "script-src *" not in page and "<script>" not in page

    server.settings.public_url = "https://interviews.example/acme/"
    response = await client.get(f"/i/{token}", headers={"Host": host})
    csp = response.headers["Content-Security-Policy"]
    assert "connect-src 'self' wss://interviews.example; " in csp
    page = await response.text()
    assert 'data-session-websocket-url="wss://interviews.example/acme/i/' in page
    assert 'src="/acme/static/js/textual.js"' in page and 'src="/acme/window.js"' in page


async def test_a_facilitators_link_opens_in_one_window_too(
    served: tuple[LinkServer, ClientSession], tmp_path: Path
) -> None:
    server, client = served
    _, session_id = _used_once(tmp_path)
    shadow, _ = InvitationStore(tmp_path).create_facilitator(session_id, "alex", None)
    first = await client.ws_connect(f"/i/{shadow}/ws")
    await _read_until(first, [], "a note and #tags", 20)
    await _refused_as_already_open(await client.ws_connect(f"/i/{shadow}/ws"))
    (window,) = server.windows.values()
    assert window.kind == "facilitator" and window.service is not None
    await first.close()
    await _all_closed(server)
