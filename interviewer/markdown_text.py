"""Untrusted text in Markdown: it must never add structure (headings, tables, code, HTML), and
it should read as written when the Markdown is read raw.

A character is escaped only where CommonMark (with GitHub's tables and strikethrough) could
read it as structure, so an ordinary sentence ("GLM-plus-GBM. Foundation (months 1-6)!") keeps
no backslash:

- anywhere: `` ` `` (code), `|` (table cells), `[` `]` (links, images, footnotes), `~`
  (strikethrough); `\\` before ASCII punctuation or at the end (an escape, a hard break);
- `*` unless it stands between two spaces, `_` unless it stands between two letters or digits
  (where CommonMark never opens or closes emphasis with it: `snake_case`, `2 * 3`);
- `<` as `&lt;` where it could open a tag or an autolink (not in "a < b", "<5 days"), `&` as
  `&amp;` where it would start an entity (`&amp;`, `&#38;`);
- at the start of a line only: `#`, `>`, `-`, `+`, `=` (headings, quotes, lists, rules,
  setext underlines) and a number followed by `.` or `)` and a space (ordered lists); a run of
  `#` that ends a line after a space (a heading's closing sequence).

Newlines become spaces in `inline`; `block` keeps them as hard line breaks, each line escaped
as a line start. Control characters and terminal escapes are removed first.
"""

from __future__ import annotations

import re
import string

from interviewer.textsafe import strip_control

_ASCII_PUNCT = frozenset(string.punctuation)
_ALWAYS = frozenset("`|[]~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_LINE_START = frozenset("#>-+=")
_ORDERED = re.compile(r"^([0-9]+)([.)])(?=\s|$)")
_CLOSING_HASHES = re.compile(r"(^|\s)(#+)$")


def _escape_char(s: str, i: int) -> str:
    ch = s[i]
    prev = s[i - 1] if i else ""
    nxt = s[i + 1] if i + 1 < len(s) else ""
    if ch in _ALWAYS:
        return "\\" + ch
    if ch == "\\":
        return "\\\\" if not nxt or nxt in _ASCII_PUNCT else ch
    if ch == "*":
        return ch if prev == " " and nxt == " " else "\\*"
    if ch == "_":
        return ch if prev.isalnum() and nxt.isalnum() else "\\_"
    if ch == "<":
        return ch if nxt == " " or _inert_lt(s, i) else "&lt;"
    if ch == "&":
        return "&amp;" if _ENTITY.match(s, i) else ch
    return ch


def _inert_lt(s: str, i: int) -> bool:
    """A `<` before neither a letter nor `/`, `!`, `?` opens no HTML; it could still open an
    email autolink (`<1@x.io>`), which has no space, so its run up to the next space must hold
    no `@` or `>` and end within the text ("<5 days", "<= 3")."""
    nxt = s[i + 1 : i + 2]
    if not nxt or (nxt.isascii() and nxt.isalpha()) or nxt in "/!?":
        return False
    end = s.find(" ", i)
    return end != -1 and not any(c in "@>" for c in s[i:end])


def _line(flat: str) -> str:
    """One line (no newline, no leading or trailing space) escaped as if at a line start."""
    text = "".join(_escape_char(flat, i) for i in range(len(flat)))
    # a line start: a block marker, or the number of an ordered list item
    text = "\\" + text if text[:1] in _LINE_START else _ORDERED.sub(r"\1\\\2", text, count=1)
    return _CLOSING_HASHES.sub(r"\1\\\2", text, count=1)


def inline(text: str) -> str:
    """One line of literal text: newlines as spaces, control sequences removed, and escaped
    only where it would otherwise add structure. Safe in paragraphs (at a line start too),
    list items, headings and table cells."""
    return _line(" ".join(strip_control(str(text)).split()))


def block(text: str) -> str:
    """Multi-line literal text as one paragraph: its lines kept as hard line breaks, each
    escaped as a line start."""
    lines = [_line(" ".join(line.split())) for line in strip_control(str(text)).splitlines()]
    lines = [line for line in lines if line]
    return "  \n".join(lines) if lines else "(empty)"
