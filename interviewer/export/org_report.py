"""One assessment for an organisation from its sessions: levels per role, the spread between
roles as a finding, pain ranked across sessions, one roadmap, and the guide's post-discovery
actions for the weeks after."""

from __future__ import annotations

import gc
import statistics
from dataclasses import dataclass, field
from typing import Any

from interviewer.export.markdown import roadmap
from interviewer.export.markdown_text import inline
from interviewer.export.report_data import ReportData, gather
from interviewer.script import ScriptError
from interviewer.script.model import PHASES
from interviewer.store import SessionStore, StoreError
from interviewer.textsafe import clean_json, one_line

# The guide's "Post-Discovery Action Framework".
POST_DISCOVERY = (
    (
        "Week 1",
        "Assessment consolidation: compile the session outputs, complete the maturity "
        "scoring, prioritise the critical pain points and opportunities",
    ),
    (
        "Week 1",
        "Stakeholder alignment: share the findings, validate the pain points and their "
        "priority, confirm objectives, success criteria and the decision process",
    ),
    (
        "Weeks 2-3",
        "Solution architecture: design the target state, map solutions to the pain "
        "points, build the phased roadmap and the migration approach",
    ),
    (
        "Weeks 2-3",
        "Business case: ROI analysis and projections, investment and budget, value "
        "realisation timeline, success metrics",
    ),
    (
        "Weeks 3-4",
        "Technical and organisational planning: implementation, integration, testing "
        "and risk plans; change management, training, governance and roles",
    ),
    (
        "Weeks 4-6",
        "Proof of concept and final planning: validate the key assumptions, secure "
        "approval and resources, launch with proper governance",
    ),
)


@dataclass
class DimensionView:
    key: str
    name: str
    by_role: dict[str, list[int]] = field(default_factory=dict)

    @property
    def levels(self) -> list[int]:
        return [lv for lvs in self.by_role.values() for lv in lvs]

    @property
    def consolidated(self) -> int:
        return int(statistics.median_low(self.levels))

    @property
    def spread(self) -> int:
        return max(self.levels) - min(self.levels)


@dataclass
class OrgReport:
    org: str
    sessions: list[ReportData]
    dimensions: list[DimensionView]
    pains: list[dict[str, Any]]
    roadmap: list[dict[str, Any]]
    skipped: list[str]

    @property
    def gaps(self) -> list[str]:
        out = []
        for d in self.dimensions:
            if len(d.levels) > 1 and d.spread >= 2:
                roles = ", ".join(
                    f"{role} at {max(lvs)}" if len(lvs) == 1 else f"{role} at {min(lvs)}–{max(lvs)}"
                    for role, lvs in sorted(d.by_role.items())
                )
                out.append(
                    f"{d.name}: {roles}. A spread of {d.spread} levels between people "
                    "is itself a finding: perceptions of this area differ."
                )
        return out


# what one damaged session can raise while it is read and replayed: it is left out of the
# report with the reason, and the other sessions are still consolidated
DAMAGED = (StoreError, ScriptError, OSError, LookupError, TypeError, ValueError, AttributeError)


def build(store: SessionStore, org: str) -> OrgReport:
    # every session's replay stays alive until the report is made: the cyclic collector's
    # passes over them between sessions are pure overhead (as in `gather`)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(store, org)
    finally:
        if enabled:
            gc.enable()


def _build(store: SessionStore, org: str) -> OrgReport:
    sessions: list[ReportData] = []
    skipped: list[str] = []
    wanted = org.lower()
    for sid in store.session_ids():
        try:
            meta = store.meta(sid)
            if not isinstance(meta, dict):
                raise StoreError(f"{store.ref(sid).meta_path} is not a session's metadata")
        except DAMAGED as exc:  # whose session it is cannot be told: say so in every report
            skipped.append(f"{sid}: {_reason(exc)}")
            continue
        if str(meta.get("org") or "").lower() != wanted:
            continue
        try:
            sessions.append(gather(store, sid))
        except DAMAGED as exc:
            skipped.append(f"{sid}: {_reason(exc)}")
    if not sessions:
        left_out = f"; left out: {'; '.join(skipped)}" if skipped else ""
        raise StoreError(f"no readable sessions for organisation {org!r} in {store.root}{left_out}")
    dims: dict[str, DimensionView] = {}
    pains: dict[tuple[str, str], dict[str, Any]] = {}
    actions: dict[str, dict[str, Any]] = {}
    for data in sessions:
        role = data.meta.get("track") or "?"
        for d in data.card.dimensions.values():
            if d.covered:
                view = dims.setdefault(d.key, DimensionView(d.key, d.name))
                view.by_role.setdefault(role, []).append(d.level)
        for p in data.card.pains:
            if not p.severity:
                continue
            entry = pains.setdefault(
                (p.dimension, p.pain_id),
                {"dimension": p.dimension, "text": p.text, "sessions": 0, "max": 0, "total": 0},
            )
            entry["sessions"] += 1
            entry["max"] = max(entry["max"], p.severity)
            entry["total"] += p.severity
        for a in data.findings.actions:
            entry = actions.setdefault(
                a.id,
                {
                    "id": a.id,
                    "dimension": a.dimension,
                    "title": a.title,
                    "owner": a.owner,
                    "effort": a.effort,
                    "phase": a.phase,
                    "metric": a.metric.text if a.metric else "",
                    "priority": 0.0,
                    "sessions": 0,
                },
            )
            # the most any one session needs it: a dimension seen by more roles does not win
            # by being counted more often
            entry["priority"] = max(entry["priority"], a.priority)
            entry["sessions"] += 1
    order = list(sessions[0].script.dimensions)
    ranked_pains = sorted(pains.values(), key=lambda p: (-p["max"] * p["sessions"], p["text"]))
    roadmap = sorted(
        actions.values(), key=lambda a: (_phase_rank(a["phase"]), -a["priority"], a["title"])
    )
    return OrgReport(
        org,
        sessions,
        sorted(dims.values(), key=lambda d: order.index(d.key)),
        ranked_pains,
        roadmap,
        skipped,
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (StoreError, ScriptError)):
        return one_line(str(exc))
    if isinstance(exc, OSError):
        return one_line(f"{exc.strerror or exc} ({exc.filename})" if exc.filename else str(exc))
    return one_line(f"its files cannot be read ({type(exc).__name__}: {exc})")


