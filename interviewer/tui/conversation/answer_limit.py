"""The one answer-length limit, kept by the widgets that take typed text.

A paste that would make an answer longer than `MAX_ANSWER` is refused before anything is
inserted, so a pasted megabyte never reaches the screen or the engine; typing past the limit is
stopped the same way. Either way the reason is shown under the answer area and what was typed
stays as it was.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input

from interviewer.session.conversation import MAX_ANSWER

AT_LIMIT = (
    f"The answer has reached the limit of {MAX_ANSWER:,} characters; nothing more can be added."
)


def paste_refused(size: int) -> str:
    return (
        f"That paste would make the answer {size:,} characters; answers are limited to "
        f"{MAX_ANSWER:,}."
    )


def size_after(text: str, selected: str, added: str) -> int:
    """The answer's length once `added` replaces the selected part of `text`."""
    return len(text) - len(selected) + len(added)


class AnswerRefused(Message):
    """A paste or a key was refused: `reason` is shown under the answer area."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class LimitedInput(Input):
    """A one-line field that keeps to the limit: Textual's own `max_length` stops typing (and
    calls `restricted`), and a paste is measured before Input inserts it. Input keeps only a
    paste's first line, so that is what is measured."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", MAX_ANSWER)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def on_paste(self, event: events.Paste) -> None:
        first = event.text.splitlines()[0] if event.text else ""
        size = size_after(self.value, self.selected_text, first)
        if size > MAX_ANSWER:
            event.stop()
            event.prevent_default()  # Input's own paste handler does not run
            self.post_message(AnswerRefused(paste_refused(size)))

    def restricted(self) -> None:
        self.post_message(AnswerRefused(AT_LIMIT))
