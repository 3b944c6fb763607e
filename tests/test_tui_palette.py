"""The command palette: our pause-and-quit in place of Textual's Quit, a Status entry, and a
Screenshot that saves, private, in ~/Downloads or else in the session's own folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from conftest import runner_of
from test_tui import chat_text, start_app
from textual.app import SystemCommand
from textual.pilot import Pilot

from interviewer.store import list_sessions
from interviewer.tui.app import InterviewerApp


def commands(app: InterviewerApp) -> dict[str, SystemCommand]:
    return {c.title: c for c in app.get_system_commands(app.screen)}


async def test_the_palette_pauses_instead_of_quitting_and_has_status(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        found = commands(app)
        assert "Quit" not in found and "Pause and quit" in found
        assert not any("as soon as possible" in c.help for c in found.values())
        found["Status"].callback()
        await pilot.pause()
        assert "Track: Short" in chat_text(app)
        found["Pause and quit"].callback()
        await pilot.pause()
    assert list_sessions(store)[0].status == "paused"


async def _screenshot(
    app: InterviewerApp, pilot: Pilot[str | None], folder: Path, count: int = 1
) -> list[Path]:
    """Take one from the palette and wait until `folder` holds `count`."""
    commands(app)["Screenshot"].callback()
    for _ in range(50):
        await pilot.pause(0.1)
        if len(list(folder.glob("screenshot-*.svg"))) >= count:
            break
    return sorted(folder.glob("screenshot-*.svg"))


async def test_screenshot_without_downloads_is_the_sessions_and_goes_with_it(
    store, tmp_path, monkeypatch
):
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))  # no Downloads
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        sid = runner_of(app).session_id
        folder = store.ref(sid).folder
        assert app.screenshot_folder() == folder
        saved = await _screenshot(app, pilot, folder)
        assert len(saved) == 1 and saved[0].read_text().startswith("<svg")
        assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
        again = await _screenshot(app, pilot, folder, 2)  # never over the first one
        assert len(again) == 2 and saved[0] in again
        runner_of(app).pause()
    assert list(Path(store.root).glob("*.svg")) == []  # never loose in the sessions folder
    from interviewer.store.deletion import delete_session

    delete_session(store, sid, "kim")
    assert not folder.exists() and list(Path(store.root).rglob("*.svg")) == []


async def test_screenshot_goes_to_downloads_when_there_is_one_private(store, tmp_path, monkeypatch):
    downloads = tmp_path / "home" / "Downloads"
    downloads.mkdir(parents=True)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    old = os.umask(0o022)
    try:
        app = start_app(store)
        async with app.run_test(size=(100, 32)) as pilot:
            saved = await _screenshot(app, pilot, downloads)
    finally:
        os.umask(old)
    assert len(saved) == 1 and stat.S_IMODE(saved[0].stat().st_mode) == 0o600


def test_self_rating_asks_for_a_choice_not_for_text():
    """A 1-5 rating is a choice: nowhere to "tell me what's missing"."""
    from interviewer.script import load_script
    from interviewer.script.texts import DEFAULT_TEMPLATES

    script = load_script(None)
    ratings = [
        step
        for track in script.tracks.values()
        for step in track.index.values()
        if step.purpose == "self_rating"
    ]
    assert ratings and all(step.kind == "scale" for step in ratings)
    for text in [step.text for step in ratings] + [DEFAULT_TEMPLATES["self_rating"]]:
        assert "tell me" not in text and "pick the lower one" in text


async def test_each_palette_entry_does_what_its_typed_command_does(store):
    """Why, skip, change an earlier answer (revise), theme and pause from the palette, each
    doing what /why, /skip, /change, /theme and /pause do; Textual's theme list, which offers
    themes too faint to read, is not offered."""
    from test_tui import asking

    from interviewer.tui.conversation.history import HistoryScreen
    from interviewer.tui.themes import DARK, LIGHT

    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        found = commands(app)
        assert "Theme" not in found
        found["Why this question?"].callback()
        await pilot.pause()
        assert "part of the interview script" in chat_text(app).split("What is your role?")[-1]
        found["Skip this question"].callback()
        await pilot.pause()
        assert asking(app) == "models" and runner_of(app).interview.answers["role"] is None
        commands(app)["Change an earlier answer"].callback()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == DARK
        commands(app)["Theme: light or dark"].callback()
        await pilot.pause()
        assert app.theme == LIGHT
        commands(app)["Pause the interview"].callback()
        await pilot.pause()
    assert list_sessions(store)[0].status == "paused"


async def test_the_palette_is_searched_and_runs_the_entry(store):
    from test_tui import asking

    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"skip this")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert asking(app) == "models"
