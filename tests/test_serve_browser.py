"""`interviewer serve` in a real browser: headless Chromium opens an invitation link, the first
question arrives, an answer typed in the page lands in the session's transcript; stopping the
server pauses the interview; a bad token is a 404 that starts nothing. Then: a facilitator's
link beside the interviewee's, a second tab, the server killed outright, expired and revoked
links, a window left idle, and a typed /why on an indicator question (a command, never "yes").

Needs the `playwright` module and a system Chromium (Debian's `chromium` package); without
them the tests are skipped. `playwright install` is never needed."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from interviewer.records import TYPE_OF, Answer, Paused, Started
from interviewer.session.links import open_link
from interviewer.store import SessionStore
from interviewer.store.invitations import InvitationStore

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, WebSocket

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and os.path.exists(p)),
    None,
)
ANSWER = "Head of the ML platform at Acme"
FIRST_QUESTION = "about your role"
NOTICE = "Do you agree to take part"
PUSHED = "Who signs off a release?"
ANSWERS = (ANSWER, "417")  # the executive track: role, then how many models in production


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 10) -> None:
    assert process.stderr is not None  # started with stderr=PIPE
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"interviewer serve ended: {process.stderr.read()!r}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("interviewer serve did not start listening")


def _screen(frames: list[str]) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", "".join(frames))


def _playwright() -> Any:
    if CHROMIUM is None:
        pytest.skip("no system Chromium (apt-get install chromium): browser test skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright module is not installed: browser test skipped")
    return sync_playwright


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux: /proc/PID/task/*/children)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@contextlib.contextmanager
def _server(root: Path, *options: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`interviewer serve` on a free port; ended (with any app it left behind) afterwards."""
    port = _free_port()
    command = [sys.executable, "-m", "interviewer", "serve", "--port", str(port), *options]
    server = subprocess.Popen(
        [*command, "--sessions-dir", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    apps: set[int] = set()
    try:
        _wait_for_port(port, server)
        yield server, f"http://127.0.0.1:{port}"
    finally:
        if server.poll() is None:
            apps.update(_children(server.pid))
            server.kill()
        server.wait()
        for pid in apps:  # apps the server started and left running: only those
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def _browser() -> Iterator[Browser]:
    with _playwright()() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Window:
    """A page and what its websocket received (xterm draws on a canvas: the app's output is
    read as the page receives it)."""

    def __init__(self, browser: Browser) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1100, "height": 700})
        self.frames: list[str] = []
        self.page.on("websocket", self._socket)

    def _socket(self, ws: WebSocket) -> None:
        def received(data: str | bytes) -> None:
            if isinstance(data, bytes):
                self.frames.append(data.decode("utf-8", "replace"))

        ws.on("framereceived", received)

    def open(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200

    def wait_for(self, needle: str, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while needle not in _screen(self.frames):
            assert time.monotonic() < deadline, f"{needle!r} never came: {self.screen[-500:]!r}"
            self.page.wait_for_timeout(50)

    @property
    def screen(self) -> str:
        return _screen(self.frames)

    def accept_notice(self) -> None:
        """A new link's interview starts with the script's notice: y accepts it."""
        self.wait_for(NOTICE)
        self.page.wait_for_selector(".xterm-helper-textarea", state="attached")
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.press("y")

    def type(self, text: str) -> None:
        self.page.wait_for_selector(".xterm-helper-textarea", state="attached")
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")


def _until(page: Page, condition: Any, what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(50)


def _transcript(store: SessionStore, session_id: str) -> str:
    return store.ref(session_id).transcript.read_text(encoding="utf-8")


def test_an_interview_in_the_browser(tmp_path: Path) -> None:
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    store = SessionStore(tmp_path)
    with _server(tmp_path) as (server, base), _browser() as browser:
        window = Window(browser)
        bad = window.page.goto(f"{base}/i/{'x' * 43}")
        assert bad is not None and bad.status == 404
        assert store.session_ids() == []  # a bad token starts nothing

        response = window.page.goto(f"{base}/i/{token}")
        assert response is not None and response.status == 200
        assert response.headers["x-frame-options"] == "DENY"
        window.accept_notice()  # a link's interview asks for consent first, as the terminal's
        window.wait_for(FIRST_QUESTION)
        window.type(ANSWER)
        (session_id,) = store.session_ids()
        _until(
            window.page,
            lambda: ANSWER in _transcript(store, session_id),
            "the answer never reached the transcript",
        )
        server.send_signal(signal.SIGTERM)  # stopping pauses every open interview
        assert server.wait(timeout=15) == 0
        events = store.events(session_id)
        answers = [e for e in events if isinstance(e, Answer)]
        assert ANSWER in json.dumps(answers[-1])
        assert isinstance(events[-1], Paused)
        assert server.stderr is not None and server.stdout is not None
        assert token not in server.stderr.read().decode() + server.stdout.read().decode()


def test_a_question_pushed_from_a_facilitators_page(tmp_path: Path) -> None:
    invitations = InvitationStore(tmp_path)
    token, _ = invitations.create_interviewee("executive", "Acme", "Dana", None)
    store = SessionStore(tmp_path)
    with _server(tmp_path) as (_, base), _browser() as browser:
        interviewee = Window(browser)
        interviewee.open(f"{base}/i/{token}")
        interviewee.accept_notice()
        interviewee.wait_for(FIRST_QUESTION)
        (session_id,) = store.session_ids()
        shadow_token, _ = invitations.create_facilitator(session_id, "alex", None)

        facilitator = Window(browser)
        facilitator.open(f"{base}/i/{shadow_token}")
        facilitator.wait_for("No answer yet")  # the shadow app is drawn, its input focused
        facilitator.wait_for("Now on Dana's screen · turn 1")  # the question Dana has
        assert "resumed" not in facilitator.screen  # the link's first opening is its start
        facilitator.type(f"/ask {PUSHED}")
        facilitator.wait_for("Question queued")
        interviewee.wait_for("alex")  # told that a facilitator follows
        assert PUSHED not in interviewee.screen  # never in place of the current question

        interviewee.type(ANSWER)
        interviewee.wait_for(PUSHED)
        facilitator.wait_for("▶ Dana · selected")  # the answer, by name, where a note goes
        events = store.events(session_id)
        answered = next(i for i, e in enumerate(events) if ANSWER in json.dumps(e))
        assert any(PUSHED in json.dumps(e) for e in events[answered:])


def test_a_second_tab_on_an_interviewees_link_is_refused(tmp_path: Path) -> None:
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    store = SessionStore(tmp_path)
    with _server(tmp_path) as (server, base), _browser() as browser:
        first = Window(browser)
        first.open(f"{base}/i/{token}")
        first.accept_notice()
        first.wait_for(FIRST_QUESTION)
        (app,) = _children(server.pid)

        second = Window(browser)
        second.open(f"{base}/i/{token}")
        second.page.wait_for_selector("body.-closed", timeout=10000)  # told at once, closed
        assert "already open in another window" in second.page.inner_text("#closed-reason")
        assert FIRST_QUESTION not in second.screen and NOTICE not in second.screen
        assert _children(server.pid) == [app]  # no second app, so no second writer
        assert store.session_ids() != [] and len(store.session_ids()) == 1

        first.type(ANSWER)  # the first window goes on as before
        (session_id,) = store.session_ids()
        _until(
            first.page,
            lambda: ANSWER in _transcript(store, session_id),
            "the first window's answer never reached the transcript",
        )
        assert [type(e) for e in store.events(session_id)].count(Started) == 1
        first.page.reload()  # a reload is the same window again, not another one
        first.wait_for("Welcome back")


def test_a_killed_server_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    store = SessionStore(tmp_path)
    with _browser() as browser:
        with _server(tmp_path) as (server, base):
            window = Window(browser)
            window.open(f"{base}/i/{token}")
            window.accept_notice()
            window.wait_for(FIRST_QUESTION)
            (session_id,) = store.session_ids()
            for answer in ANSWERS:  # each one on disk before the next is typed
                window.type(answer)
                _until(
                    window.page,
                    lambda answer=answer: answer in _transcript(store, session_id),
                    "an answer never reached the transcript",
                )
            apps = _children(server.pid)
            server.send_signal(signal.SIGKILL)  # no shutdown, no pause step
            server.wait()
            try:  # the app is ended with its server (serve.child), letting go of the session
                _until(
                    window.page,
                    lambda: not any(_alive(pid) for pid in apps),
                    "the app outlived its server",
                    10,
                )
            finally:
                for pid in apps:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
        transcript = _transcript(store, session_id)
        assert all(answer in transcript for answer in ANSWERS)
        assert not store.is_open(session_id)

        with _server(tmp_path) as (_, base):  # a new server: the same link resumes
            again = Window(browser)
            again.open(f"{base}/i/{token}")
            again.wait_for("Welcome back")  # accepted before: the notice is not asked again
            assert NOTICE not in again.screen
            assert store.session_ids() == [session_id]
            types = [TYPE_OF[type(e)] for e in store.events(session_id)]
            assert types.count("started") == 1 and "resumed" in types
            assert _transcript(store, session_id).startswith(transcript)  # nothing rewritten


def test_expired_and_revoked_links_are_the_same_404_as_a_bad_one(tmp_path: Path) -> None:
    past = InvitationStore(tmp_path, clock=lambda: time.time() - 3600)
    expired, _ = past.create_interviewee("executive", "Acme", "Dana", 60.0)
    invitations = InvitationStore(tmp_path)
    revoked, inv = invitations.create_interviewee("executive", "Acme", "Dana", None)
    invitations.revoke(inv.id)
    bad = "x" * len(expired)
    with _server(tmp_path) as (server, base), _browser() as browser:
        page = Window(browser).page
        bodies = []
        for token in (bad, expired, revoked):
            response = page.goto(f"{base}/i/{token}")
            assert response is not None and response.status == 404, token[:8]
            bodies.append(response.body())
        assert bodies[0] == bodies[1] == bodies[2] == b"Not found\n"
        assert _children(server.pid) == []
        assert SessionStore(tmp_path).session_ids() == []


def test_an_idle_window_is_paused(tmp_path: Path) -> None:
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    store = SessionStore(tmp_path)
    # six idle seconds: long enough for a loaded machine to paint the notice before they run out
    with _server(tmp_path, "--idle-minutes", "0.1") as (server, base), _browser() as browser:
        window = Window(browser)
        window.open(f"{base}/i/{token}")
        window.wait_for(NOTICE)  # idle on the notice: nothing but the pause is recorded
        (session_id,) = store.session_ids()
        (app,) = _children(server.pid)
        _until(window.page, lambda: not _alive(app), "the idle app was not ended", 30)
        _until(
            window.page,
            lambda: isinstance(store.events(session_id)[-1], Paused),
            "the idle interview was not recorded as paused",
            10,
        )  # the server's writer lets go a moment after its last event
        _until(window.page, lambda: not store.is_open(session_id), "the session is held", 5)
        assert _children(server.pid) == []
        window.page.wait_for_selector("body.-closed .closed", timeout=5000)


def test_the_browser_safe_keys_reach_the_app(tmp_path: Path) -> None:
    """ctrl+e (change an answer), f9 (commands) and ctrl+o (pause and leave) get through the
    browser and xterm.js to the app, where f5, ctrl+p and ctrl+q would not."""
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    store = SessionStore(tmp_path)
    with _server(tmp_path) as (_, base), _browser() as browser:
        window = Window(browser)
        window.open(f"{base}/i/{token}")
        window.accept_notice()
        window.wait_for(FIRST_QUESTION)
        window.type(ANSWER)
        (session_id,) = store.session_ids()
        _until(window.page, lambda: ANSWER in _transcript(store, session_id), "no answer")
        window.page.keyboard.press("Control+e")
        window.wait_for("Change an earlier answer", 5)
        window.page.keyboard.press("Escape")
        window.page.wait_for_timeout(300)  # the history closes before the next key
        window.page.keyboard.press("F9")
        window.wait_for("Search", 5)  # the command palette
        window.page.keyboard.press("Escape")
        window.page.wait_for_timeout(300)
        window.page.keyboard.press("Control+o")
        _until(
            window.page,
            lambda: isinstance(store.events(session_id)[-1], Paused),
            "ctrl+o did not pause and leave",
            seconds=8,
        )


def test_a_typed_command_on_an_indicator_is_a_command_not_an_answer(tmp_path: Path) -> None:
    """On an indicator y answers "yes": /why typed in the page runs /why and records nothing."""
    from conftest import persona

    from interviewer.engine.explain import explain_step
    from interviewer.session.runner import SessionRunner

    invitations = InvitationStore(tmp_path)
    token, _ = invitations.create_interviewee("executive", "Acme", "Dana", None)
    store = SessionStore(tmp_path)
    opened = open_link(invitations, token, store)
    assert opened is not None
    runner = SessionRunner.resume(store, opened[1])  # the questions before the first indicator
    runner.opening()
    runner.answer_consent(True)
    answer = persona("yes", 2)
    while (ask := runner.interview.ask()) is not None and ask.step.kind != "indicator":
        runner.handle(answer(ask))
    assert ask is not None
    why = explain_step(runner.interview).splitlines()[0][:40]
    runner.close()
    with _server(tmp_path) as (_, base), _browser() as browser:
        window = Window(browser)
        window.open(f"{base}/i/{token}")
        window.wait_for("Welcome back")
        window.type("/why")
        window.wait_for(why)
        answered = [e for e in store.events(opened[1]) if isinstance(e, Answer)]
        assert all(e.step != ask.step.id for e in answered)
