"""The app in a browser: every action has a key the browser leaves alone, a typed command and a
clickable key-bar entry; under the web driver the key bar shows the safe keys.

`web_keys=True` is the apps' own switch for what `App.is_web` says under the web driver."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MINI, runner_of
from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot

from interviewer.store import SessionStore, list_sessions
from interviewer.tui.app import InterviewerApp
from interviewer.tui.browser import BROWSER_TAKEN
from interviewer.tui.conversation.chat import ChatLog
from interviewer.tui.conversation.history import HistoryScreen
from interviewer.tui.key_bar import SHORT, Entry, KeyBar
from interviewer.tui.shadow.app import ShadowApp, ShadowScreen


def start_app(store: SessionStore, **kw: Any) -> InterviewerApp:
    return InterviewerApp(store, str(MINI), start=("short", "Acme", "Ada"), **kw)


def bar(app: App[str | None]) -> dict[str, Entry]:
    """The entries by description, also by the full one of an entry shortened to fit."""
    entries = app.screen.query_one(KeyBar).entries()
    full = {short: long for long, short in SHORT.items()}
    return {e.description: e for e in entries} | {
        full[e.description]: e for e in entries if e.description in full
    }


async def click(pilot: Pilot[str | None], description: str) -> None:
    entry = bar(pilot.app)[description]
    await pilot.click(KeyBar, offset=(entry.start + 1, 0))
    await pilot.pause()


def panel_shown(app: App[str | None]) -> bool:
    panels = app.screen.query("#profile")
    return bool(panels) and panels.first().display


def chat_text(app: App[str | None]) -> str:
    return "\n".join(e.text for e in app.screen.query_one(ChatLog).entries)


async def type_command(pilot: Pilot[str | None], command: str) -> None:
    await pilot.press("2")  # the short track: a role choice, then a number to type into
    await pilot.pause()
    await pilot.press(*command)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("web", [False, True])
async def test_clicking_the_key_bar_runs_each_action(store, web):
    app = start_app(store, web_keys=web)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not panel_shown(app)
        await click(pilot, "Profile")
        assert panel_shown(app)
        await click(pilot, "Profile")
        assert not panel_shown(app)
        theme = app.theme
        await click(pilot, "Light/dark")
        assert app.theme != theme
        await click(pilot, "Why?")
        assert "part of the interview script" in chat_text(app) or "role" in chat_text(app)
        await click(pilot, "Help")
        assert "/panel" in chat_text(app)
        await pilot.press("1")  # an answer to change
        await pilot.pause()
        await click(pilot, "Change an answer")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        if web:
            await click(pilot, "Commands")
            assert isinstance(app.screen, CommandPalette)
            await pilot.press("escape")
            await pilot.pause()
        sid = runner_of(app).session_id
        await click(pilot, "Quit")
    assert app.return_value and f"resume {sid}" in app.return_value
    assert list_sessions(store)[0].status == "paused"


async def test_clicking_pause_in_the_key_bar_pauses(store):
    app = start_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await click(pilot, "Pause")
    assert app.return_value and "Paused" in app.return_value
    assert list_sessions(store)[0].status == "paused"


async def test_the_browser_safe_keys_work(store):
    app = start_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert panel_shown(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not panel_shown(app)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
    assert app.return_value and "Paused" in app.return_value
    assert list_sessions(store)[0].status == "paused"


async def test_window_commands_typed_in_the_answer(store):
    app = start_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_command(pilot, "/panel")
        assert panel_shown(app)
        assert runner_of(app).interview.asking == "budget"  # nothing was answered
        assert "Unknown command" not in chat_text(app)
        theme = app.theme
        await pilot.press(*"/theme", "enter")
        await pilot.pause()
        assert app.theme != theme
        await pilot.press(*"/change", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(*"/quit", "enter")
        await pilot.pause()
    assert app.return_value and "Paused" in app.return_value
    assert list_sessions(store)[0].status == "paused"


async def test_a_terminal_key_bar_is_as_before(store):
    app = start_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        keys = {e.description: e.bound for e in bar(app).values()}
        assert keys["Profile"] == "f5" and keys["Quit"] == "ctrl+q"
        assert "Commands" not in keys


async def test_the_key_bar_in_a_browser_shows_the_safe_keys(store):
    app = start_app(store, web_keys=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        keys = {e.description: e.bound for e in bar(app).values()}
        assert keys["Profile"] == "ctrl+g"
        assert keys["Quit"] == "ctrl+o"
        assert keys["Commands"] == "f9"
        assert not set(keys.values()) & BROWSER_TAKEN
        await pilot.press("f1")
        await pilot.pause()
        assert "In the browser, f5, ctrl+q and ctrl+p belong to the browser" in chat_text(app)


async def test_the_home_screen_in_a_browser(store):
    app = InterviewerApp(store, str(MINI), web_keys=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = {e.description: e.bound for e in bar(app).values()}
        assert keys["Quit"] == "ctrl+o" and not set(keys.values()) & BROWSER_TAKEN
        await click(pilot, "Quit")
    assert app.return_code == 0


async def test_the_shadow_app_in_a_browser(store):
    app = start_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")  # two answers to choose between
        await pilot.pause()
        await pilot.press("5", "enter")
        await pilot.pause()
        assert len(runner_of(app).interview.transcript) == 2
        sid = runner_of(app).session_id
        shadow = ShadowApp(store, sid, "alex", web_keys=True)
        async with shadow.run_test(size=(120, 40)) as spilot:
            await spilot.pause()
            screen = shadow.screen
            assert isinstance(screen, ShadowScreen)
            first, last = [t.event_index for t in runner_of(app).interview.transcript]
            assert screen.selected == last
            await spilot.press("up")
            await spilot.pause()
            assert screen.selected == first
            await spilot.press("down")
            await spilot.pause()
            assert screen.selected == last
            keys = {e.description: e.bound for e in bar(shadow).values()}
            assert keys["Earlier turn"] == "up" and keys["Later turn"] == "down"
            assert keys["Quit"] == "ctrl+o" and not set(keys.values()) & BROWSER_TAKEN
            theme = shadow.theme
            await click(spilot, "Light/dark")
            assert shadow.theme != theme
            await click(spilot, "Quit")
        assert shadow.return_code == 0


async def test_the_command_palette_quit_pauses_too(store):
    app = start_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press(*"quit")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value and "Paused" in app.return_value
    assert list_sessions(store)[0].status == "paused"
