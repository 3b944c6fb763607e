"""Requests aiohttp cannot parse, sent raw over a socket to `interviewer serve`: each is answered
with its bare status, never quoting the request, and logged as one line without the request
line, so a link's token reaches neither the log nor a body."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from interviewer.serve.access_log import runner_options
from interviewer.serve.listen import Listening, listen
from interviewer.serve.server import LinkServer, Settings
from interviewer.store.invitations import InvitationStore

BAD_REQUESTS = {
    "a request line over the limit": b"GET /i/{token}?pad=" + b"x" * 9000 + b" HTTP/1.1\r\n\r\n",
    "a header over the limit": b"GET /i/{token} HTTP/1.1\r\nX-Pad: {token}"
    + b"y" * 9000
    + b"\r\n\r\n",
    "an unknown HTTP version": b"GET /i/{token} HTTP/9.9\r\nHost: a\r\n\r\n",
    "a control character in the path": b"GET /i/{token}\x01 HTTP/1.1\r\nHost: a\r\n\r\n",
    "a method that is not one": b"G\x00T /i/{token} HTTP/1.1\r\nHost: a\r\n\r\n",
    "a malformed header name": b"GET /i/{token} HTTP/1.1\r\nHo st: {token}\r\n\r\n",
    "a malformed Content-Length": b"GET /i/{token} HTTP/1.1\r\nContent-Length: {token}\r\n\r\n",
    "too many headers": b"GET /i/{token} HTTP/1.1\r\n" + b"X-A: {token}\r\n" * 100 + b"\r\n",
    "TLS spoken to plain HTTP": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03/i/{token}\r\n\r\n",
}


@pytest.fixture
async def listening(tmp_path: Path) -> AsyncIterator[Listening]:
    server = LinkServer(Settings(root=tmp_path))
    running = await listen(server.make_app(), "127.0.0.1", 0, 5.0, **runner_options())
    try:
        yield running
    finally:
        await running.close()


async def _send(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        async with asyncio.timeout(5):
            return await reader.read()  # the server closes after an error
    finally:
        writer.close()


@pytest.mark.parametrize("what", list(BAD_REQUESTS))
async def test_a_bad_request_is_a_bare_400_and_one_line_in_the_log(
    what: str, listening: Listening, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    answer = await _send(listening.port, BAD_REQUESTS[what].replace(b"{token}", token.encode()))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 400 Bad Request") or head.startswith(b"HTTP/1.1 400")
    assert body == b"Bad Request\n"
    assert b"nosniff" in head
    assert token.encode() not in answer and token[:8].encode() not in answer
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1, lines
    assert lines[0].startswith('127.0.0.1 "UNKNOWN /" 400 ') and lines[0].endswith(")")
    assert token not in caplog.text and token[:8] not in caplog.text
    assert not any(r.exc_info or r.exc_text for r in caplog.records)


async def test_the_server_still_answers_after_bad_requests(listening: Listening) -> None:
    for request in BAD_REQUESTS.values():
        await _send(listening.port, request.replace(b"{token}", b"x"))
    answer = await _send(listening.port, b"GET /static/js/textual.js HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 200 OK")


def test_the_cli_logs_an_over_long_link_as_one_line(tmp_path: Path) -> None:
    """The tester's case, end to end: `/i/TOKEN?pad=` and 9,000 characters, then ctrl+c; what
    `interviewer serve` printed holds no token and no traceback."""
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "interviewer", "serve", "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    server = subprocess.Popen(
        [*command, "--sessions-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert server.stderr is not None
    try:
        deadline = time.monotonic() + 15
        while True:
            assert server.poll() is None, server.stderr.read()
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, "interviewer serve did not start"
            time.sleep(0.05)
        request = f"GET /i/{token}?pad={'x' * 9000} HTTP/1.1\r\nHost: a\r\n\r\n".encode()
        answer = asyncio.run(_send(port, request))
        assert answer.endswith(b"\r\n\r\nBad Request\n")
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    log = err.decode()
    assert server.returncode == 0, log
    (line,) = log.splitlines()  # one request, one line
    assert ' 127.0.0.1 "UNKNOWN /" 400 ' in line and line.endswith("s (LineTooLong)")
    assert token not in log and "Traceback" not in log and "pad=" not in log


async def test_a_failure_of_ours_is_a_bare_500_and_one_line_naming_where(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(request: web.Request) -> web.Response:
        raise KeyError(request.path)  # a message that quotes the request

    app = web.Application()
    app.router.add_get("/i/{token}", broken)
    caplog.set_level(logging.DEBUG)
    running = await listen(app, "127.0.0.1", 0, 5.0, **runner_options())
    try:
        answer = await _send(running.port, b"GET /i/SECRETTOKEN0123456789 HTTP/1.0\r\n\r\n")
    finally:
        await running.close()
    assert answer.startswith(b"HTTP/1.0 500") and answer.endswith(
        b"\r\n\r\nInternal Server Error\n"
    )
    (line,) = [r.getMessage() for r in caplog.records]
    assert re.search(r'"GET /i/<\?>" 500 .*s \(KeyError at test_serve_requests\.py:\d+\)$', line)
    assert "SECRETTOKEN" not in caplog.text and not any(r.exc_info for r in caplog.records)
