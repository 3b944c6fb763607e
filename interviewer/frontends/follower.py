"""Following a session another process is writing: tail its transcript and the facilitators'
notes, and replay the transcript through the engine so the state is always current.

Headless; the shadow app and tests use it. Reads only: it never writes the transcript.
"""

from __future__ import annotations

from interviewer.engine import Interview
from interviewer.records import Event, Note, ScriptMigrated, event_from_json, readable_notes
from interviewer.script import load_script
from interviewer.store import SessionStore, TranscriptTail
from interviewer.store.notes_file import NotesReader
from interviewer.transcript import Transcript, Turn


class SessionFollower:
    def __init__(self, store: SessionStore, session_id: str) -> None:
        self.store = store
        self.ref = store.ref(session_id)
        self.meta = store.meta(session_id)
        self.script = load_script(store.script_copy(session_id))
        self.interview = Interview(self.script, self.meta["track"])
        self._transcript = TranscriptTail(self.ref)
        self._notes = NotesReader(self.ref)
        self.notes: list[Note] = []

    @property
    def transcript(self) -> Transcript:
        return self.interview.transcript

    def poll(self) -> tuple[list[tuple[int, Event]], list[Note]]:
        """New (event index, event) pairs, already applied to the engine, and new notes."""
        docs = self._transcript.poll()  # shapes checked: SessionCorruptError names the line
        start = len(self.interview.events)
        events = [event_from_json(doc) for doc in docs]
        if any(isinstance(e, ScriptMigrated) for e in events):  # moved to a new script version
            self.script = load_script(self.store.script_copy(self.ref.id))
            everything = [*self.interview.events, *events]
            self.interview = Interview.replay(self.script, self.meta["track"], everything)
        else:
            for event in events:
                self.interview.apply(event)
        fresh = list(enumerate(events, start))
        notes = readable_notes(self._notes.poll())
        self.notes.extend(notes)
        return fresh, notes

    def warnings(self) -> list[str]:
        """What could not be read in the facilitators' files since the last call."""
        return self._notes.take_warnings()

    def present(self) -> list[str]:
        return self._notes.present()

    def turn_at(self, event_index: int) -> Turn:
        """The turn an answer event is: its number is what `annotate --turn` takes."""
        turn = self.transcript.at_event(event_index)
        if turn is None:
            raise KeyError(event_index)
        return turn
