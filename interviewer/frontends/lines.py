"""Reading answers a line at a time without holding more of a line than an answer can be.

A line longer than the answer limit (a pasted file, a runaway program) is read to its end in
chunks and only its size and first characters are kept: the front end refuses it with its size
and goes on with the next line, whatever the line's length, with or without a line break.
"""

from __future__ import annotations

from typing import IO, NamedTuple

from interviewer.session.conversation import MAX_ANSWER

CHUNK = 64 * 1024  # characters read at a time from the rest of a line over the limit


class Line(NamedTuple):
    """One line of input without its line ending; over the limit, only its start is kept."""

    text: str
    size: int  # its length in characters, line ending left out

    @property
    def too_long(self) -> bool:
        return self.size > MAX_ANSWER


def read_line(stream: IO[str]) -> Line | None:
    """The next line of `stream`, or None at the end of input."""
    head = stream.readline(MAX_ANSWER + 2)  # room for the limit and a "\r\n"
    if not head:
        return None
    size = len(head)
    end = head
    while not end.endswith("\n") and size >= MAX_ANSWER + 2:
        end = stream.readline(CHUNK)
        if not end:
            break
        size += len(end)
    ending = len(end) - len(end.rstrip("\r\n"))
    text = head.rstrip("\r\n") if end is head else head[: MAX_ANSWER + 1]
    return Line(text, size - ending)
