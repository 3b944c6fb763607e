"""Turning untrusted strings into things Textual shows literally."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

from interviewer.markdown_blocks import markdown_blocks
from interviewer.textsafe import strip_control, visible_control

if TYPE_CHECKING:
    from rich.console import RenderableType

# Markdown beyond emphasis, code and simple lists goes through the full renderer, and so do
# escapes and entities (an answer quoted in a question is escaped Markdown: engine.quoting).
_FULL_MARKDOWN = re.compile(r"[#\[\]<>|\\&]|^\s*\d+[.)]\s|^\s*```|^\s*>", re.MULTILINE)
_INLINE = re.compile(
    r"\*\*(?P<b>.+?)\*\*|(?<![\w*])\*(?P<i>\S(?:.*?\S)?)\*(?![\w*])|`(?P<c>[^`]+)`"
)


def literal(text: str) -> Content:
    """Plain text shown as typed: no markup is interpreted, and control characters appear as
    symbols (␛[31m) instead of reaching the terminal."""
    return Content(visible_control(text))


def _inline(line: str, out: Text) -> None:
    pos = 0
    for m in _INLINE.finditer(line):
        out.append(line[pos : m.start()])
        if m.group("b") is not None:
            out.append(m.group("b"), "bold")
        elif m.group("i") is not None:
            out.append(m.group("i"), "italic")
        else:
            out.append(m.group("c"), "reverse")
        pos = m.end()
    out.append(line[pos:])


def simple_markdown(text: str) -> Text:
    """Paragraphs, bullet lists, bold, italic and code: what interview scripts use, rendered
    without loading a Markdown parser (which costs more than the rest of the first paint)."""
    out = Text()
    previous = None
    for block in markdown_blocks(text):
        if previous is not None:
            out.append("\n" if previous == block.kind == "item" else "\n\n")
        if block.kind == "item":
            out.append(" • ")
        _inline(block.text, out)
        previous = block.kind
    return out


def inline_markdown(text: str) -> Text:
    """One paragraph's bold, italic and code."""
    out = Text()
    _inline(text, out)
    return out


def interviewer_text(text: str) -> RenderableType:
    """Script text is Markdown. Plain prose and simple Markdown render directly; anything
    richer goes through markdown-it with raw HTML disabled, so `<b>` shows as typed."""
    clean = strip_control(text)
    if not _FULL_MARKDOWN.search(clean):
        return simple_markdown(clean)
    from interviewer.tui.markdown_view import SafeMarkdown

    return SafeMarkdown(clean)
