"""After a rejected answer the question stays in view and the rejected text is selected, so
typing replaces it; f1 gives the app's own keys."""

from __future__ import annotations

from test_tui import answer_text, asking, start_app, to_the_first_text_question, type_text
from textual.widgets import Input

from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.answer_area import AnswerText
from interviewer.tui.conversation.chat import ChatLog


def question_in_view(app: InterviewerApp) -> bool:
    chat = app.screen.query_one(ChatLog)
    entry = next(e for e in reversed(chat.entries) if e.role == "interviewer")
    start = chat.line_of(entry)
    end = start + len(chat.block_of(entry))
    top, height = chat.scroll_offset.y, chat.scrollable_content_region.height
    return start + 1 >= top and end <= top + height  # label and body (the blank line above)


async def test_a_rejected_number_keeps_the_question_in_view_and_selects_the_text(store):
    app = start_app(store)
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await type_text(pilot, "lots")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert asking(app) == "models"
        assert question_in_view(app)
        field = app.screen.query_one("#answer-number", Input)
        assert field.value == "lots" and field.selected_text == "lots"
        await type_text(pilot, "12")  # typing replaces the rejected text
        assert field.value == "12"


async def test_a_rejected_text_answer_keeps_the_question_in_view_and_selects_it(store):
    app = start_app(store)
    async with app.run_test(size=(80, 14)) as pilot:
        await to_the_first_text_question(pilot)
        step = asking(app)
        await answer_text(pilot, "   ")  # nothing said: rejected
        await pilot.pause()
        assert asking(app) == step
        assert question_in_view(app)
        area = app.screen.query_one("#answer-text", AnswerText)
        assert area.selected_text == area.text == "   "
        await type_text(pilot, "ok")
        assert area.text == "ok"


async def test_a_question_taller_than_the_chat_shows_its_start(store):
    app = start_app(store)
    async with app.run_test(size=(80, 14)) as pilot:
        chat = app.screen.query_one(ChatLog)
        entry = chat.last_question()
        assert entry is not None
        chat.scroll_to(y=0, animate=False)
        await pilot.pause()
        chat.keep_in_view(entry)
        await pilot.pause()
        assert chat.scroll_offset.y <= chat.line_of(entry) + 1
        assert chat.scroll_offset.y + chat.scrollable_content_region.height >= chat.line_of(
            entry
        ) + len(chat.block_of(entry))


async def test_f1_help_gives_the_apps_keys_as_plain_text(store):
    from test_tui import chat_text

    from interviewer.engine.explain import help_text

    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = chat_text(app)
        assert "`" not in text and help_text() not in text
        for key in ("y yes", "m mostly", "p partly", "n no", "d don't know", "a not applicable"):
            assert key in text
        for key in ("ctrl+e", "(f2)", "(f3)", "(f4)", "(f5)", "(f6)", "ctrl+q", "ctrl+j"):
            assert key in text
        assert "ctrl+g (panel), ctrl+o (pause and leave), f9 (command palette)" in text
    web = start_app(SessionStore(store.root.parent / "web"), web_keys=True)
    async with web.run_test(size=(100, 32)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = chat_text(web)
        assert "(ctrl+g)" in text and "(ctrl+o)" in text and "(f9)" in text
        assert "(f5)" not in text


def test_plain_mode_keeps_its_help():
    from interviewer.engine.explain import help_text

    assert "/back" in help_text() and "`interviewer resume ID`" in help_text()
