"""Everything a report needs, gathered once from a session's files."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from interviewer.engine.errors import DamagedLog
from interviewer.engine.interview import Interview
from interviewer.export.session_check import checked_session
from interviewer.export.told_about_the_rest import TheRest, the_rest
from interviewer.records import Annotation, SessionMeta
from interviewer.scoring import Scorecard
from interviewer.scoring.annotations import Facilitated, facilitated
from interviewer.scoring.business_case import BusinessCase
from interviewer.scoring.business_inputs import session_business_case
from interviewer.scoring.findings import Findings, findings
from interviewer.scoring.platform_comparison import PlatformComparison, platform_comparison
from interviewer.script import Script, ScriptError, load_script
from interviewer.script.model import Track
from interviewer.store import SessionCorruptError, SessionStore
from interviewer.store.notes_file import read_notes
from interviewer.transcript import Transcript


@dataclass
class ReportData:
    session_id: str
    meta: SessionMeta
    script: Script
    interview: Interview
    card: Scorecard
    notes: Facilitated | None  # None unless the report includes the facilitators' notes
    findings: Findings
    business: BusinessCase | None
    platform: PlatformComparison | None
    turn_notes: dict[int, list[Annotation]]  # facilitators' notes by turn number
    anonymised: bool = False  # rewritten by export.anonymise: no names, ids or times of day

    @property
    def transcript(self) -> Transcript:
        return self.interview.transcript

    @property
    def the_rest(self) -> TheRest | None:
        """What the session heard about the areas it did not assess, and who to see next."""
        assessed = [f.key for f in self.findings.dimensions]
        return the_rest(self.script, self.interview.track, self.transcript, assessed)

    @property
    def title(self) -> str:
        who = self.meta.participant or "anonymous"
        org = self.meta.org
        return f"{self.interview.track.title}: {who}" + (f", {org}" if org else "")


def _current_track(script: Script, track: str) -> Track | None:
    """The same track of the current version of a session's script, when that is the built-in
    one: a session recorded on an earlier version reads its business case by these roles."""
    try:
        current = load_script()
        same = current.id == script.id and track in current.tracks
        return current.tracks[track] if same else None
    except ScriptError:
        return None


def gather(store: SessionStore, session_id: str, with_notes: bool = False) -> ReportData:
    # replaying a long log allocates many small objects that all stay alive: the cyclic
    # collector's passes over them are pure overhead here (a third of a 1,000-turn export)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _gather(store, session_id, with_notes)
    finally:
        if enabled:
            gc.enable()


def _gather(store: SessionStore, session_id: str, with_notes: bool) -> ReportData:
    meta, script = checked_session(store, session_id)
    events = store.events(session_id)
    try:
        iv = Interview.replay(script, meta.track, events)
    except DamagedLog as exc:
        raise SessionCorruptError(
            f"session {session_id}: its transcript cannot be replayed ({exc}); it was left as is"
        ) from None
    card = iv.scorecard()
    notes = None
    turn_notes: dict[int, list[Annotation]] = {}
    if with_notes:
        notes = facilitated(card, iv.transcript, read_notes(store.ref(session_id)))
        for rec in notes.annotations:
            turn_notes.setdefault(rec.turn, []).append(rec)
    found = findings(script, iv.track, card, iv.answers, iv.transcript, notes, iv.trimmed)
    return ReportData(
        session_id,
        meta,
        script,
        iv,
        card,
        notes,
        found,
        session_business_case(iv.track, iv.answers, _current_track(script, meta.track)),
        platform_comparison(iv.answers),
        turn_notes,
    )
