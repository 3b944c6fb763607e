"""The JSON export: everything, in a documented and versioned schema (see README, "JSON export").

Without notes nothing of the facilitators' notes, tags or overrides is included."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from interviewer.export.anonymise import day
from interviewer.export.executive_summary import summarise
from interviewer.export.report_data import ReportData
from interviewer.export.told_about_the_rest import TheRest
from interviewer.records import to_json
from interviewer.scoring.business_case import (
    BENEFIT_ITEMS,
    ONE_OFF_ITEMS,
    PHASE_SPANS,
    YEARLY_ITEMS,
    BusinessCase,
)
from interviewer.scoring.business_verdict import (
    npv_benefit,
    payback_benefit,
    payback_investment,
    pays_back_in_time,
)
from interviewer.scoring.platform_comparison import PlatformComparison
from interviewer.scoring.recommend import NextAction
from interviewer.textsafe import clean_json
from interviewer.transcript import Turn

SCHEMA = "interviewer.report/3"  # 3: role steps, client targets, owners; how contradictions settled


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
            "track": meta.track,
            "org": meta.org,
            "participant": meta.participant,
            "started": meta.started,
            "status": iv.status,
            "anonymised": data.anonymised,
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
                "range": list(d.range),
                "score": round(d.score, 3),
                "score_range": [round(d.score_pessimistic, 3), round(d.score_optimistic, 3)],
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
                "kind": p.kind,
                "frequency": p.frequency,
                "impact": p.impact,
                "severity": p.severity,
                "hurts_most": p.worst,
            }
            for p in card.pains
        ],
        "findings": [
            {
                "dimension": f.key,
                "finding": f.finding,
                "level": f.level,
                "score": None if f.override else round(f.score.score, 3),
                "baseline": [b._asdict() for b in f.baseline],
                "confidence_reasons": f.confidence_reasons,
                "contradictions": [c._asdict() for c in f.contradictions],
                "evidence": [asdict(e) for e in f.evidence],
                "heard": [h._asdict() for h in f.heard],
                "verify": f.verify,
            }
            for f in data.findings.dimensions
        ],
        "actions": [_action(a) for a in data.findings.actions],
        "the_rest": _the_rest(data.the_rest),
        "stated": _stated(data),
        "open_questions": data.findings.open_questions,
        "executive_summary": _summary(data),
        "business_case": None,
        "platform": None,
        "transcript": [_turn(data, t) for t in data.transcript],
    }
    if data.transcript.migrated:
        out["session"]["script"]["moves"] = [
            {"from_version": a, "to_version": b, "ts": _move_ts(data, i)}
            for i, a, b in data.transcript.moves
        ]
    if data.business is not None:
        out["business_case"] = _business_case(data.business)
    if data.platform is not None:
        out["platform"] = _platform(data.platform)
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


def _summary(data: ReportData) -> dict[str, Any]:
    summary = summarise(
        data.script,
        data.findings,
        data.transcript,
        data.card.overall.score,
        data.card.overall.coverage,
        data.meta.org,
        data.interview.track.title,
    )
    return {
        "found": summary.found,
        "covers": summary.covers,
        "findings": [f.key for f in summary.findings],
        "actions": [a.id for a in summary.actions],
        "quotes": [q._asdict() for q in summary.quotes],
        "priority": summary.priority,
    }


def _business_case(b: BusinessCase) -> dict[str, Any]:
    """Every input (with which were defaults), every output, the sensitivity rows, the
    comparisons with the guide and the assumptions. The first eight keys are as before."""
    base = b.base
    labels = {**ONE_OFF_ITEMS, **YEARLY_ITEMS, **BENEFIT_ITEMS}

    def items(values: dict[str, float]) -> list[dict[str, Any]]:
        return [
            {"role": k, "step": b.steps.get(k), "label": labels[k], "amount": v}
            for k, v in values.items()
        ]

    return {
        "investment": b.investment,
        "annual_benefit": b.annual_benefit,
        "years": b.years,
        "discount_rate": b.discount_rate,
        "currency": b.currency,
        "payback_years": b.payback_years,
        "npv": b.npv,
        "irr": b.irr,
        "irr_reason": base.irr_found.reason or None,
        "verdict": b.verdict,
        "pays_back_in_time": pays_back_in_time(b),
        "break_even": {
            "yearly_benefit_to_pay_back": payback_benefit(b),
            "investment_to_pay_back": payback_investment(b),
            "yearly_benefit_for_zero_npv": npv_benefit(b),
        },
        "running_costs_given": b.running_given,
        "against_today": b.against_today,
        "payback_months": base.payback_months,
        "roi_multiple": base.roi_multiple,
        "roi_multiple_definition": "present value of the benefits / present value of all costs",
        "baseline": b.baseline,
        "yearly_cost": b.yearly_cost,
        "one_off": items(b.one_off),
        "yearly": items(b.yearly),
        "benefits": items(b.benefits),
        "not_given": [
            {"role": k, "step": b.steps.get(k), "label": labels.get(k, k)} for k in b.not_given
        ],
        "ramp": None
        if b.ramp is None
        else {p.lower(): share for (p, _, _), share in zip(PHASE_SPANS, b.ramp, strict=True)},
        "ramp_source": b.ramp_source or None,
        "defaults": {
            "discount_rate": b.rate_default,
            "years": b.years_default,
            "ramp": b.ramp_source == "default",
        },
        "cash_flows": [
            {
                "year": t,
                "benefit": (benefit := b.annual_benefit * b.year_share(t) if t else 0.0),
                "costs": benefit - net,
                "net": net,
            }
            for t, net in enumerate(base.flows)
        ],
        "sensitivity": [
            {
                "case": s.name,
                "benefit_factor": s.benefit_factor,
                "cost_factor": s.cost_factor,
                "payback_months": s.payback_months,
                "npv": s.npv,
                "irr": s.irr,
                "roi_multiple": s.roi_multiple,
                "pv_benefits": s.pv_benefits,
                "pv_costs": s.pv_costs,
            }
            for s in b.sensitivity
        ],
        "comparisons": b.comparisons,
        "assumptions": b.assumptions,
    }


def _platform(p: PlatformComparison) -> dict[str, Any]:
    """The weights (the guide's, the points added for the executive's priorities, the weights
    used) and every option ranked; `weighted` and `ratings` are the current platform's, as
    before."""
    return {
        "weighted": p.weighted,
        "ratings": {
            k: {"criterion": n, "weight": w, "rating": r} for k, (n, w, r) in p.ratings.items()
        },
        "priorities": list(p.priorities),
        "adjusted": p.adjusted,
        "adjustment": p.adjustment,
        "weights": [
            {
                "key": w.key,
                "criterion": w.name,
                "guide": w.guide,
                "added_points": w.added,
                "weight": w.weight,
            }
            for w in p.weights
        ],
        "options": [
            {
                "rank": n,
                "name": o.name,
                "current": o.current,
                "ratings": o.ratings,
                "weighted": o.weighted,
                "complete": o.complete,
            }
            for n, o in enumerate(p.ranked, 1)
        ],
    }


def _stated(data: ReportData) -> dict[str, Any]:
    """What the recommendations took from the interviewee's own words."""
    found = data.findings
    priority = found.priority
    return {
        "priority": None
        if priority is None
        else {
            "text": priority.said.text,
            "turn": priority.said.turn,
            "dimension": priority.dimension,
        },
        "blocker": found.blocker._asdict() if found.blocker else None,
        "owners_missing": list(found.missing_owners),
    }


