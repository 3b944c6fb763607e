"""`interviewer serve` in a real browser: headless Chromium opens an invitation link, the first
question arrives, an answer typed in the page lands in the session's transcript; stopping the
server pauses the interview; a bad token is a 404 that starts nothing.

Needs the `playwright` module and a system Chromium (Debian's `chromium` package); without
them the test is skipped. `playwright install` is never needed."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from interviewer.store import SessionStore
from interviewer.store.invitations import InvitationStore

if TYPE_CHECKING:
    from playwright.sync_api import WebSocket

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and os.path.exists(p)),
    None,
)
ANSWER = "Head of the ML platform at Acme"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"interviewer serve ended: {process.stderr.read()!r}")  # type: ignore[union-attr]
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("interviewer serve did not start listening")


def _screen(frames: list[str]) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", "".join(frames))


def test_an_interview_in_the_browser(tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("no system Chromium (apt-get install chromium): browser test skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright module is not installed: browser test skipped")

    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    port = _free_port()
    command = [sys.executable, "-m", "interviewer", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--sessions-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    store = SessionStore(tmp_path)
    try:
        _wait_for_port(port, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 700})
                frames: list[str] = []

                def on_socket(ws: WebSocket) -> None:
                    def received(data: str | bytes) -> None:
                        if isinstance(data, bytes):
                            frames.append(data.decode("utf-8", "replace"))

                    ws.on("framereceived", received)

                page.on("websocket", on_socket)
                bad = page.goto(f"{base}/i/{'x' * 43}")
                assert bad is not None and bad.status == 404
                assert store.session_ids() == []  # a bad token starts nothing

                response = page.goto(f"{base}/i/{token}")
                assert response is not None and response.status == 200
                assert response.headers["x-frame-options"] == "DENY"
                # xterm draws on a canvas: the app's output is read as the page receives it
                deadline = time.monotonic() + 15
                while "about your role" not in _screen(frames):
                    assert time.monotonic() < deadline, _screen(frames)[-500:]
                    page.wait_for_timeout(50)
                page.wait_for_selector(".xterm-helper-textarea", state="attached")
                page.focus(".xterm-helper-textarea")
                page.keyboard.type(ANSWER)
                page.keyboard.press("Enter")
                (session_id,) = store.session_ids()
                transcript = store.ref(session_id).transcript
                while ANSWER not in transcript.read_text(encoding="utf-8"):
                    assert time.monotonic() < deadline, "the answer never reached the transcript"
                    page.wait_for_timeout(50)

                server.send_signal(signal.SIGTERM)  # stopping pauses every open interview
                assert server.wait(timeout=15) == 0
            finally:
                browser.close()
        events = store.events(session_id)
        answers = [e for e in events if e["type"] == "answer"]
        assert ANSWER in json.dumps(answers[-1])
        assert events[-1]["type"] == "paused"
        assert token not in server.stderr.read().decode() + server.stdout.read().decode()  # type: ignore[union-attr]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
