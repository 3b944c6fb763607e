"""Selecting text in the chat with the mouse and copying it with ctrl+c."""

from __future__ import annotations

from conftest import MINI
from test_tui import conversation
from textual.geometry import Offset
from textual.pilot import Pilot
from textual.selection import Selection
from textual.widget import Widget

from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.answer_area import AnswerText
from interviewer.tui.conversation.chat import ChatLog


def start_app(store: SessionStore) -> InterviewerApp:
    return InterviewerApp(store, str(MINI), start=("short", "Acme", "Ada"))


async def drag(
    pilot: Pilot[str | None], widget: Widget, start: tuple[int, int], end: tuple[int, int]
) -> None:
    """Press the mouse at `start`, move it to `end` and let go there, as a user drags."""
    await pilot.mouse_down(widget, offset=start)
    await pilot.hover(widget, offset=end)
    await pilot.mouse_up(widget, offset=end)
    await pilot.pause()


def shown_rows(chat: ChatLog) -> list[str]:
    """The chat's rows as painted on screen (margin and thumb column included)."""
    chat.render_lines(chat.size.region)
    return [chat.render_line(y).text for y in range(chat.size.height)]


async def test_drag_selecting_chat_lines_and_ctrl_c_copies_them_and_the_app_keeps_running(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        chat = app.screen.query_one(ChatLog)
        rows = shown_rows(chat)
        assert rows[1].strip() == "▌ Interviewer"
        assert rows[2].strip() == "▌ A short test interview."
        # from the left edge of the first row to past the end of the second
        await drag(pilot, chat, (0, 1), (60, 2))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        assert app.clipboard == "▌ Interviewer\n▌ A short test interview."
        assert app.runner is not None and app.runner.interview.asking == "role"  # still asking


async def test_the_selection_is_highlighted_and_a_partial_selection_copies_the_part(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        chat = app.screen.query_one(ChatLog)
        # "A short" on the second line: the characters under columns 3..9 of the line
        await drag(pilot, chat, (3, 2), (9, 2))
        assert chat.text_selection is not None
        selected = app.screen.get_component_rich_style("screen--selection")
        chat.render_lines(chat.size.region)
        marked = "".join(
            seg.text
            for seg in chat.render_line(2)
            if seg.style and seg.style.bgcolor == selected.bgcolor
        )
        assert marked == "A short"
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == "A short"
        assert app.is_running


async def test_copy_while_typing_an_answer_copies_the_chat_and_never_the_thumb(store):
    from test_tui import answer_text, to_the_first_text_question

    app = start_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        chat = app.screen.query_one(ChatLog)
        await to_the_first_text_question(pilot)
        for _ in range(3):
            await answer_text(pilot, "/help")  # the chat grows; the open question stays
        assert isinstance(app.focused, AnswerText)  # ctrl+c reaches the text area first
        assert chat.max_scroll_y > 0  # scrolled: rows and chat lines differ
        rows = shown_rows(chat)
        assert any(row.endswith("┃") for row in rows)  # the thumb is drawn...
        top = chat.scroll_offset.y
        await drag(pilot, chat, (0, 0), (chat.size.width - 1, 3))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        expected = "\n".join(row[1:-2].rstrip() for row in rows[:4])  # no margin, no thumb
        assert app.clipboard == expected
        assert "┃" not in app.clipboard  # ...but never copied
        assert app.clipboard.splitlines() == chat.plain_text.splitlines()[top : top + 4]


async def test_a_drag_that_ends_on_an_answer_selects_and_does_not_start_a_change(store):
    app = start_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        chat = app.screen.query_one(ChatLog)
        answer = next(e for e in chat.entries if e.role == "you")
        line = chat.line_of(answer) + 2  # the answer's text, under its label
        await drag(pilot, chat, (0, line - 1), (20, line))
        assert conversation(app).revising is None
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard.splitlines()[-1].strip() == "▌ Engineer"
        # a plain click on the same answer still starts changing it
        await pilot.click(chat, offset=(10, line))
        await pilot.pause()
        assert conversation(app).revising == "role"


async def test_a_selection_set_through_the_api_is_copied(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        chat = app.screen.query_one(ChatLog)
        app.screen.selections = {chat: Selection(Offset(2, 2), Offset(7, 2))}
        await pilot.pause()
        assert app.screen.get_selected_text() == "A sho"
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == "A sho" and app.is_running
        app.screen.selections = {chat: Selection(None, None)}  # select all (double click's)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == chat.plain_text.rstrip("\n")
        assert app.clipboard.startswith("\n▌ Interviewer\n▌ A short test interview.")


async def test_the_facilitator_can_copy_from_the_transcript(tmp_path):
    from test_shadow_app import interviewee, transcript_text, wait_for

    from interviewer.tui.shadow.app import ShadowApp

    store, runner = interviewee(tmp_path)
    runner.handle("1")
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "Engineer" in transcript_text(app))
        chat = app.screen.query_one(ChatLog)
        answer = next(e for e in chat.entries if e.role == "you")
        line = chat.line_of(answer) + 2
        await drag(pilot, chat, (0, line), (40, line))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        assert app.clipboard.strip() == "▌ Engineer"
    runner.close()
