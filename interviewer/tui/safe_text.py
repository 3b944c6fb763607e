"""Turning untrusted strings into things Textual shows literally."""

from __future__ import annotations

import re

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


_MARKDOWN_HINTS = re.compile(r"[*_`#\[\]<>|]|^\s*(?:[-+]|\d+[.)])\s", re.MULTILINE)


def interviewer_text(text: str) -> Content | SafeMarkdown:
    """Most questions are plain prose: those render as Content, which is far cheaper than a
    Markdown renderable; anything with Markdown syntax goes through SafeMarkdown."""
    clean = strip_control(text)
    if _MARKDOWN_HINTS.search(clean):
        return SafeMarkdown(clean)
    return Content(" ".join(clean.split()) if "\n\n" not in clean else clean)
