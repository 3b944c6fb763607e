"""Turning untrusted strings into things Textual shows literally."""

from __future__ import annotations

from markdown_it import MarkdownIt
from rich.markdown import Markdown
from textual.content import Content

from interviewer.textsafe import strip_control, visible_control

_PARSER = MarkdownIt("commonmark", {"html": False}).enable("strikethrough").enable("table")


class SafeMarkdown(Markdown):
    """Rich Markdown with raw HTML disabled: `<b>` shows as typed instead of vanishing."""

    def __init__(self, markup: str) -> None:
        clean = strip_control(markup)
        super().__init__(clean)
        self.parsed = _PARSER.parse(clean)


def literal(text: str) -> Content:
    """Plain text shown as typed: no markup is interpreted, and control characters appear as
    symbols (␛[31m) instead of reaching the terminal."""
    return Content(visible_control(text))
