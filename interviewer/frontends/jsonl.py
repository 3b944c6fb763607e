"""The JSON-lines protocol: one JSON object per line out, one answer per line in.

When the session cannot be saved (disk full, the transcript unwritable) an
`{"type": "error", "message": ...}` object is the last line, and the exception goes on to the
command line, which exits non-zero. A reader that goes away (a closed pipe) pauses the session.
"""

from __future__ import annotations

import contextlib
import json
from functools import partial
from pathlib import Path
from typing import IO, Any

from interviewer.frontends.lines import read_line
from interviewer.script import ScriptError
from interviewer.session.errors import EngineError
from interviewer.session.runner import Out, SessionRunner, saving
from interviewer.store import StoreError
from interviewer.textsafe import escape_c1, user_message

TYPES = ("session", "say", "ask", "invalid", "summary", "paused", "declined", "done", "error")


def to_message(out: Out, session_id: str) -> dict[str, Any] | None:
    if out.kind == "session":
        return {"type": "session", "id": session_id, "resumed": out.resumed}
    if out.kind in ("say", "info", "presence"):
        return {"type": "say", "text": out.text}
    if out.kind == "segment":
        return {"type": "say", "text": f"**{out.text}**"}
    if out.kind == "notice" and out.notice is not None:  # a `say` to every client
        return {"type": "say", "text": f"**{out.notice.title}**\n\n{out.text}", "purpose": "notice"}
    if out.kind == "ask" and out.ask is not None:
        msg = out.ask.to_json()
        if out.notice is not None:  # the consent ask carries what it accepts
            n = out.notice
            msg["notice"] = {"title": n.title, "text": n.text, "sha256": n.sha256}
        return msg
    if out.kind == "invalid":
        return {
            "type": "invalid",
            "step": out.ask.step.id if out.ask else None,
            "message": out.text,
        }
    if out.kind == "summary" and out.card is not None:
        actions = [
            {"id": a.id, "title": a.title, "owner": a.owner, "effort": a.effort, "phase": a.phase}
            for a in out.actions
        ]
        return {"type": "summary", "scores": out.card.to_summary(), "actions": actions}
    if out.kind in ("paused", "declined", "done"):
        return {"type": out.kind, "id": session_id}
    return None


def encode(msg: dict[str, Any]) -> str:
    """One protocol line: no raw control character in it (C0 and C1 as \\u escapes)."""
    return escape_c1(json.dumps(msg, ensure_ascii=False)) + "\n"


def run_jsonl(
    runner: SessionRunner, stdin: IO[str], stdout: IO[str], my_copy: str | None = None
) -> int:
    """`my_copy`: a folder to save the interviewee's own copy in when the interview is done;
    `done` then names the file as `my_copy`."""

    def emit(outs: list[Out]) -> None:
        for out in outs:
            msg = to_message(out, runner.session_id)
            if msg is not None and out.kind == "done" and my_copy is not None:
                saved = _save_my_copy(runner, my_copy)
                if isinstance(saved, str):
                    stdout.write(encode({"type": "say", "text": saved}))
                else:
                    msg["my_copy"] = str(saved)
            if msg is not None:
                stdout.write(encode(msg))
        stdout.flush()

    try:
        emit(saving(runner, runner.opening))
        while not runner.finished:
            line = read_line(stdin)
            if line is None:
                emit(saving(runner, runner.pause))
                break
            if line.too_long:
                emit(runner.refuse_long(line.size))
                continue
            emit(saving(runner, partial(runner.handle, line.text)))
    except BrokenPipeError:  # the reader is gone: keep the session resumable, then end quietly
        pause_quietly(runner)
        raise
    except Exception as exc:  # the client hears why the session ends, then the exit status
        send_error(stdout, exc)
        raise
    return 0


def send_error(stdout: IO[str], exc: BaseException) -> None:
    """The protocol's last line when the session cannot go on (or cannot start): the
    `error` object, with the message the command line then writes to stderr."""
    message = user_message(exc)
    if not isinstance(exc, (StoreError, EngineError, ScriptError, OSError)):
        message = f"unexpected {type(exc).__name__}: {message}"
    with contextlib.suppress(OSError):
        stdout.write(encode({"type": "error", "message": message}))
        stdout.flush()


def pause_quietly(runner: SessionRunner) -> None:
    """Mark the session paused when its front end can no longer talk to anyone."""
    with contextlib.suppress(StoreError, OSError):
        runner.pause()


def _save_my_copy(runner: SessionRunner, folder: str) -> Path | str:
    """The copy's path, or why it was not saved (the interview itself is complete either way)."""
    from interviewer.export.my_copy import save_my_copy

    try:
        return save_my_copy(runner.store, runner.session_id, folder)
    except (StoreError, EngineError) as exc:
        return f"Your copy was not saved: {exc}"
