"""What the organisation report reads from one session, drawn once from its replay: its levels,
pain, actions, quoted words and business figures. The replay itself is not kept, and a
completed session's analysis is cached beside it (`cache`), so a report over many sessions
holds one small record per session."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from interviewer.export.report_data import ReportData
from interviewer.records import FacilitatorQuestion
from interviewer.scoring.business_case import BusinessCase
from interviewer.scoring.platform_comparison import CANDIDATES, CRITERIA
from interviewer.scoring.recommend import Elsewhere
from interviewer.scoring.said import Said, role_answers
from interviewer.script import ScriptError, load_script
from interviewer.script.loader import builtin_script_path
from interviewer.script.model import Step, Track
from interviewer.textsafe import one_line

# What the executive said about strategy, quoted as said: every step the script labels with a
# `summary:` (strategic priorities, challenges, success criteria, sponsor, decision and timing,
# ...), in the track's order; an executive session lists each, "not answered" when it has no
# answer, so a missing sponsor or decision date is visible.
STRATEGY_ROLES = ("executive",)  # the tracks whose sessions are quoted with every line above


@dataclass(frozen=True)
class Quote:
    step: str
    label: str
    question: str
    answer: str | None  # None: not answered


@dataclass(frozen=True)
class DimensionSeen:
    """One dimension the session assessed."""

    key: str
    name: str
    level: int  # the facilitator's override where there is one
    score: float  # beside the level: the level itself where it was overridden
    # the first practice up to the target not in place (see `not_in_place`), None when none
    # is: the report names one, with the session, where no action addresses it
    unmet: str | None


@dataclass(frozen=True)
class PainSeen:
    """A pain point the session confirmed with a severity."""

    dimension: str
    pain_id: str
    text: str
    severity: int
    worst: bool  # the one the interviewee said hurts most


@dataclass(frozen=True)
class ActionSeen:
    """One of the session's next actions, as the roadmap consolidates it."""

    id: str
    dimension: str
    title: str
    owner: str
    effort: str
    phase: str
    metric: str
    depends_on: tuple[str, ...]
    source: str
    priority: float
    clears: bool  # it addresses what the session said stops a first model
    addresses: tuple[str, ...]  # what it fixes, as the session's report words it
    elsewhere: tuple[Elsewhere, ...]  # prerequisites in areas the session did not assess


@dataclass(frozen=True)
class OverallSeen:
    """The session's own overall: the weighted mean of its scores over what it assessed."""

    score: float
    coverage: float
    covered: bool  # any dimension assessed


@dataclass(frozen=True)
class SessionAnalysis:
    status: str  # as replayed: active, paused, completed
    answered: bool  # anything answered beyond the consent
    overall: OverallSeen
    dimensions: tuple[DimensionSeen, ...]
    pains: tuple[PainSeen, ...]
    actions: tuple[ActionSeen, ...]
    missing_owners: tuple[str, ...]  # owner roles the answers ruled out
    quotes: tuple[Quote, ...]  # the answers to the strategy steps (see `quotes`)
    regulations: tuple[str, ...]  # the regulations named, as said
    said: dict[str, Said]  # each role's answer: decision, capacity, success criteria, ...
    business: BusinessCase | None
    platform_inputs: dict[str, Any]  # the answers a platform comparison is scored from
    asked_by: tuple[str, ...]  # who pushed a question into the session (for anonymising)


def analyse(data: ReportData) -> SessionAnalysis:
    """Everything the organisation report needs from one gathered session."""
    card, found = data.card, data.findings
    dimensions = tuple(
        DimensionSeen(
            f.key,
            f.name,
            f.level,
            float(f.level) if f.override else f.score.score,
            next(iter(not_in_place(data, f.key, f.level, f.score.target)), None),
        )
        for f in found.dimensions
    )
    pains = tuple(
        PainSeen(p.dimension, p.pain_id, p.text, p.severity, p.worst)
        for p in card.pains
        if p.severity
    )
    actions = tuple(
        ActionSeen(
            a.id,
            a.dimension,
            a.title,
            a.owner,
            a.effort,
            a.phase,
            a.metric.text if a.metric else "",
            a.depends_on,
            a.source,
            a.priority,
            any(x.kind == "said" for x in a.addresses),
            tuple(x.text for x in a.addresses),
            a.elsewhere,
        )
        for a in found.actions
    )
    overall = card.overall
    return SessionAnalysis(
        status=str(data.interview.status),
        answered=any(not t.event.skipped for t in data.transcript),
        overall=OverallSeen(overall.score, overall.coverage, bool(overall.covered)),
        dimensions=dimensions,
        pains=pains,
        actions=actions,
        missing_owners=tuple(found.missing_owners),
        quotes=quotes(data),
        regulations=regulations(data),
        said=role_answers(data.interview.track, data.transcript),
        business=data.business,
        platform_inputs=platform_inputs(data.interview.answers),
        asked_by=tuple(e.by for e in data.interview.events if isinstance(e, FacilitatorQuestion)),
    )


