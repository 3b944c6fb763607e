"""Drive `interviewer ... --jsonl` in a real process, as another program would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

# every message type of the JSON-lines protocol (README, "The JSON-lines protocol")
MESSAGE_TYPES = {"session", "say", "ask", "invalid", "summary", "paused", "done", "error"}


class JsonlProcess:
    def __init__(self, args: list[str], sessions: Path, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "interviewer",
                *args,
                "--sessions-dir",
                str(sessions),
                "--jsonl",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env={**os.environ, **(env or {})},
        )
        assert self.proc.stdin and self.proc.stdout and self.proc.stderr  # all three piped
        self.stdin: IO[str] = self.proc.stdin
        self.stdout: IO[str] = self.proc.stdout
        self.stderr: IO[str] = self.proc.stderr
        self.messages: list[dict[str, Any]] = []

    def read(self) -> dict[str, Any]:
        line = self.stdout.readline()
        if not line:
            raise EOFError(self.stderr.read())
        msg = json.loads(line)
        self.messages.append(msg)
        return msg

    def read_until(self, *types: str) -> dict[str, Any]:
        while True:
            msg = self.read()
            if msg["type"] in types:
                return msg

    def send(self, text: str) -> None:
        self.stdin.write(text + "\n")
        self.stdin.flush()

    def close_input(self) -> int:
        self.stdin.close()
        rest = self.stdout.read()
        for line in rest.splitlines():
            if line.strip():
                self.messages.append(json.loads(line))
        return self.proc.wait(timeout=30)


def past_notice(p: JsonlProcess, ask: dict[str, Any]) -> dict[str, Any]:
    """The first question: the script's notice (a consent ask) is accepted on the way."""
    if ask["purpose"] == "consent":
        p.send("accept")
        return p.read_until("ask")
    return ask


def answer_for(ask: dict[str, Any], indicator: str = "partly", rating: int = 3) -> str:
    """A plausible answer to any ask, so a program can walk a whole track."""
    kind, purpose = ask["kind"], ask["purpose"]
    if kind == "indicator":
        return indicator
    if purpose in ("self_rating", "target"):
        return str(rating)
    if kind in ("choice", "multi"):
        return "1"
    if kind == "scale":
        return str(int(ask["min"] or 1))
    if kind == "number":
        return str(int(ask["min"] or 0) + 1)
    return "We run a weekly review where the team walks through every model in production."


def run_cli(
    args: list[str], sessions: Path, stdin: str | bytes = "", **kw: Any
) -> subprocess.CompletedProcess[Any]:
    """`python -m interviewer ARGS --sessions-dir SESSIONS` in a real process, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args, "--sessions-dir", str(sessions)],
        input=stdin,
        capture_output=True,
        text=isinstance(stdin, str),
        timeout=60,
        check=False,
        **kw,
    )


def finished_session(
    root: Path,
    answer: Any,
    org: str = "Acme",
    participant: str = "Dana",
    track: str = "short",
    script: Path | None = None,
) -> str:
    """A session walked to the end through the same runner the front ends use; its id."""
    from interviewer.session.runner import SessionRunner
    from interviewer.store import SessionStore

    runner = SessionRunner.start(
        SessionStore(root), track, org, participant, str(script) if script else None
    )
    try:
        runner.opening()
        if runner.consent_pending:  # the script's notice, accepted
            runner.handle("yes")
        while not runner.finished:
            ask = runner.interview.ask()
            assert ask is not None
            outs = runner.handle(answer(ask))
            if any(o.kind == "invalid" for o in outs):  # e.g. "1,2" where one option fits
                runner.handle("1")
    finally:
        runner.close()
    return runner.session_id


def paused_session(
    root: Path, said: str, org: str = "Acme", script: Path | None = None, track: str = "short"
) -> str:
    """A session started for Sam, its first question answered with `said`, then its window
    closed (so it is paused); its id."""
    from interviewer.session.runner import SessionRunner
    from interviewer.store import SessionStore

    runner = SessionRunner.start(
        SessionStore(root), track, org, "Sam", str(script) if script else None
    )
    try:
        runner.opening()
        runner.handle(said)
    finally:
        runner.close()
    return runner.session_id
