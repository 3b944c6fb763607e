"""Untrusted text in Markdown: it must never add structure (headings, tables, code, HTML)."""

from __future__ import annotations

import re

from interviewer.textsafe import strip_control

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def inline(text: str) -> str:
    """One line of literal text: every Markdown-significant character escaped, newlines as
    spaces, control sequences removed. Safe in paragraphs, list items and table cells."""
    flat = " ".join(strip_control(str(text)).split())
    return _SPECIAL.sub(r"\\\1", flat)


def block(text: str) -> str:
    """Multi-line literal text as a blockquote-safe paragraph: lines kept, each escaped."""
    lines = [inline(line) for line in strip_control(str(text)).splitlines() if line.strip()]
    return "  \n".join(lines) if lines else "\\(empty\\)"
