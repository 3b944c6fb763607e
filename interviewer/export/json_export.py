"""The JSON export: everything, in a documented and versioned schema (see README, "JSON export").

Without notes nothing of the facilitators' notes, tags or overrides is included."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from interviewer.export.report_data import ReportData
from interviewer.records import to_json
from interviewer.scoring.recommend import NextAction
from interviewer.textsafe import clean_json
from interviewer.transcript import Turn

SCHEMA = "interviewer.report/2"


def render_json(data: ReportData) -> dict[str, Any]:
    """The export as a JSON document; every string in it has its control sequences removed,
    as in the Markdown and HTML exports."""
    return clean_json(_document(data))


def _document(data: ReportData) -> dict[str, Any]:
    iv, card = data.interview, data.card
    meta = data.meta
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "session": {
            "id": data.session_id,
            "track": meta.get("track"),
            "org": meta.get("org") or "",
            "participant": meta.get("participant") or "",
            "started": meta.get("started"),
            "status": iv.status,
            "script": {
                "id": data.script.id,
                "version": data.script.version,
                "sha256": data.script.sha256,
            },
        },
        "scores": card.to_summary(),
        "dimensions": {
            d.key: {
                "name": d.name,
                "level": d.level,
                "range": [d.level, d.level_optimistic],
                "score": round(d.score, 3),
                "score_range": [round(d.score, 3), round(d.score_optimistic, 3)],
                "confidence": d.confidence,
                "confidence_reasons": d.reasons,
                "self_rating": d.self_rating,
                "target": d.target,
                "flags": [f._asdict() for f in d.flags],
            }
            for d in card.dimensions.values()
            if d.covered
        },
        "pains": [
            {
                "dimension": p.dimension,
                "id": p.pain_id,
                "text": p.text,
                "frequency": p.frequency,
                "impact": p.impact,
                "severity": p.severity,
            }
            for p in card.pains
        ],
        "findings": [
            {
                "dimension": f.key,
                "finding": f.finding,
                "level": f.level,
                "baseline": [b._asdict() for b in f.baseline],
                "confidence_reasons": f.confidence_reasons,
                "contradictions": [c._asdict() for c in f.contradictions],
                "evidence": [asdict(e) for e in f.evidence],
                "verify": f.verify,
            }
            for f in data.findings.dimensions
        ],
        "actions": [_action(a) for a in data.findings.actions],
        "open_questions": data.findings.open_questions,
        "business_case": None,
        "platform": None,
        "transcript": [_turn(data, t) for t in data.transcript],
    }
    if data.business is not None:
        b = data.business
        out["business_case"] = {
            "investment": b.investment,
            "annual_benefit": b.annual_benefit,
            "years": b.years,
            "discount_rate": b.discount_rate,
            "currency": b.currency,
            "payback_years": b.payback_years,
            "npv": b.npv,
            "irr": b.irr,
        }
    if data.platform is not None:
        out["platform"] = {
            "weighted": data.platform.weighted,
            "ratings": {
                k: {"criterion": n, "weight": w, "rating": r}
                for k, (n, w, r) in data.platform.ratings.items()
            },
        }
    if data.notes is not None:
        out["notes"] = {
            "annotations": [to_json(a) for a in data.notes.annotations],
            "overrides": {k: asdict(o) for k, o in data.notes.overrides.items()},
            "quotes": [asdict(q) for q in data.notes.quotes],
            "pains": [asdict(p) for p in data.notes.pains],
        }
        for t, row in zip(data.transcript, out["transcript"], strict=True):
            row["notes"] = [to_json(a) for a in data.turn_notes.get(t.number, [])]
    return out


def _action(a: NextAction) -> dict[str, Any]:
    return {
        "id": a.id,
        "dimension": a.dimension,
        "title": a.title,
        "owner": a.owner,
        "effort": a.effort,
        "phase": a.phase,
        "addresses": [x._asdict() for x in a.addresses],
        "depends_on": list(a.depends_on),
        "metric": a.metric._asdict() if a.metric else None,
        "why": a.why,
        "priority": a.priority,
        "source": a.source,
    }


def _turn(data: ReportData, t: Turn) -> dict[str, Any]:
    return {
        "number": t.number,
        "step": t.step.id,
        "purpose": t.step.purpose,
        "dimension": t.dimension,
        "question": t.question,
        "answer": t.answer,
        "superseded": data.transcript.superseded(t),
        "revised": t.revises,
        "from_facilitator": t.asked_by,
        "ts": t.ts,
    }
