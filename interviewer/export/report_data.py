"""Everything a report needs, gathered once from a session's files."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any

from interviewer.engine import Interview
from interviewer.engine.answers import display_answer
from interviewer.scoring import Scorecard
from interviewer.scoring.annotations import Facilitated, facilitated
from interviewer.scoring.business_case import (
    BusinessCase,
    PlatformScore,
    business_case,
    platform_score,
)
from interviewer.scoring.findings import Findings, findings
from interviewer.script import Script, load_script
from interviewer.store import SessionStore
from interviewer.store.notes_file import read_notes


@dataclass
class Turn:
    number: int
    step: str
    purpose: str
    dimension: str | None
    question: str
    answer: str
    superseded: bool
    revised: bool
    from_facilitator: str | None  # who pushed the question
    ts: float
    notes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ReportData:
    session_id: str
    meta: dict[str, Any]
    script: Script
    interview: Interview
    card: Scorecard
    notes: Facilitated | None  # None unless the report includes the facilitators' notes
    findings: Findings
    business: BusinessCase | None
    platform: PlatformScore | None
    turns: list[Turn]

    @property
    def title(self) -> str:
        who = self.meta.get("participant") or "anonymous"
        org = self.meta.get("org")
        return f"{self.interview.track.title}: {who}" + (f", {org}" if org else "")


def turns_of(iv: Interview) -> list[Turn]:
    out: list[Turn] = []
    seen: set[str] = set()
    by_step = {}
    for e in iv.events:
        if e.get("type") == "facilitator_question":
            by_step[f"facilitator.{e.get('id')}"] = str(e.get("by") or "")
    for index, event in enumerate(iv.events):
        if event.get("type") != "answer":
            continue
        step_id = event["step"]
        if step_id not in iv.track.index and step_id not in iv.facilitator_steps:
            continue
        step = iv.step(step_id)
        out.append(
            Turn(
                number=len(out) + 1,
                step=step_id,
                purpose=step.purpose,
                dimension=step.dimension,
                question=iv.render(step),
                answer=display_answer(step, event.get("value"), event.get("note")),
                superseded=iv.superseded(index),
                revised=step_id in seen,
                from_facilitator=by_step.get(step_id),
                ts=float(event.get("ts") or 0),
            )
        )
        seen.add(step_id)
    return out


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
    meta = store.meta(session_id)
    script = load_script(store.script_copy(session_id))
    iv = Interview.replay(script, meta["track"], store.events(session_id))
    card = iv.scorecard()
    notes = None
    turns = turns_of(iv)
    if with_notes:
        records = read_notes(store.ref(session_id))
        dims = {s.id: s.dimension for s in iv.track.steps}
        dims.update({k: None for k in iv.facilitator_steps})
        notes = facilitated(card, iv.events, records, dims)
        for rec in notes.annotations:
            turn = rec.get("turn")
            if isinstance(turn, int) and 1 <= turn <= len(turns):
                turns[turn - 1].notes.append(rec)
    found = findings(script, iv.track, card, iv.answers, iv.events, notes, iv.trimmed)
    return ReportData(
        session_id,
        meta,
        script,
        iv,
        card,
        notes,
        found,
        business_case(iv.answers),
        platform_score(iv.answers),
        turns,
    )
