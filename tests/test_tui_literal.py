"""Script strings, answers and notes are shown as typed on every screen: `[/]` and `[bold]` are
not markup (a `[/]` used to raise MarkupError in the maturity panel) and an escape character
shows as ␛ instead of reaching the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest
from conftest import MINI
from textual.widget import Widget
from textual.widgets import OptionList, Static

from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.chat import ChatLog
from interviewer.tui.conversation.status_bar import StatusBar
from interviewer.tui.summary.screen import SummaryScreen

HOSTILE = "[/] [bold]x\x1b[31m"  # as the script says it
SHOWN = "[/] [bold]x␛[31m"  # as it must appear


@pytest.fixture
def hostile_script(tmp_path: Path) -> Path:
    """The test script with a markup-like, escape-carrying dimension name, option label and
    track title (YAML's "\\e" is the escape character)."""
    raw = r"[/] [bold]x\e[31m"
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("name: Deployment", f'name: "Deploy {raw}"')
    text = text.replace("label: Engineer}", f'label: "Engineer {raw}"}}')
    text = text.replace("    title: Short\n", f'    title: "Short {raw}"\n')
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def shown(widget: Widget) -> str:
    """What a widget draws, as text (rendering it: markup errors surface here)."""
    return str(widget.render())


def assert_literal(text: str, expected: str) -> None:
    assert expected in text
    assert "\x1b" not in text


async def test_names_labels_and_notes_are_literal_in_the_conversation_and_summary(
    tmp_path, hostile_script
):
    store = SessionStore(tmp_path / "sessions")
    app = InterviewerApp(store, str(hostile_script), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        choice = app.screen.query_one("#answer-choice", OptionList)
        assert_literal(str(choice.get_option_at_index(0).prompt), f"1. Engineer {SHOWN}")
        await pilot.press("1")  # the engineer: the label is the answer shown in the chat
        await pilot.pause()
        await pilot.press("3", "enter")  # models
        await pilot.press("2", "enter")  # budget
        await pilot.pause()
        chat = app.screen.query_one(ChatLog)
        assert_literal(chat.plain_text, f"Engineer {SHOWN}")
        assert_literal(shown(app.screen.query_one(StatusBar)), f"Deploy {SHOWN} · open questions")
        from test_tui import answer_text

        await answer_text(pilot, "By hand, it took weeks")
        await pilot.press("2")  # self-rating
        await pilot.press("y", "p")  # indicators: the panel now shows the dimension
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"[bold]n[/]", "enter")  # a not-applicable reason with markup
        await pilot.pause()
        assert app.runner is not None
        panel = app.screen.query_one("#profile", Static)
        assert panel.display
        assert_literal(shown(panel), f"Deploy {SHOWN}")
        assert_literal(chat.plain_text, "[bold]n[/]")
        iv = app.runner.interview
        while iv.asking is not None:
            kind = iv.track.index[iv.asking].kind
            keys = {"indicator": ["n"], "multi": ["1", "enter"], "text": None}.get(kind, ["1"])
            if keys is None:
                await answer_text(pilot, "Alerts go to a channel")
            else:
                await pilot.press(*keys)
            await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        for widget_id in ("#summary-chart", "#summary-confidence"):
            assert_literal(shown(app.screen.query_one(widget_id, Static)), f"Deploy {SHOWN}")
        title = shown(app.screen.query_one(".panel-title", Static))
        assert_literal(title, f"Short {SHOWN}")
        assert app.is_running


async def test_the_home_screen_and_the_history_show_script_text_literally(tmp_path, hostile_script):
    store = SessionStore(tmp_path / "sessions")
    app = InterviewerApp(store, str(hostile_script))
    async with app.run_test(size=(120, 40)) as pilot:
        tracks = app.screen.query_one("#track-list", OptionList)
        prompt = str(tracks.get_option_at_index(0).prompt)
        assert_literal(prompt, f"Short {SHOWN}")
        assert_literal(prompt, f"Covers: Deploy {SHOWN}")
        await pilot.click("#start")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("ctrl+e")  # the history of answers
        await pilot.pause()
        history = app.screen.query_one("#history-list", OptionList)
        assert_literal(str(history.get_option_at_index(0).prompt), f"→ Engineer {SHOWN}")


async def test_a_failure_notice_is_literal(tmp_path):
    """A session that can't be opened from the home screen is a notice, shown as typed."""
    store = SessionStore(tmp_path / "sessions")
    app = InterviewerApp(store, str(MINI))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:

        def fail() -> NoReturn:
            raise OSError(f"cannot open {HOSTILE}")

        app.open_session(fail)
        await pilot.pause()
        toasts = app.screen.query("Toast")  # Textual's notification widget
        assert toasts
        assert_literal(shown(toasts.last()), f"cannot open {SHOWN}")
        assert app.is_running


async def test_the_facilitator_view_refusing_a_session_says_so_literally(tmp_path):
    """Following a session that can't be opened is a notice on the home screen."""
    from interviewer.tui.home.messages import ShadowRequested
    from interviewer.tui.home.screen import HomeScreen

    store = SessionStore(tmp_path / "sessions")
    app = InterviewerApp(store, str(MINI))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.post_message(ShadowRequested(f"no-such-session {HOSTILE}"))
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # back where it was
        toasts = app.screen.query("Toast")
        assert toasts
        assert "\x1b" not in shown(toasts.last())
        assert "[/] [bold]" in shown(toasts.last())
        assert app.is_running
