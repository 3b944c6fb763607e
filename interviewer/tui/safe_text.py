"""Turning untrusted strings into things Textual shows literally."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

from interviewer.textsafe import strip_control, visible_control

if TYPE_CHECKING:
    from rich.console import RenderableType

# Markdown beyond emphasis, code and simple lists goes through the full renderer.
_FULL_MARKDOWN = re.compile(r"[#\[\]<>|]|^\s*\d+[.)]\s|^\s*```|^\s*>", re.MULTILINE)
_INLINE = re.compile(
    r"\*\*(?P<b>.+?)\*\*|(?<![\w*])\*(?P<i>\S(?:.*?\S)?)\*(?![\w*])|`(?P<c>[^`]+)`"
)
_BULLET = re.compile(r"^\s*[-+*]\s+")


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
    paragraphs = re.split(r"\n\s*\n", text.strip())
    for n, para in enumerate(paragraphs):
        if n:
            out.append("\n\n")
        lines = [line for line in para.split("\n") if line.strip()]
        if (
            lines
            and _BULLET.match(lines[0])
            and all(_BULLET.match(line) or line[:1] in " \t" for line in lines)
        ):
            items: list[str] = []
            for line in lines:  # an indented line goes on with the item above it
                if _BULLET.match(line):
                    items.append(_BULLET.sub("", line).strip())
                else:
                    items[-1] += " " + line.strip()
            for i, item in enumerate(items):
                if i:
                    out.append("\n")
                out.append(" • ")
                _inline(item, out)
        else:
            _inline(" ".join(line.strip() for line in lines), out)
    return out


def interviewer_text(text: str) -> RenderableType:
    """Script text is Markdown. Plain prose and simple Markdown render directly; anything
    richer goes through markdown-it with raw HTML disabled, so `<b>` shows as typed."""
    clean = strip_control(text)
    if not _FULL_MARKDOWN.search(clean):
        return simple_markdown(clean)
    from interviewer.tui.markdown_view import SafeMarkdown

    return SafeMarkdown(clean)
