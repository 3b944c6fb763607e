"""The JSON-lines protocol: one JSON object per line out, one answer per line in."""

from __future__ import annotations

import json
from typing import IO, Any

from interviewer.frontends.session_runner import Out, SessionRunner


def to_message(out: Out, session_id: str) -> dict[str, Any] | None:
    if out.kind == "session":
        return {"type": "session", "id": session_id, "resumed": out.resumed}
    if out.kind in ("say", "info", "presence"):
        return {"type": "say", "text": out.text}
    if out.kind == "segment":
        return {"type": "say", "text": f"**{out.text}**"}
    if out.kind == "ask" and out.ask is not None:
        return out.ask.to_json()
    if out.kind == "invalid":
        return {
            "type": "invalid",
            "step": out.ask.step.id if out.ask else None,
            "message": out.text,
        }
    if out.kind == "summary" and out.card is not None:
        return {"type": "summary", "scores": out.card.to_summary()}
    if out.kind in ("paused", "done"):
        return {"type": out.kind, "id": session_id}
    return None


def run_jsonl(runner: SessionRunner, stdin: IO[str], stdout: IO[str]) -> int:
    def emit(outs: list[Out]) -> None:
        for out in outs:
            msg = to_message(out, runner.session_id)
            if msg is not None:
                stdout.write(json.dumps(msg, ensure_ascii=False) + "\n")
        stdout.flush()

    emit(runner.opening())
    while not runner.finished:
        line = stdin.readline()
        if not line:
            emit(runner.pause())
            break
        emit(runner.handle(line.rstrip("\r\n")))
    return 0
