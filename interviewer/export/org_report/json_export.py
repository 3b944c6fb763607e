"""The organisation report as one JSON document (schema `interviewer.org-report/3`): every
figure the Markdown shows, and the sessions' ids behind each."""

from __future__ import annotations

from typing import Any

from interviewer.export.capacity import PER_OWNER, over_capacity
from interviewer.export.org_report.model import (
    BusinessFrom,
    DimensionView,
    Item,
    OrgReport,
    PlatformFrom,
)
from interviewer.export.org_report.plan import plan_start, step_date
from interviewer.export.org_report.wording import overall_explained
from interviewer.export.org_targets import own_target_json
from interviewer.scoring.recommend import phase_label
from interviewer.textsafe import clean_json


def render_org_json(report: OrgReport) -> dict[str, Any]:
    return clean_json(_org_json(report))


def _item_json(report: OrgReport, i: Item) -> dict[str, Any]:
    return {
        "id": i.id,
        "dimension": i.dimension,
        "title": i.title,
        "owner": i.owner,
        "effort": i.effort,
        "phase": i.phase,
        "priority": i.priority,
        "sessions": i.sessions,
        "roles": [{"id": r, "name": report.role_name(r)} for r in i.roles],
        "addresses": i.addresses,
        "metric": i.metric,
        "depends_on": list(i.depends_on),
        "depends_on_elsewhere": [e._asdict() for e in i.elsewhere],
        "source": i.source,
    }


def _org_json(report: OrgReport) -> dict[str, Any]:
    o = report.overall
    business = report.business
    platform = report.platform
    return {
        "schema": "interviewer.org-report/3",
        "org": report.org,
        "date": report.date.isoformat(),
        "roles": [
            {"id": r.key, "name": r.name, "sessions": r.sessions} for r in report.roles.values()
        ],
        "sessions": [
            {
                "id": s.session_id,
                "role": s.track.key,
                "role_name": s.track.title,
                "participant": s.meta.participant,
                "status": s.analysis.status,
            }
            for s in report.sessions
        ],
        "not_started": [
            {
                "id": s.session_id,
                "role": s.track.key,
                "role_name": s.track.title,
                "participant": s.meta.participant,
            }
            for s in report.not_started
        ],
        "overall": {
            "score": o.score,
            "coverage": o.coverage,
            "assessed": o.assessed,
            "dimensions": o.total,
            "explained": overall_explained(report),
        },
        "dimensions": {d.key: _dimension_json(report, d) for d in report.dimensions},
        "findings": report.gaps,
        "strategy": [
            {
                "session": v.session,
                "role": v.role,
                "role_name": report.role_name(v.role),
                "participant": v.participant,
                "answers": [
                    {"step": q.step, "label": q.label, "question": q.question, "answer": q.answer}
                    for q in v.quotes
                ],
            }
            for v in report.strategy
        ],
        "regulations": [
            {"session": sid, "role": role, "role_name": report.role_name(role), "answer": said}
            for sid, role, said in report.regulations
        ],
        "business_case": None if business is None else _business_json(business),
        "platform": None if platform is None else _platform_json(platform),
        "pains": [
            {
                "dimension": p.dimension,
                "id": p.pain_id,
                "text": p.text,
                "worst_severity": p.worst,
                "sessions": p.sessions,
                "hurts_most": p.hurts_most,
                "roles": [{"id": r, "name": report.role_name(r)} for r in p.roles],
            }
            for p in report.pains
        ],
        "own_targets": [own_target_json(t) for t in report.own_targets],
        "roadmap": [
            {
                "phase": p.key,
                "label": phase_label(p.key),
                "shown": [_item_json(report, i) for i in p.shown],
                "more": [_item_json(report, i) for i in p.more],
                "more_sessions": p.more_sessions,
            }
            for p in report.phases
        ],
        "coverage": [
            {
                "dimension": c.dimension,
                "name": c.name,
                "items": c.items,
                "shown": c.shown,
                "no_action": c.items == 0,
                "line": c.line,
            }
            for c in report.coverage
        ],
        "post_discovery": [
            {
                "weeks": s.weeks,
                "label": s.label,
                "title": s.title,
                "text": s.text,
                "from": step_date(report, s).isoformat(),
            }
            for s in report.post_discovery
        ],
        "decision": _decision_json(report),
        "capacity": _capacity_json(report),
        "skipped": report.skipped,
    }


def _business_json(found: BusinessFrom) -> dict[str, Any]:
    b = found.business
    return {
        "session": found.session.session_id,
        "investment": b.investment,
        "annual_benefit": b.annual_benefit,
        "years": b.years,
        "discount_rate": b.discount_rate,
        "currency": b.currency,
        "payback_years": b.payback_years,
        "npv": b.npv,
        "irr": b.irr,
    }


def _platform_json(found: PlatformFrom) -> dict[str, Any]:
    p = found.platform
    return {
        "session": found.session.session_id,
        "weighted": p.weighted,
        "priorities": list(p.priorities),
        "weights": [
            {"key": w.key, "criterion": w.name, "guide": w.guide, "weight": w.weight}
            for w in p.weights
        ],
        "options": [
            {
                "name": o.name,
                "current": o.current,
                "ratings": o.ratings,
                "weighted": o.weighted,
            }
            for o in p.ranked
        ],
    }


def _capacity_json(report: OrgReport) -> dict[str, Any] | None:
    stated = report.capacity
    if stated is None:
        return None
    return {
        "words": None if report.anonymised else stated.words,
        "session": stated.session,
        "turn": stated.turn,
        "per_owner": PER_OWNER,
        "over": [
            {"phase": phase.key, "owner": o.owner, "actions": list(o.ids), "excess": list(o.excess)}
            for phase in report.phases
            for o in over_capacity([*phase.shown, *phase.more])
        ],
    }


def _decision_json(report: OrgReport) -> dict[str, Any] | None:
    decision = report.decision
    if decision is None:
        return None
    return {
        "due": decision.due.isoformat(),
        "words": None if report.anonymised else decision.words,
        "session": decision.session,
        "turn": decision.turn,
        "passed": decision.due <= report.date,
        "plan_starts": plan_start(report).isoformat(),
    }


def _dimension_json(report: OrgReport, d: DimensionView) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": d.name,
        "weight": d.weight,
        "assessed": d.assessed,
        "roles": [
            {
                "id": r,
                "name": report.role_name(r),
                "level": d.role_levels[r],
                "score": round(d.role_scores[r], 3),
                "session_levels": lvs,
                "session_scores": [round(x, 3) for x in d.scores.get(r, [])],
            }
            for r, lvs in d.by_role.items()
        ],
        "consolidated": d.consolidated,
        "consolidated_score": (
            None if d.consolidated_score is None else round(d.consolidated_score, 3)
        ),
    }
    if d.spread is not None:  # only where two or more roles assessed it
        out["spread"] = d.spread
    return out
