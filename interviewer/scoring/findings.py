"""Findings and ranked next actions, each traceable to what was said (pure functions).

Next actions are the unmet indicators of each dimension's next level plus severe pain, ranked by
weight x gap to target x (1 + pain / 9), placed in the guide's roadmap phases and tied to one of
the guide's success metrics for the dimension.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from interviewer.scoring import Scorecard
from interviewer.scoring.annotations import Facilitated, Quote
from interviewer.scoring.dimension import DimensionScore
from interviewer.scoring.pain import CRITICAL, PainScore
from interviewer.script.model import Dimension, Script, Track
from interviewer.transcript import Transcript

PHASES = (
    ("Foundation", "months 1-6"),
    ("Acceleration", "months 6-12"),
    ("Optimization", "months 12-18"),
)
_WORD = re.compile(r"[a-z]{4,}")
_COMMON = {
    "model",
    "models",
    "production",
    "every",
    "with",
    "that",
    "from",
    "your",
    "have",
    "more",
    "than",
    "least",
    "some",
    "their",
    "they",
    "into",
    "each",
    "when",
    "what",
}


@dataclass
class Evidence:
    turn: int
    text: str
    source: str  # "interviewee" or the facilitator's name (a quote tag)


@dataclass
class DimensionFinding:
    key: str
    name: str
    score: DimensionScore
    level: int  # the override if there is one
    override: str | None  # "level 3 by kim: saw the pipeline"
    evidence: list[Evidence] = field(default_factory=list)
    pains: list[PainScore] = field(default_factory=list)
    verify: list[str] = field(default_factory=list)


@dataclass
class NextAction:
    dimension: str
    title: str
    why: str
    priority: float
    phase: str
    metric: str
    pain: int = 0


@dataclass
class Findings:
    dimensions: list[DimensionFinding]
    actions: list[NextAction]
    open_questions: list[str]


def _metric(dim: Dimension, text: str) -> str:
    """The success metric sharing most words with the action (the first one otherwise)."""
    if not dim.metrics:
        return ""
    words = set(_WORD.findall(text.lower())) - _COMMON
    best = max(dim.metrics, key=lambda m: len(words & set(_WORD.findall(m.text.lower()))))
    return best.text


def _phase(level: int) -> str:
    name, when = PHASES[0] if level <= 2 else PHASES[1] if level == 3 else PHASES[2]
    return f"{name} ({when})"


def findings(
    script: Script,
    track: Track,
    card: Scorecard,
    answers: Mapping[str, Any],
    transcript: Transcript,
    notes: Facilitated | None = None,
    trimmed: list[str] | None = None,
) -> Findings:
    notes = notes or Facilitated()
    active_turn = {t.step.id: t.number for t in transcript if not transcript.superseded(t)}

    out: list[DimensionFinding] = []
    actions: list[NextAction] = []
    for key, score in card.dimensions.items():
        if not score.covered:
            continue
        dim = script.dimensions[key]
        override = notes.overrides.get(key)
        level = override.level if override else score.level
        finding = DimensionFinding(
            key,
            dim.name,
            score,
            level,
            f"level {override.level} by {override.by}: {override.reason}" if override else None,
        )
        for step in track.steps:
            if step.dimension == key and step.kind == "text":
                said = answers.get(step.id)
                if isinstance(said, str) and said.strip():
                    finding.evidence.append(
                        Evidence(active_turn.get(step.id, 0), said.strip(), "interviewee")
                    )
        finding.evidence += [
            Evidence(q.turn, q.text, q.by) for q in notes.quotes if q.dimension == key
        ]
        finding.pains = [p for p in card.pains if p.dimension == key and p.severity]
        for flag in score.flags:
            detail = flag.message
            texts = [e.text for e in finding.evidence if e.source == "interviewee"][:1]
            if flag.code in ("contradiction", "perception_gap") and texts:
                detail += f" They said: “{texts[0]}”"
            finding.verify.append(detail)
        out.append(finding)

        target = score.target if score.target is not None else min(5, level + 1)
        gap = max(0, target - level)
        worst = max((p.severity or 0 for p in finding.pains), default=0)
        if level < 5 and gap > 0:
            for ind in dim.indicators_at(level + 1):
                value = score_value(answers, track, key, ind.id)
                if value == "yes":
                    continue
                priority = dim.weight * gap * (1 + worst / 9) * (1.5 if ind.critical else 1)
                said = {
                    "no": "answered no",
                    "partly": "only partly in place",
                    "unknown": "nobody was sure",
                    "na": "marked not applicable",
                    None: "not asked",
                }.get(value, str(value))
                actions.append(
                    NextAction(
                        key,
                        ind.text,
                        f"Level {level + 1} needs it ({said}); target {target}, now {level}"
                        + ("; a critical practice" if ind.critical else ""),
                        priority,
                        _phase(level + 1),
                        _metric(dim, ind.text),
                        worst,
                    )
                )
        for pain in finding.pains:
            if (pain.severity or 0) >= CRITICAL:
                fix = next(
                    (
                        o.text
                        for o in dim.opportunities
                        if set(o.indicators) & set(_pain_indicators(dim, pain))
                    ),
                    None,
                )
                title = fix or f"Relieve: {pain.text}"
                actions.append(
                    NextAction(
                        key,
                        title,
                        f"Critical pain “{pain.text}” (severity {pain.severity}/9)",
                        dim.weight * max(gap, 1) * (1 + (pain.severity or 0) / 9) * 1.2,
                        _phase(1),
                        _metric(dim, title + " " + pain.text),
                        pain.severity or 0,
                    )
                )
    actions.sort(key=lambda a: (-a.priority, a.dimension, a.title))
    seen: set[tuple[str, str]] = set()
    ranked = []
    for a in actions:
        if (a.dimension, a.title) not in seen:
            seen.add((a.dimension, a.title))
            ranked.append(a)
    open_questions = [track.index[s].text for s in (trimmed or []) if s in track.index]
    for f in out:
        if f.score.level != f.score.level_optimistic:
            open_questions.append(
                f"{f.name}: {f.score.unknown} indicator(s) answered “don't know” leave the level "
                f"between {f.score.level} and {f.score.level_optimistic}."
            )
    return Findings(out, ranked, open_questions)


def score_value(answers: Mapping[str, Any], track: Track, dim: str, indicator: str) -> Any:
    return answers.get(f"{dim}.ind.{indicator}")


def _pain_indicators(dim: Dimension, pain: PainScore) -> tuple[str, ...]:
    return next((p.indicators for p in dim.pain_points if p.id == pain.pain_id), ())


__all__ = ["DimensionFinding", "Evidence", "Findings", "NextAction", "Quote", "findings"]
