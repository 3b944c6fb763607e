from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from interviewer.engine.interview import Ask, Interview
from interviewer.records import Answer, Event
from interviewer.script import Script, load_script
from interviewer.store import SessionStore

if TYPE_CHECKING:  # the app only for its type: most tests never import Textual
    from interviewer.session.runner import SessionRunner
    from interviewer.tui.app import InterviewerApp

# keep the parsed-script cache out of the user's home (child processes inherit this); each
# test process (one per worker when run in parallel) removes its own when it ends
_CACHE_DIR = tempfile.mkdtemp(prefix="interviewer-cache-")
os.environ["INTERVIEWER_CACHE_DIR"] = _CACHE_DIR
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"


@pytest.fixture(autouse=True)
def _interviewer_logger_as_it_was() -> Iterator[None]:
    """`cli.main` run in a test sends the core's warnings to stderr with a handler and a level
    on the "interviewer" logger; the next test starts from the logger as it was, so a test that
    reads the log (caplog) still gets what is logged at INFO."""
    logger = logging.getLogger("interviewer")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    """An empty sessions folder."""
    return SessionStore(tmp_path / "sessions")


@pytest.fixture(scope="session")
def script() -> Script:
    return load_script()


@pytest.fixture(scope="session")
def mini() -> Script:
    return load_script(MINI)


Policy = Callable[[Ask], str]


def ask_of(iv: Interview) -> Ask:
    """What `iv` asks now, for a test that expects a question: it fails here if none is."""
    ask = iv.ask()
    assert ask is not None, "no question is asked"
    return ask


def runner_of(app: InterviewerApp) -> SessionRunner:
    """The session `app` runs, for a test past the home screen."""
    assert app.runner is not None, "no session is open"
    return app.runner


def as_answer(event: Event) -> Answer:
    """`event` as the answer a test expects it to be."""
    assert isinstance(event, Answer), event
    return event


def persona(
    indicator: str,
    self_rating: int,
    text: str = "We have a process that the whole team follows for every model we ship.",
    pains: str = "1",
) -> Policy:
    """An interviewee who answers every indicator the same way."""

    def answer(ask: Ask) -> str:
        step = ask.step
        if step.kind == "indicator":
            return indicator
        if step.purpose == "self_rating":
            return str(self_rating)
        if step.purpose == "target":
            return str(min(5, self_rating + 1))
        if step.purpose == "pain":
            return pains
        if step.kind in ("choice", "multi"):
            return "1"
        if step.kind == "scale":
            return "3"
        if step.kind == "number":
            return str(int(step.min or 0) + 5 if step.max is None else int(step.max))
        return text

    return answer


def drive(
    iv: Interview,
    policy: Policy,
    start: float = 1000.0,
    gap: float = 5.0,
    limit: int | None = None,
) -> list[Ask]:
    """Answer what the engine asks (all of it, or `limit` questions); return the asks. What an
    earlier answer settles (`settled_by`) is recorded, as the session runner does, not asked."""
    asked: list[Ask] = []
    now = start
    for _ in range(limit or 5000):
        while (found := iv.settlement(now)) is not None:
            iv.apply(found[0])
        ask = iv.ask()
        if ask is None:
            return asked
        asked.append(ask)
        now += gap
        reply = iv.interpret(policy(ask), now)
        assert reply.invalid is None, (ask.step.id, reply.invalid)
        for event in reply.events:
            iv.apply(event)
    if limit is None:
        raise AssertionError("the interview did not end")
    return asked
