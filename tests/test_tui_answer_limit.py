"""The one answer limit in the app: a paste that would make an answer longer than MAX_ANSWER
is refused before it is inserted, with the size and the limit said under the answer area; what
was typed stays and nothing is recorded. Typing past the limit is stopped the same way."""

from __future__ import annotations

import pytest
from test_tui_commands import answers, error_line, on
from textual import events
from textual.widgets import Input

from interviewer.engine.answers import MAX_ANSWER
from interviewer.store import SessionStore
from interviewer.tui.conversation.answer_area import AnswerArea, AnswerText
from interviewer.tui.conversation.command_field import CommandField

MEGABYTE = "x" * 1_048_576
WIDGETS = {  # kind of question: the widget the paste goes into, what is typed there first
    "text": ("#answer-text", "We deploy"),
    "number": ("#answer-number", "12"),
    "indicator": ("#answer-command", "/wh"),  # the command field, opened by the /
    "na-reason": ("#na-reason", "batch"),
}


def typed(widget: Input | AnswerText) -> str:
    return widget.text if isinstance(widget, AnswerText) else widget.value


@pytest.mark.parametrize("kind", list(WIDGETS))
async def test_a_megabyte_paste_is_refused_and_what_was_typed_stays(
    store: SessionStore, kind: str
) -> None:
    async with on(store, kind, (80, 24)) as (app, pilot, given):
        selector, first = WIDGETS[kind]
        await pilot.press(*first)
        widget = app.screen.query_one(selector)
        assert isinstance(widget, Input | AnswerText)
        assert app.focused is widget and typed(widget) == first
        app.post_message(events.Paste(MEGABYTE))
        await pilot.pause()
        size = len(MEGABYTE) + len(first)
        assert error_line(app) == (
            f"✗ That paste would make the answer {size:,} characters; answers are limited to "
            "10,000."
        )
        assert typed(widget) == first
        assert answers(app) == given
        error = app.screen.query_one("#answer-error")
        shown = app.screen.query_one(AnswerArea).region
        assert error.region.height == 2 and error.region.bottom <= shown.bottom  # all of it
        if kind == "indicator":
            assert app.screen.query_one(CommandField).is_open
        app.post_message(events.Paste("at"))  # a paste within the limit goes in
        await pilot.pause()
        assert typed(widget) == f"{first}at"
        assert answers(app) == given


@pytest.mark.parametrize("kind", ["text", "number", "na-reason"])
async def test_typing_past_the_limit_is_stopped_with_the_reason(
    store: SessionStore, kind: str
) -> None:
    async with on(store, kind, (80, 24)) as (app, pilot, given):
        selector, _ = WIDGETS[kind]
        widget = app.screen.query_one(selector)
        full = "9" * MAX_ANSWER
        if isinstance(widget, AnswerText):
            widget.text = full
            widget.move_cursor(widget.document.end)
        else:
            assert isinstance(widget, Input)
            widget.value = full
            widget.cursor_position = len(full)
        await pilot.press("9")
        assert typed(widget) == full
        assert "reached the limit of 10,000 characters" in error_line(app)
        assert answers(app) == given
