"""Snapshots of the key screens (pytest-textual-snapshot).

Regenerate after a deliberate change to the look: `python -m pytest tests/test_snapshots.py
--snapshot-update`, then look at the SVGs in tests/__snapshots__/test_snapshots/ (a browser
shows them) before committing them.

Deterministic by construction: session ids come from a counter, the clock of every session
written here is fixed, file times are set, the local time zone is UTC, and the text cursors do
not blink.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterator

import pytest
from conftest import MINI, runner_of
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from interviewer.engine.interview import Interview
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore, session_file
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.answer_area import AnswerText
from interviewer.tui.shadow.app import ShadowApp

NOON = 1_767_268_800.0  # 2026-01-01 12:00 UTC
Drive = Callable[[Pilot], Awaitable[None]]


@pytest.fixture(autouse=True)
def fixed_world(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Session ids from a counter and UTC local time: nothing on screen depends on when or
    where the tests run."""
    ids = (f"20260101-1200-{n:06x}" for n in range(1, 1000))
    monkeypatch.setattr(session_file, "new_session_id", lambda now=None: next(ids))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def session(store: SessionStore, who: str, answers: list[str]) -> SessionRunner:
    """A session written at a fixed time, still open (the caller pauses or closes it)."""
    runner = SessionRunner.start(store, "short", "Acme", who, str(MINI), clock=lambda: NOON)
    runner.opening()
    for answer in answers:
        runner.handle(answer)
    return runner


def settle_times(store: SessionStore, runner: SessionRunner) -> None:
    """The session's files dated at the fixed time too (the home screen shows the last)."""
    os.utime(store.ref(runner.session_id).transcript, (NOON, NOON))


async def steady(pilot: Pilot) -> None:
    """No blinking cursor, nothing left to lay out."""
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await pilot.pause()


def interview_of(pilot: Pilot) -> Interview:
    """The interview the conversation app runs."""
    assert isinstance(pilot.app, InterviewerApp)
    return runner_of(pilot.app).interview


async def type_answer(pilot: Pilot, text: str) -> None:
    pilot.app.screen.query_one("#answer-text", AnswerText).text = text
    await pilot.press("enter")
    await pilot.pause()


# The short test track: role (choice), models and budget (numbers), then Deployment: how
# (text), self-rating (scale), indicators, pains (several choices).
TO = {
    "choice": [],
    "number": ["1"],
    "text": ["1", "3", "enter", "2", "enter"],
}


async def to_kind(pilot: Pilot, kind: str) -> None:
    await pilot.pause()
    if kind in TO:
        await pilot.press(*TO[kind])
    else:
        await pilot.press(*TO["text"])
        await pilot.pause()
        await type_answer(pilot, "By hand: a script on a laptop, then we check it by hand.")
        keys = {"scale": [], "indicator": ["1"], "multi": ["1", "n", "n", "n", "n"]}[kind]
        await pilot.press(*keys)
    if kind == "text":
        await pilot.pause()
        area = pilot.app.screen.query_one("#answer-text", AnswerText)
        area.text = "We deploy with a script"
        area.move_cursor(area.document.end)
    if kind == "multi":
        await pilot.press("2")  # one ticked
    await steady(pilot)


def conversation(store: SessionStore, web_keys: bool = False) -> InterviewerApp:
    return InterviewerApp(store, str(MINI), start=("short", "Acme", "Ada"), web_keys=web_keys)


def test_home_screen(snap_compare, store):
    paused = session(store, "Ada", ["1", "12"])
    paused.pause()
    paused.close()
    settle_times(store, paused)
    live = session(store, "Bob", ["2"])  # open in its own window: listed as live
    settle_times(store, live)
    try:
        app = InterviewerApp(store, str(MINI))
        assert snap_compare(app, terminal_size=(120, 40), run_before=steady)
    finally:
        live.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_conversation(snap_compare, store, size):
    async def run_before(pilot: Pilot) -> None:
        await to_kind(pilot, "indicator")
        await pilot.press("y")

    assert snap_compare(conversation(store), terminal_size=size, run_before=run_before)


def test_conversation_in_a_browser(snap_compare, store):
    """Under the web driver the key bar shows the keys the browser leaves alone."""

    async def run_before(pilot: Pilot) -> None:
        await to_kind(pilot, "indicator")
        await pilot.press("y")

    app = conversation(store, web_keys=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("kind", ["text", "choice", "multi", "scale", "number", "indicator"])
def test_answer_area(snap_compare, store, kind):
    async def run_before(pilot: Pilot) -> None:
        await to_kind(pilot, kind)
        iv = interview_of(pilot)
        assert iv.asking is not None and iv.track.index[iv.asking].kind == kind

    assert snap_compare(conversation(store), terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_command_field_on_an_indicator(snap_compare, store, theme):
    """A / on a question answered with keys opens the command field under the options."""

    async def run_before(pilot: Pilot) -> None:
        await to_kind(pilot, "indicator")
        if theme == "light":
            await pilot.press("f6")
        await pilot.press(*"/wh")
        await steady(pilot)

    assert snap_compare(conversation(store), terminal_size=(80, 24), run_before=run_before)


def test_summary_screen(snap_compare, store):
    async def run_before(pilot: Pilot) -> None:
        await to_kind(pilot, "multi")
        await pilot.press("enter")
        iv = interview_of(pilot)
        while iv.asking is not None:
            kind = iv.track.index[iv.asking].kind
            if kind == "text":
                await type_answer(pilot, "Alerts go to a shared channel that someone reads")
            else:
                await pilot.press({"indicator": "p", "multi": "1"}.get(kind, "2"))
                if kind == "multi":
                    await pilot.press("enter")
            await pilot.pause()
        await steady(pilot)

    assert snap_compare(conversation(store), terminal_size=(100, 40), run_before=run_before)


def test_shadow_app(snap_compare, store):
    """First open: following, the interviewee named, the newest answer selected, and the
    question on the interviewee's screen under the transcript."""
    runner = session(
        store, "Ada", ["1", "4", "3", "We deploy by hand, it is firefighting", "2", "y"]
    )
    runner.close()
    settle_times(store, runner)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause(0.2)  # a few polls of the session files
        await steady(pilot)

    app = ShadowApp(store, runner.session_id, "alex")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_shadow_app_with_a_note_on_an_earlier_turn(snap_compare, store):
    """An earlier answer selected (marked in words, not only in colour) and a note begun on
    it: the input says which turn it goes on."""
    runner = session(
        store, "Ada", ["1", "4", "3", "We deploy by hand, it is firefighting", "2", "y"]
    )
    runner.close()
    settle_times(store, runner)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause(0.2)
        await pilot.press("up", "up")
        await pilot.press(*"hand deploys #quote")
        await steady(pilot)

    app = ShadowApp(store, runner.session_id, "alex")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
