"""The command palette: our pause-and-quit in place of Textual's Quit, a Status entry, and a
Screenshot that saves when ~/Downloads is missing."""

from __future__ import annotations

from pathlib import Path

from test_tui import chat_text, start_app

from interviewer.store import list_sessions


def commands(app) -> dict:
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


async def test_screenshot_saves_in_the_sessions_folder_without_downloads(
    store, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/Downloads
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        assert app.screenshot_folder() == Path(store.root)
        commands(app)["Screenshot"].callback()
        for _ in range(20):
            await pilot.pause(0.1)
            if list(Path(store.root).glob("*.svg")):
                break
        assert list(Path(store.root).glob("*.svg"))


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
        assert asking(app) == "models" and app.runner.interview.answers["role"] is None
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
