"""The home screen's session lists: refreshed every 2 s without losing the user's place."""

from __future__ import annotations

from conftest import MINI
from textual.widgets import OptionList

from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.home.screen import HomeScreen


def paused_session(store: SessionStore, who: str) -> str:
    runner = SessionRunner.start(store, "short", "Acme", who, str(MINI))
    runner.opening()
    runner.handle("1")
    runner.pause()
    runner.close()
    return runner.session_id


async def test_the_highlighted_session_stays_while_nothing_changes(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    ids = [paused_session(store, who) for who in ("Ada", "Bob", "Cy")]
    app = InterviewerApp(store, str(MINI))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        paused = screen.query_one("#paused-list", OptionList)
        assert sorted((paused.get_option_at_index(i).id for i in range(3)), key=str) == sorted(ids)
        paused.focus()
        await pilot.press("end")  # the last row: not where a rebuilt list would start
        await pilot.pause()
        chosen = paused.highlighted_option
        assert chosen is not None and paused.highlighted == 2
        first = paused.get_option_at_index(0)
        await pilot.pause(2.3)  # the 2 s refresh runs at least once
        assert paused.highlighted == 2 and paused.highlighted_option is chosen
        assert paused.get_option_at_index(0) is first  # not rebuilt: nothing changed
        await pilot.press("enter")  # and the key still opens the session highlighted
        await pilot.pause()
        assert app.runner is not None and app.runner.session_id == chosen.id


async def test_when_the_sessions_change_the_same_session_stays_highlighted(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    for who in ("Ada", "Bob"):
        paused_session(store, who)
    app = InterviewerApp(store, str(MINI))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        paused = screen.query_one("#paused-list", OptionList)
        paused.focus()
        await pilot.press("down")
        await pilot.pause()
        chosen = paused.highlighted_option
        assert chosen is not None and chosen.id
        for who in ("Cy", "Dee", "Eve"):
            paused_session(store, who)
        screen.refresh_sessions()  # what the 2 s timer does
        await pilot.pause()
        assert paused.option_count == 5  # rebuilt with the new sessions...
        highlighted = paused.highlighted_option
        assert highlighted is not None and highlighted.id == chosen.id  # ...same session


async def test_home_opens_on_the_first_track_in_view_and_tab_highlights_a_session(tmp_path):
    from interviewer.script import load_script

    store = SessionStore(tmp_path / "sessions")
    paused_session(store, "Ada")
    app = InterviewerApp(store)  # the built-in script: executive first, the full track last
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        tracks = screen.query_one("#track-list", OptionList)
        first = next(iter(load_script(None).tracks))
        chosen = tracks.highlighted_option
        assert tracks.highlighted == 0 and chosen is not None and chosen.id == first
        assert app.focused is tracks
        column = screen.query_one("#new-interview")
        assert column.scroll_offset.y == 0 and tracks.scroll_offset.y == 0
        while app.focused is not None and app.focused.id != "paused-list":
            await pilot.press("tab")
        paused = screen.query_one("#paused-list", OptionList)
        assert paused.highlighted == 0 and paused.highlighted_option is not None
