"""Only real damage is reported as a corrupt session: an event the script cannot take is, a
bug in the engine is not dressed up as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI
from jsonl_driver import finished_session

from interviewer.engine.interview import Interview
from interviewer.export.report_data import gather
from interviewer.store import SessionCorruptError, SessionStore


def _answer(ask) -> str:  # type: ignore[no-untyped-def]
    return "We deploy by hand" if ask.step.kind == "text" else "1"


def test_an_event_the_script_cannot_take_is_a_corrupt_session(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(tmp_path)
    sid = finished_session(tmp_path, _answer, script=MINI)
    apply = Interview.apply

    def picky(self: Interview, event: object) -> None:
        if getattr(event, "step", None) == "models":  # as if the script had no such step
            raise KeyError("models")
        apply(self, event)  # type: ignore[arg-type]

    monkeypatch.setattr(Interview, "apply", picky)
    with pytest.raises(SessionCorruptError, match=r"cannot be replayed \(event 3 \(Answer\)"):
        gather(store, sid, with_notes=False)


def test_a_bug_while_replaying_is_not_called_damage(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(tmp_path)
    sid = finished_session(tmp_path, _answer, script=MINI)

    def broken(self: Interview, event: object) -> None:
        raise AttributeError("a bug in the engine")

    monkeypatch.setattr(Interview, "apply", broken)
    with pytest.raises(AttributeError, match="a bug in the engine"):
        gather(store, sid, with_notes=False)
