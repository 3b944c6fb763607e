"""Following a session another process is writing: tail its transcript and the facilitators'
notes, and replay the transcript through the engine so the state is always current.

Headless; the shadow app and tests use it. Reads only: it never writes the transcript.
"""

from __future__ import annotations

from typing import NamedTuple

from interviewer.engine.interview import Interview
from interviewer.records import (
    Completed,
    ConsentDeclined,
    ConsentGiven,
    Event,
    FacilitatorQuestion,
    Note,
    Paused,
    Resumed,
    ScriptMigrated,
    Started,
)
from interviewer.script import load_script
from interviewer.script.model import Kind
from interviewer.session.consent import consent_state, notice_in_force, when
from interviewer.store import SessionStore, TranscriptTail
from interviewer.store.notes_file import NotesReader
from interviewer.transcript import Transcript, Turn

INTERVIEWEE = "Interviewee"  # the session has no participant's name


class OnScreen(NamedTuple):
    """What the interviewee has in front of them now, as they see it."""

    heading: str  # "Now on Dana's screen · turn 5 · Deployment"
    text: str  # the question as put (Markdown), or what the screen shows instead
    choices: str  # the options offered, or what kind of answer is asked for; "" for free text
    detail: str  # the step id and purpose: for someone who knows the script


def opened_only(events: list[Event], index: int) -> bool:
    """A `resumed` that is the session's first opening: nothing but its `started` before it
    (a browser link creates the session, then opens it)."""
    return all(isinstance(e, Started) for e in events[:index])


def choices(step_kind: Kind, labels: list[str], low: float | None, high: float | None) -> str:
    """The answers offered, in the words the interviewee's screen uses."""
    if labels:
        return "Choices: " + " · ".join(labels)
    if step_kind == "scale":
        return f"A rating from {low or 1:g} to {high or 5:g}"
    if step_kind == "number":
        bounds = [f"at least {low:g}"] if low is not None else []
        bounds += [f"at most {high:g}"] if high is not None else []
        return "A number" + (f" ({', '.join(bounds)})" if bounds else "")
    return ""


class SessionFollower:
    def __init__(self, store: SessionStore, session_id: str) -> None:
        self.store = store
        self.ref = store.ref(session_id)
        self.meta = store.meta(session_id)
        self.script = load_script(store.script_copy(session_id))
        self.interview = Interview(self.script, self.meta.track)
        self.notice = notice_in_force(self.meta, self.script)  # once: it loads a script
        self._transcript = TranscriptTail(self.ref)
        self._notes = NotesReader(self.ref)
        self.notes: list[Note] = []

    @property
    def participant(self) -> str:
        """Who is interviewed, as the facilitator's screen names them."""
        return self.meta.participant.strip() or INTERVIEWEE

    def happened(self, index: int, event: Event) -> str | None:
        """The line the facilitator reads for a session event that is not an answer; None for
        one with nothing to say (a first opening is the start itself, not a resume)."""
        name = self.participant
        if isinstance(event, Started):
            return f"The interview started at {when(event.ts)}."
        if isinstance(event, Resumed):
            if opened_only(self.interview.events, index):
                return None
            return f"The interview was resumed at {when(event.ts)}."
        if isinstance(event, Paused):
            return f"The interview was paused at {when(event.ts)}."
        if isinstance(event, Completed):
            return f"The interview was completed at {when(event.ts)}."
        if isinstance(event, FacilitatorQuestion):
            return f"{event.by} pushed a question: {event.text}"
        if isinstance(event, ConsentGiven):
            return f"{name} accepted the notice at {when(event.ts)}."
        if isinstance(event, ConsentDeclined):
            return f"{name} declined the notice at {when(event.ts)}."
        return None

    def on_screen(self) -> OnScreen | None:
        """The question on the interviewee's screen, rendered as they see it (earlier answers
        quoted, the wording an earlier answer called for); the notice while it waits for an
        answer; None once the interview is over."""
        iv = self.interview
        name = self.participant
        where = f"{name}'s screen" if name != INTERVIEWEE else "the interviewee's screen"
        where = f"Now on {where}" if iv.status != "paused" else "Paused; asked next"
        consent = consent_state(iv.events, self.notice)
        if consent.declined:
            return None
        if iv.status != "completed" and consent.needed:
            return OnScreen(
                where,
                "The notice about this interview, waiting to be accepted.",
                "",
                "",
            )
        ask = iv.ask()
        if ask is None:
            return None
        step = ask.step
        parts = [where, f"turn {len(iv.transcript) + 1}"]
        if step.dimension:
            parts.append(self.script.dimensions[step.dimension].name)
        pushed = iv.asked_by.get(step.id)
        if pushed:
            parts.append(f"a question from {pushed}")
        labels = [o.label for o in step.options]
        return OnScreen(
            " · ".join(parts),
            ask.text,
            choices(step.kind, labels, step.min, step.max),
            f"step {step.id} ({step.purpose})",
        )

    @property
    def transcript(self) -> Transcript:
        return self.interview.transcript

    def poll(self) -> tuple[list[tuple[int, Event]], list[Note]]:
        """New (event index, event) pairs, already applied to the engine, and new notes."""
        events = self._transcript.poll()  # checked: SessionCorruptError names the line
        start = len(self.interview.events)
        if any(isinstance(e, ScriptMigrated) for e in events):  # moved to a new script version
            self.script = load_script(self.store.script_copy(self.ref.id))
            self.notice = notice_in_force(self.meta, self.script)
            everything = [*self.interview.events, *events]
            self.interview = Interview.replay(self.script, self.meta.track, everything)
        else:
            for event in events:
                self.interview.apply(event)
        fresh = list(enumerate(events, start))
        notes = self._notes.poll()
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
