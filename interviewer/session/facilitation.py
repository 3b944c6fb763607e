"""The facilitator's actions, shared by the one-shot commands and the shadow app.

Each action validates against the session (the turn exists, the dimension is scored by its
script) and appends one record to the acting facilitator's own notes file.
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

from interviewer.engine.interview import Interview
from interviewer.records import Annotation, LevelOverride, Note, PushedQuestion
from interviewer.script import load_script
from interviewer.store import SessionStore, StoreError
from interviewer.store.notes_file import NotesWriter
from interviewer.transcript import Transcript

STANDARD_TAGS = ("quote", "pain", "risk", "follow-up", "disagree")
TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def annotation(transcript: Transcript, turn: int, note: str, tags: list[str]) -> Annotation:
    if not 1 <= turn <= len(transcript):
        raise StoreError(
            f"turn {turn} does not exist: the session has {len(transcript)} "
            f"answer{'' if len(transcript) == 1 else 's'} so far"
        )
    bad = [t for t in tags if not TAG_RE.fullmatch(t)]
    if bad:
        raise StoreError(f"tags are single words (letters, digits, '-', '_'): {', '.join(bad)}")
    if not note.strip() and not tags:
        raise StoreError("an annotation needs a note or at least one tag")
    answered = transcript[turn]
    return Annotation(
        turn=turn,
        event=answered.event_index,
        step=answered.step.id,
        note=note.strip(),
        tags=tuple(dict.fromkeys(t.lower() for t in tags)),
        ts=time.time(),
    )


def override(dimensions: list[str], key: str, level: int, reason: str) -> LevelOverride:
    if key not in dimensions:
        raise StoreError(f"unknown dimension {key!r}; choose one of: {', '.join(dimensions)}")
    if not 1 <= level <= 5:
        raise StoreError("a level is a whole number from 1 to 5")
    if not reason.strip():
        raise StoreError("an override needs a reason")
    return LevelOverride(dimension=key, level=level, reason=reason.strip(), ts=time.time())


def question(text: str) -> PushedQuestion:
    if not text.strip():
        raise StoreError("the question is empty")
    return PushedQuestion(id=secrets.token_hex(4), text=text.strip(), ts=time.time())


def record(store: SessionStore, session_id: str, who: str, kind: str, **kw: Any) -> Note:
    """Validate one action against the session and append it to `who`'s notes file."""
    ref = store.ref(session_id)
    meta = store.meta(session_id)  # a clear "no session" before anything else
    rec: Note
    if kind == "annotation":
        script = load_script(store.script_copy(session_id))
        transcript = Interview.replay(script, meta.track, store.events(session_id)).transcript
        rec = annotation(transcript, kw["turn"], kw["note"], kw["tags"])
    elif kind == "override":
        script = load_script(store.script_copy(session_id))
        rec = override(list(script.dimensions), kw["dimension"], kw["level"], kw["reason"])
    else:
        rec = question(kw["text"])
    with NotesWriter(ref, who, window=False) as notes:  # several at once are fine
        notes.append([rec])
    return rec
