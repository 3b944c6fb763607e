"""Generated input thrown at the JSON-lines front end: arbitrary unicode, control characters,
commands, numbers, huge lines and invalid UTF-8 on stdin. Whatever comes in, every line out is
JSON with a known type and the process ends with 0 (or one clean `interviewer:` line)."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from pathlib import Path

from conftest import MINI
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonl_driver import MESSAGE_TYPES, run_cli

from interviewer import cli

WORDS = [
    "/back", "/skip", "/why", "/status", "/help", "/pause", "/nope", "/", "yes", "no",
    "partly", "unknown", "na", "na: we only do batch", "1", "2", "3", "1,2", "1,3", "0", "-1",
    "99999999999999999999999", "1e309", "-inf", "nan", "250k", "1,500", "1.5", "", " ",
]  # fmt: skip

text_line = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
line = st.one_of(
    st.sampled_from(WORDS).map(str.encode),
    text_line.map(lambda t: t.encode("utf-8")),
    st.integers().map(lambda n: str(n).encode()),
    st.floats().map(lambda f: repr(f).encode()),
    st.binary(max_size=30),  # invalid UTF-8 among it
    st.integers(10_000, 200_000).map(lambda n: b"x" * n),
)
stdin_bytes = st.lists(line, max_size=25).map(lambda lines: b"\n".join(lines))


def check_output(code: int, out: str, err: str) -> None:
    messages = [json.loads(text) for text in out.splitlines()]  # every line is JSON
    assert messages and messages[0]["type"] == "session"
    assert all(m["type"] in MESSAGE_TYPES for m in messages), messages
    if code == 0:
        assert messages[-1]["type"] in ("paused", "done"), messages[-1]
        assert err == ""
    else:  # a clean error: the object, then one line
        assert messages[-1]["type"] == "error"
        assert err.startswith("interviewer: ") and err.count("\n") == 1
    assert "Traceback" not in err


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=stdin_bytes)
@example(data=b"\xc2\xb9")  # a superscript one: str.isdigit() says yes, int() says no
@example(data=b"1\n4\n3\nWe deploy by hand\n2\n\xc2\xb2")  # the same at an indicator
@example(data=b"\xff\xfe\n\x1b[31m\n\x00\n/back\n/back\n/skip\n\r\n" + b"9" * 5000)
def test_generated_input_in_process(data, monkeypatch, capsys):
    monkeypatch.setenv("INTERVIEWER_DEBUG", "1")  # an unexpected exception fails the test
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    with tempfile.TemporaryDirectory() as root:
        code = cli.main(
            ["start", "--role", "short", "--script", str(MINI), "--jsonl", "--sessions-dir", root]
        )
    out, err = capsys.readouterr()
    check_output(code, out, err)


@settings(max_examples=4, deadline=None)
@given(data=stdin_bytes)
def test_generated_input_in_a_real_process(data):
    with tempfile.TemporaryDirectory() as root:
        result = run_cli(
            ["start", "--role", "short", "--script", str(MINI), "--jsonl"],
            Path(root),
            stdin=data,
            env={**os.environ, "INTERVIEWER_DEBUG": "1"},
        )
    check_output(result.returncode, result.stdout.decode(), result.stderr.decode())
