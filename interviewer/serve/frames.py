"""What a window may send over its websocket, read before anything reaches its app process.

textual.js (textual-serve's terminal) sends five kinds of text frame, each a flat JSON array:
`["stdin", text]` (keys typed, or a whole paste), `["resize", {"width": W, "height": H}]`,
`["ping", text]`, `["focus"]` and `["blur"]`. A frame is read against exactly those shapes, so
nothing nests deeper than the resize's object (depth 2) and no general JSON parser ever sees a
deeply nested frame. Anything else is refused with a reason and a message for the window:
never with its content, which may be a pasted answer.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from interviewer.session.conversation import MAX_ANSWER

# A paste arrives wrapped in bracketed-paste marks (ESC [200~ ... ESC [201~).
PASTE_MARKS = len("\x1b[200~") + len("\x1b[201~")
# The most text one stdin frame may carry: an answer of MAX_ANSWER characters, pasted.
STDIN_LIMIT = MAX_ANSWER + PASTE_MARKS
# A frame's size, in bytes: that paste fits even if every character took a JSON escape's six
# bytes (\u001b), with its envelope: 6 * 10,012 + 11 = 60,083 bytes, under 64 KiB.
FRAME_LIMIT = 64 * 1024
# Frames over this many bytes are not even received: the connection is closed (aiohttp's
# max_msg_size). Between the two, a frame is received, refused and the window goes on.
RECEIVE_LIMIT = 4 * 1024 * 1024
PING_LIMIT = 64

TOO_LONG = "too long"
UNREADABLE = "unreadable"
NOT_PROTOCOL = "not the protocol"

TOO_LONG_NOTICE = (
    f"That paste was not typed: it is longer than {MAX_ANSWER:,} characters, the most an "
    "answer can be. Shorten it and paste again."
)
REFUSED_NOTICE = "Something this window sent could not be read and was ignored."

_HEAD = re.compile(r'\s*\[\s*"([a-z]{1,16})"\s*')
_COMMA = re.compile(r",\s*")
_SIZE = re.compile(
    r'\{\s*"width"\s*:\s*(\d{1,6})\s*,\s*"height"\s*:\s*(\d{1,6})\s*\}'
    r'|\{\s*"height"\s*:\s*(\d{1,6})\s*,\s*"width"\s*:\s*(\d{1,6})\s*\}'
)
_END = re.compile(r"\s*\]\s*")
_STRING = json.JSONDecoder()


class Stdin(NamedTuple):
    data: bytes  # UTF-8, for the app's stdin


class Resize(NamedTuple):
    width: int
    height: int


class Ping(NamedTuple):
    text: str


class Focus(NamedTuple):
    focused: bool  # False: blur


class Refused(NamedTuple):
    reason: str  # TOO_LONG, UNREADABLE or NOT_PROTOCOL: what the log counts
    notice: str  # what the window is told


Frame = Stdin | Resize | Ping | Focus


def read_frame(data: str | bytes) -> Frame | Refused:
    """One text frame as it came from aiohttp (already valid UTF-8), or why it is refused."""
    if not isinstance(data, str):
        return Refused(NOT_PROTOCOL, REFUSED_NOTICE)
    if len(data) > FRAME_LIMIT or len(data.encode("utf-8")) > FRAME_LIMIT:
        return Refused(TOO_LONG, TOO_LONG_NOTICE)
    head = _HEAD.match(data)
    if head is None:
        return Refused(NOT_PROTOCOL, REFUSED_NOTICE)
    kind, at = head.group(1), head.end()
    frame: Frame | Refused
    if kind in ("focus", "blur"):
        frame = Focus(kind == "focus")
    elif kind == "resize":
        frame, at = _resize(data, at)
    elif kind in ("stdin", "ping"):
        text, at = _string(data, at)
        frame = _text_frame(kind, text)
    else:
        frame = Refused(NOT_PROTOCOL, REFUSED_NOTICE)
    if isinstance(frame, Refused):
        return frame
    if _END.fullmatch(data, at) is None:
        return Refused(NOT_PROTOCOL, REFUSED_NOTICE)
    return frame


def _resize(data: str, at: int) -> tuple[Resize | Refused, int]:
    comma = _COMMA.match(data, at)
    size = _SIZE.match(data, comma.end()) if comma else None
    if size is None:
        return Refused(NOT_PROTOCOL, REFUSED_NOTICE), at
    width, height = size.group(1, 2) if size.group(1) else size.group(4, 3)
    return Resize(int(width), int(height)), size.end()


def _string(data: str, at: int) -> tuple[str | Refused, int]:
    """The JSON string after the kind's comma: one string, which cannot nest."""
    comma = _COMMA.match(data, at)
    if comma is None or not data.startswith('"', comma.end()):
        return Refused(NOT_PROTOCOL, REFUSED_NOTICE), at
    try:
        text, end = _STRING.raw_decode(data, comma.end())
    except ValueError:
        return Refused(UNREADABLE, REFUSED_NOTICE), at
    return text, end


def _text_frame(kind: str, text: str | Refused) -> Stdin | Ping | Refused:
    if isinstance(text, Refused):
        return text
    try:
        encoded = text.encode("utf-8")  # a lone surrogate (an escape like \ud800) fails here
    except UnicodeEncodeError:
        return Refused(UNREADABLE, REFUSED_NOTICE)
    if kind == "ping":
        return Ping(text) if len(text) <= PING_LIMIT else Refused(NOT_PROTOCOL, REFUSED_NOTICE)
    if len(text) > STDIN_LIMIT:
        return Refused(TOO_LONG, TOO_LONG_NOTICE)
    return Stdin(encoded)