def platform_inputs(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers `scoring.platform_comparison.platform_comparison` reads: the executive's
    priorities, the current platform's ratings and each candidate's name and ratings."""
    keys = ["evaluation-priorities", *(f"platform-{k}" for k, _, _ in CRITERIA)]
    for n in range(1, CANDIDATES + 1):
        keys += [f"candidate-{n}", *(f"candidate-{n}-{k}" for k, _, _ in CRITERIA)]
    return {k: answers[k] for k in keys if k in answers}


def not_in_place(data: ReportData, key: str, level: int, target: int | None) -> list[str]:
    """The practices up to the target that are not in place (as the ranking of actions sees
    them: `scoring.recommend`), or claimed but contradicted; one the adaptive route took as in
    place from a spot check is in place."""
    dim = data.script.dimensions[key]
    target = target if target is not None else min(5, level + 1)
    answers = data.interview.answers
    found = [f for f in data.findings.dimensions if f.key == key]
    disputed = {c.indicator for f in found for c in f.contradictions if not c.resolved}
    inferred = {i for f in found for i in f.score.inferred or {}}
    out = []
    for i in dim.indicators:
        value = answers.get(f"{key}.ind.{i.id}")
        missing = value not in ("yes", "na") and not (value is None and i.id in inferred)
        if (target > level and i.level <= target and missing) or (
            i.id in disputed and value in ("yes", "mostly")
        ):
            out.append(i.text)
    return out


def regulations(data: ReportData) -> tuple[str, ...]:
    """The regulations the session named: the answers of the steps playing `regulation`."""
    track = data.interview.track
    steps = [s.id for s in track.steps if s.role == "regulation"]
    steps = steps or [s.id for s in _builtin_steps(track) if s.role == "regulation"]
    return tuple(said for step_id in steps if (said := _answer(data, step_id)))


def _answer(data: ReportData, step_id: str) -> str | None:
    turn = data.transcript.in_force(step_id)
    if turn is None or turn.event.value is None or turn.event.skipped:
        return None
    text = one_line(turn.answer)
    return text or None


def quotes(data: ReportData) -> tuple[Quote, ...]:
    """The session's answers to the steps the script labels for a summary; an executive
    session lists every labelled step, answered or not."""
    track = data.interview.track
    executive = track.key in STRATEGY_ROLES
    labels = _labels(track)
    out = []
    for step in track.steps:
        label = labels.get(step.id, "")
        if not label:
            continue
        said = _answer(data, step.id)
        if said is not None or (executive and step.id in labels):
            out.append(Quote(step.id, label, one_line(step.text), said))
    return tuple(out)


def _builtin_steps(track: Track) -> list[Step]:
    """The built-in script's steps of the same track that this session's script also has: what
    a session pinned to a script from before a label or a role reads them by."""
    builtin = _builtin_tracks(str(builtin_script_path())).get(track.key)
    return [s for s in builtin.steps if s.id in track.index] if builtin is not None else []


@functools.lru_cache(maxsize=1)
def _builtin_tracks(path: str) -> dict[str, Track]:
    """Loaded once per report, not once per session."""
    try:
        return dict(load_script(path).tracks)
    except ScriptError:
        return {}


def _labels(track: Track) -> dict[str, str]:
    """The track's summary labels by step id; a session pinned to a script from before a
    label takes the built-in script's for the same step."""
    labels = {step.id: step.summary for step in track.steps if step.summary}
    older = {s.id: s.summary for s in _builtin_steps(track) if s.summary}
    return {**older, **labels}
