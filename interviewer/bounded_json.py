"""Parsing JSON that anyone could have written, within fixed bounds, without recursing.

Python's json module recurses once per nested array or object, so a line like `[[[[...` 100,000
deep ends whatever reads it with a RecursionError. Here the nesting is measured first by a
linear scan (strings cut out by one regex, then the depth after each bracket left counted, all
at C speed) and a value too long or nested too deep is a JSONBoundsError: a ValueError, which
every reader already treats as a damaged line or file. Headless: no Textual, no Rich.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from itertools import accumulate, count
from typing import Any

MAX_DEPTH = 64  # a session's records nest at most 4 deep; a script's document about 8
MAX_LINE = 1 << 20  # 1 MiB: the longest answer (10,000 characters, twice) is under 100 KiB
MAX_FILE = 1 << 20  # a whole-file JSON document of the sessions folder (meta.json)

# a string, from its opening quote to the first quote no backslash escapes, or to the end of the
# text if it is not closed (where json stops too): a match never fails, so each byte is read once
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_BRACKETS = b"[]{}"
_NOT_BRACKET = bytes(b for b in range(256) if b not in _BRACKETS)
# an opening bracket counts 2 and a closing one 0: after the n-th bracket the depth is the sum - n
_STEP = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


class JSONBoundsError(ValueError):
    """A JSON text longer or nested deeper than it may be; the message says which, in one
    line."""


def size_text(size: int) -> str:
    """1 MiB, 64 KiB or 900 bytes: a limit as people read it."""
    if size >= 1 << 20 and size % (1 << 20) == 0:
        return f"{size >> 20:,} MiB"
    if size >= 1 << 10 and size % (1 << 10) == 0:
        return f"{size >> 10:,} KiB"
    return f"{size:,} bytes"


LINE_TOO_LONG = f"longer than the {size_text(MAX_LINE)} a line may hold"


def depth_problem(data: bytes, limit: int = MAX_DEPTH) -> str | None:
    """Why `data` nests deeper than `limit` (None when it does not), without parsing it.

    Conservative: brackets are counted up to an unterminated string, where json stops too, so
    json never recurses deeper than what was counted."""
    if data.count(b"[") + data.count(b"{") <= limit:  # the common case, at C speed
        return None
    steps = _STRING.sub(b"", data).translate(_STEP, _NOT_BRACKET)
    if max(map(operator.sub, accumulate(steps), count(1)), default=0) > limit:
        return f"nested more than {limit} deep"
    return None


def loads(
    data: bytes | str,
    max_bytes: int = MAX_LINE,
    max_depth: int = MAX_DEPTH,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """json.loads, or JSONBoundsError for a text over `max_bytes` (UTF-8) or `max_depth`."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        raise JSONBoundsError(f"{len(raw):,} bytes, longer than the {size_text(max_bytes)} allowed")
    problem = depth_problem(raw, max_depth)
    if problem is not None:
        raise JSONBoundsError(problem)
    try:
        return json.loads(raw, object_pairs_hook=object_pairs_hook)
    except RecursionError:  # only if the caller's own stack is nearly full already
        raise JSONBoundsError("nested too deep to read here") from None
