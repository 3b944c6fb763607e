"""Full Markdown for the rare script text that needs it (headings, links, tables)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from rich.markdown import Markdown

_PARSER = MarkdownIt("commonmark", {"html": False}).enable("strikethrough").enable("table")


class SafeMarkdown(Markdown):
    """Rich Markdown with raw HTML disabled: `<b>` shows as typed instead of vanishing."""

    def __init__(self, markup: str) -> None:
        super().__init__(markup)
        self.parsed = _PARSER.parse(markup)
