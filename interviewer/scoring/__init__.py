"""Pure, deterministic scoring: answers in, levels, ranges, confidence, flags and pain out.

Headless: never imports Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from interviewer.scoring.contradictions import Contradiction
from interviewer.scoring.dimension import DimensionScore, Evidence, Flag, Statement, assess
from interviewer.scoring.overall import Overall, overall
from interviewer.scoring.pain import PainScore, pain_score
from interviewer.script.model import INDICATOR_SHOWN, Script, Step, Track
from interviewer.transcript import Clarified

__all__ = [
    "Contradiction",
    "DimensionScore",
    "Evidence",
    "Flag",
    "Overall",
    "PainScore",
    "Scorecard",
    "add_evidence",
    "evidence_from_answers",
    "score_answers",
]


class Scorecard(NamedTuple):
    """Everything scored so far: per dimension, overall, and pain."""

    dimensions: dict[str, DimensionScore]
    overall: Overall
    pains: list[PainScore]

    def to_summary(self) -> dict[str, Any]:
        """The `summary` payload of the JSON-lines protocol."""
        dims = {}
        for key, d in self.dimensions.items():
            if not d.covered:
                continue
            dims[key] = {
                "level": d.level,
                "range": list(d.range),
                "score": round(d.score, 2),
                "confidence": d.confidence,
                "self_rating": d.self_rating,
                "target": d.target,
                "flags": [f.code for f in d.flags],
            }
        o = self.overall
        return {
            "dimensions": dims,
            "overall": {
                "score": round(o.score, 2),
                "range": [round(o.score_range[0], 2), round(o.score_range[1], 2)],
                "coverage": round(o.coverage, 2),
            },
        }


def shown(step: Step, value: Any) -> str:
    """An answer as the interviewee gave it, for quoting: option labels rather than values."""
    if step.kind == "indicator":
        return INDICATOR_SHOWN.get(str(value), str(value))
    labels = {o.value: o.label for o in step.options}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value) or "none"
    if step.kind == "choice":
        return labels.get(str(value), str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def add_evidence(ev: Evidence, step: Step, value: Any, clarified: Clarified | None = None) -> None:
    """Fold one answer into its dimension's evidence; `clarified`: the clarifying question an
    indicator's answer came from, and the answer it asked about. Neither a skip nor a non-answer
    ("don't know") to a number question counts: it gives no number to count or compare."""
    if step.indicator is not None and step.routed:
        if ev.asked is None:
            ev.asked = set()
        ev.asked.add(step.indicator.id)
    if value is None or (step.kind == "number" and isinstance(value, str)):
        return
    ev.statements[step.id] = Statement(
        step.text, value, shown(step, value), step.kind, step.purpose
    )
    if step.indicator is not None:
        ev.indicators[step.indicator.id] = value
        if clarified is not None:
            ev.clarified[step.indicator.id] = clarified
    elif step.purpose == "self_rating":
        ev.self_rating = int(value)
    elif step.purpose == "target":
        ev.target = int(value)
    elif step.kind == "text" and isinstance(value, str):
        ev.texts.append(value)


def evidence_from_answers(
    track: Track, answers: Mapping[str, Any], clarified: Mapping[str, Clarified] | None = None
) -> dict[str, Evidence]:
    """Group a track's answers by dimension into what scoring needs; `clarified`: indicator
    step -> the clarifying question its answer came from (Interview.claims)."""
    clarified = clarified or {}
    evidence: dict[str, Evidence] = {key: Evidence() for key in track.dimensions}
    for step_id, value in answers.items():
        step = track.index.get(step_id)
        if step is not None and step.dimension is not None:
            ev = evidence.setdefault(step.dimension, Evidence())
            add_evidence(ev, step, value, clarified.get(step_id))
    return evidence


def score_answers(
    script: Script,
    track: Track,
    answers: Mapping[str, Any],
    clarified: Mapping[str, Clarified] | None = None,
) -> Scorecard:
    """`clarified`: indicator step -> the clarifying question its answer came from."""
    from interviewer.scoring.heard import heard_against  # the reader: not before an answer

    evidence = evidence_from_answers(track, answers, clarified)
    for key, ev in evidence.items():
        if key in script.dimensions:
            ev.heard_against = heard_against(script.dimensions[key], ev)
    dims = {
        key: assess(script.dimensions[key], ev, script.cues)
        for key, ev in evidence.items()
        if key in script.dimensions
    }
    pains: list[PainScore] = []
    for step in track.steps:
        if step.purpose == "pain" and step.dimension:
            chosen = answers.get(step.id) or []
            dim = script.dimensions[step.dimension]
            worst = answers.get(f"{step.dimension}.pains.worst")
            for pain in dim.pain_points:
                if pain.id in chosen:
                    pains.append(
                        pain_score(
                            step.dimension, pain.id, pain.text, pain.kind, answers, worst == pain.id
                        )
                    )
    pains.sort(key=lambda p: (-(p.severity or 0), not p.worst))
    return Scorecard(dims, overall(script.dimensions, dims), pains)
