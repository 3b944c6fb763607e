"""Following a session another process is writing: tail its transcript and the facilitators'
notes, and replay the transcript through the engine so the state is always current.

Headless; the shadow app and tests use it. Reads only: it never writes the transcript.
"""

from __future__ import annotations

from typing import Any

from interviewer.engine import Interview
from interviewer.script import load_script
from interviewer.store import SessionStore
from interviewer.store.jsonl_storage import CorruptFileError, JSONLinesStorage
from interviewer.store.notes_file import NotesReader
from interviewer.store.session_file import SessionCorruptError


class SessionFollower:
    def __init__(self, store: SessionStore, session_id: str) -> None:
        self.store = store
        self.ref = store.ref(session_id)
        self.meta = store.meta(session_id)
        self.script = load_script(store.script_copy(session_id))
        self.interview = Interview(self.script, self.meta["track"])
        self._transcript = JSONLinesStorage(str(self.ref.transcript), writer=False)
        self._notes = NotesReader(self.ref)
        self.notes: list[dict[str, Any]] = []
        self.answer_indexes: list[int] = []  # event index of each answer: turn N is [N - 1]
        self._turn_of: dict[int, int] = {}
        self._answered_steps: set[str] = set()
        self.revisions: set[int] = set()  # answer events that changed an earlier answer

    def poll(self) -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
        """New (event index, event) pairs, already applied to the engine, and new notes."""
        try:
            fresh = [doc for table, doc in self._transcript.poll() if table == "events"]
        except CorruptFileError as exc:
            raise SessionCorruptError(str(exc)) from None
        start = len(self.interview.events)
        for index, event in enumerate(fresh, start):
            self.interview.apply(event)
            if event.get("type") == "answer":
                self.answer_indexes.append(index)
                self._turn_of[index] = len(self.answer_indexes)
                if event.get("step") in self._answered_steps:
                    self.revisions.add(index)
                self._answered_steps.add(str(event.get("step")))
        notes = self._notes.poll()
        self.notes.extend(notes)
        return list(enumerate(fresh, start)), notes

    def present(self) -> list[str]:
        return self._notes.present()

    def turn_of(self, event_index: int) -> int:
        """The answer number (1-based) of an answer event: what `annotate --turn` takes."""
        return self._turn_of[event_index]