def _phase_rank(phase: str) -> int:
    return PHASES.index(phase) if phase in PHASES else len(PHASES)


def render_org_markdown(report: OrgReport) -> str:
    out = [f"# MLOps maturity assessment: {inline(report.org)}", ""]
    roles = sorted({s.meta.get("track") or "?" for s in report.sessions})
    out += [f"Consolidated from {len(report.sessions)} session(s): {inline(', '.join(roles))}.", ""]
    out += ["## Maturity by dimension and role", ""]
    out.append(
        "| Dimension | " + " | ".join(inline(r) for r in roles) + " | Consolidated | Spread |"
    )
    out.append("| " + " | ".join(["---"] * (len(roles) + 3)) + " |")
    for d in report.dimensions:
        cells = []
        for role in roles:
            lvs = d.by_role.get(role)
            cells.append(
                "-" if not lvs else str(lvs[0]) if len(set(lvs)) == 1 else f"{min(lvs)}–{max(lvs)}"
            )
        out.append(
            f"| {inline(d.name)} | " + " | ".join(cells) + f" | {d.consolidated} | {d.spread} |"
        )
    out += ["", "The consolidated level is the median of the levels found in each session.", ""]
    out += ["## Findings", ""]
    gaps = report.gaps
    out += [f"- {inline(g)}" for g in gaps] or ["- The roles see the dimensions alike."]
    out.append("")
    out += ["## Pain points across sessions", ""]
    if report.pains:
        out += [
            "| Pain point | Dimension | Sessions | Worst severity |",
            "| --- | --- | --- | --- |",
        ]
        names = {d.key: d.name for d in report.dimensions}
        for p in report.pains[:15]:
            out.append(
                f"| {inline(p['text'])} | {inline(names.get(p['dimension'], p['dimension']))}"
                f" | {p['sessions']} | {p['max']}/9 |"
            )
    else:
        out.append("No pain point was confirmed.")
    out.append("")
    out += roadmap(
        [
            (
                a["phase"],
                f"{inline(a['title'])} ({inline(a['owner'])}, effort {a['effort']}; raised in "
                f"{a['sessions']} session(s))",
            )
            for a in report.roadmap
        ]
    )
    out += ["## The weeks after discovery", ""]
    out += [f"- **{when}:** {inline(what)}" for when, what in POST_DISCOVERY]
    out.append("")
    if report.skipped:
        out += ["## Sessions left out", ""] + [f"- {inline(s)}" for s in report.skipped] + [""]
    return "\n".join(out).rstrip() + "\n"


def render_org_json(report: OrgReport) -> dict[str, Any]:
    return clean_json(_org_json(report))


def _org_json(report: OrgReport) -> dict[str, Any]:
    return {
        "schema": "interviewer.org-report/1",
        "org": report.org,
        "sessions": [
            {
                "id": s.session_id,
                "track": s.meta.get("track"),
                "participant": s.meta.get("participant") or "",
            }
            for s in report.sessions
        ],
        "dimensions": {
            d.key: {
                "name": d.name,
                "by_role": d.by_role,
                "consolidated": d.consolidated,
                "spread": d.spread,
            }
            for d in report.dimensions
        },
        "findings": report.gaps,
        "pains": report.pains,
        "roadmap": report.roadmap,
        "post_discovery": [{"when": w, "what": t} for w, t in POST_DISCOVERY],
        "skipped": report.skipped,
    }
