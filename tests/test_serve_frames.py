"""What a browser window may send `interviewer serve`: textual.js's five frames pass, anything
else is refused with a reason, and nothing (a megabyte, deep nesting, lone surrogates) costs
more than reading the frame once."""

from __future__ import annotations

import json
import time

import pytest

from interviewer.engine.answers import MAX_ANSWER
from interviewer.serve.frames import (
    FRAME_LIMIT,
    NOT_PROTOCOL,
    TOO_LONG,
    TOO_LONG_NOTICE,
    UNREADABLE,
    Focus,
    Ping,
    Refused,
    Resize,
    Stdin,
    read_frame,
)

PASTE = "\x1b[200~{}\x1b[201~"


def _js(value: object) -> str:
    """As textual.js sends it (JSON.stringify: no spaces, every control character escaped)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        (["stdin", "y"], Stdin(b"y")),
        (["stdin", "\r"], Stdin(b"\r")),
        (["stdin", "Zürich 🚀"], Stdin("Zürich 🚀".encode())),
        (["resize", {"width": 120, "height": 40}], Resize(120, 40)),
        (["ping", "1765152000000"], Ping("1765152000000")),
        (["focus"], Focus(True)),
        (["blur"], Focus(False)),
    ],
)
def test_what_textual_js_sends_is_read(sent: list[object], read: object) -> None:
    assert read_frame(_js(sent)) == read
    assert read_frame(json.dumps(sent, indent=1)) == read  # spacing does not matter


def test_a_pasted_answer_of_the_longest_length_fits_even_escaped() -> None:
    answer = "\x01" * MAX_ANSWER  # the worst case: every character a six-byte JSON escape
    frame = _js(["stdin", PASTE.format(answer)])
    assert len(frame.encode()) <= FRAME_LIMIT
    assert read_frame(frame) == Stdin(PASTE.format(answer).encode())
    widest = PASTE.format("😀" * MAX_ANSWER)  # four UTF-8 bytes a character
    assert read_frame(_js(["stdin", widest])) == Stdin(widest.encode())


def test_a_paste_longer_than_an_answer_is_refused_and_said_so() -> None:
    refused = read_frame(_js(["stdin", PASTE.format("x" * (MAX_ANSWER + 1))]))
    assert refused == Refused(TOO_LONG, TOO_LONG_NOTICE)
    assert f"{MAX_ANSWER:,} characters" in TOO_LONG_NOTICE


def test_a_megabyte_is_refused_without_being_parsed() -> None:
    for frame in (_js(["stdin", "x" * 1_000_000]), "[" * 1_000_000, '"' * 1_000_000):
        started = time.perf_counter()
        assert read_frame(frame) == Refused(TOO_LONG, TOO_LONG_NOTICE)
        assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 30_000 + "]" * 30_000,  # nesting, just under the frame limit
        '["stdin",' + "[" * 30_000 + '"x"' + "]" * 30_000 + "]",
        '["resize",{"width":{"width":{"width":1}},"height":2}]',
        '["stdin",["y"]]',
        '["stdin","y","z"]',
        '["stdin","y"',
        '["stdin",1]',
        '["stdin",null]',
        '["resize",{"width":80}]',
        '["resize",[80,24]]',
        '["resize",{"width":-80,"height":24}]',
        '["ping",' + '"' + "9" * 100 + '"]',
        '["quit"]',
        '["STDIN","y"]',
        '{"stdin":"y"}',
        '"stdin"',
        "[]",
        "",
        "null",
        '["stdin","y"] trailing',
        '"\\"' * 20_000,  # quotes and escapes: no quadratic scan
    ],
)
def test_anything_else_is_refused(frame: str) -> None:
    started = time.perf_counter()
    refused = read_frame(frame)
    assert isinstance(refused, Refused) and refused.reason == NOT_PROTOCOL, refused
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "frame",
    [
        '["stdin","\\ud800"]',  # a lone high surrogate
        '["stdin","a\\udfffb"]',  # a lone low surrogate
        '["stdin","\\ude00\\ud83d"]',  # a pair in the wrong order
        '["ping","\\ud800"]',
        '["stdin","\\x"]',  # not a JSON escape
        '["stdin","tab\there"]',  # a raw control character: JSON.stringify never sends one
        '["stdin","' + '\\"' * 30_000,  # escaped quotes, never closed: read once
    ],
)
def test_text_that_is_not_unicode_is_refused(frame: str) -> None:
    started = time.perf_counter()
    refused = read_frame(frame)
    assert isinstance(refused, Refused) and refused.reason == UNREADABLE, refused
    assert time.perf_counter() - started < 0.5


def test_an_escaped_surrogate_pair_is_one_character() -> None:
    assert read_frame('["stdin","\\ud83d\\ude00"]') == Stdin("😀".encode())


def test_binary_is_refused() -> None:
    assert isinstance(read_frame(b'["stdin","y"]'), Refused)