def _the_rest(rest: TheRest | None) -> dict[str, Any] | None:
    """What was heard about the areas not assessed, and the sessions to run next."""
    if rest is None:
        return None
    return {
        "assessed": list(rest.assessed),
        "hypotheses": [h._asdict() for h in rest.hypotheses],
        "sessions": [
            {**s._asdict(), "invite": [p._asdict() for p in s.invite]} for s in rest.sessions
        ],
        "unmatched": [p._asdict() for p in rest.unmatched],
    }


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
        "depends_on_elsewhere": [e._asdict() for e in a.elsewhere],
        "needed_first": a.needed_first,
        "metric": a.metric._asdict() if a.metric else None,
        "owner_instead_of": a.owner_instead_of or None,
        "in_place": list(a.in_place),
        "why": a.why,
        "priority": a.priority,
        "source": a.source,
    }


def _turn(data: ReportData, t: Turn) -> dict[str, Any]:
    row = _turn_row(data, t)
    if data.transcript.migrated:  # only a moved session's turns name their script version
        row["script_version"] = data.transcript.version_of(t)
        row["retired"] = data.transcript.retired(t)
    return row


def _turn_row(data: ReportData, t: Turn) -> dict[str, Any]:
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


def _move_ts(data: ReportData, event_index: int) -> float:
    """When a move happened; only its day in an anonymised report (the move records live
    outside the transcript turns the anonymiser rewrites)."""
    ts = data.interview.events[event_index].ts
    return day(ts) if data.anonymised else ts
