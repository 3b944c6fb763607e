"""The organisation's sessions consolidated into one report (the rules are in the package's
docstring): levels per role then across roles, pain and actions by the most any one session
needs them, the roadmap under the guide's phases, and whose words are quoted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from interviewer.export.anonymise import ORG
from interviewer.export.capacity import capacity_stated
from interviewer.export.decision_date import decision_date
from interviewer.export.org_report.analysis import STRATEGY_ROLES
from interviewer.export.org_report.model import (
    BusinessFrom,
    Coverage,
    DimensionView,
    Item,
    OrgReport,
    OrgSession,
    Overall,
    Pain,
    Phase,
    PlatformFrom,
    Role,
    Voice,
)
from interviewer.export.org_report.read import anonymised, org_sessions
from interviewer.export.org_report.wording import phase_words, plural
from interviewer.export.org_targets import own_targets
from interviewer.scoring.platform_comparison import platform_comparison
from interviewer.scoring.recommend import dependencies_first
from interviewer.scoring.said import owner_for
from interviewer.script import ScriptError, load_script
from interviewer.script.model import PHASES, PostDiscoveryStep, Script
from interviewer.store import SessionStore
from interviewer.textsafe import one_line

ROADMAP_CAP = 8  # items shown per phase (more only to show every assessed dimension once)
NO_ACTION = "no action needed — every practice up to its target is in place"


def consolidate(
    org: str,
    today: date,
    everyone: list[OrgSession],
    skipped: list[str],
    anonymised: bool,
) -> OrgReport:
    """The report of `everyone` (oldest first); `skipped` names the sessions left out."""
    sessions = [s for s in everyone if s.analysis.answered]
    not_started = [s for s in everyone if not s.analysis.answered]
    # the newest session's script names and weighs dimensions
    script = (sessions or not_started)[-1].script
    roles: dict[str, Role] = {}
    for data in sessions:
        track = data.track
        roles.setdefault(track.key, Role(track.key, one_line(track.title))).sessions.append(
            data.session_id
        )
    dims = {
        k: DimensionView(k, d.name, d.weight) for k, d in script.dimensions.items()
    }  # every dimension of the script, in its order
    pains: dict[tuple[str, str], Pain] = {}
    items: dict[str, Item] = {}
    unmet: dict[
        str, tuple[str, str]
    ] = {}  # dimension -> the first (session, practice) not in place
    for data in sessions:
        role = data.track.key
        for f in data.analysis.dimensions:
            view = dims.get(f.key)
            if view is None:  # a dimension an older script had and the newest has not
                view = dims[f.key] = DimensionView(f.key, f.name, 0.0)
            view.by_role.setdefault(role, []).append(f.level)
            view.scores.setdefault(role, []).append(f.score)
            if f.unmet is not None and f.key not in unmet:
                unmet[f.key] = (data.session_id, f.unmet)
        for p in data.analysis.pains:
            pain = pains.setdefault((p.dimension, p.pain_id), Pain(p.dimension, p.pain_id, p.text))
            pain.worst = max(pain.worst, p.severity)
            pain.sessions.append(data.session_id)
            if p.worst:
                pain.hurts_most.append(data.session_id)
            if role not in pain.roles:
                pain.roles.append(role)
        for a in data.analysis.actions:
            item = items.get(a.id)
            if item is None:
                item = items[a.id] = Item(
                    a.id,
                    a.dimension,
                    a.title,
                    a.owner,
                    a.effort,
                    a.phase,
                    a.metric,
                    a.depends_on,
                    a.source,
                )
            # the most any one session needs it: a dimension seen by more roles does not win
            # by being counted more often
            item.priority = max(item.priority, a.priority)
            item.clears = item.clears or a.clears
            item.sessions.append(data.session_id)
            if role not in item.roles:
                item.roles.append(role)
            for text in a.addresses:
                if text not in item.addresses:
                    item.addresses.append(text)
            item.depends_on = tuple(dict.fromkeys((*item.depends_on, *a.depends_on)))
            item.elsewhere += [e for e in a.elsewhere if e not in item.elsewhere]
    assessed = {k for k, v in dims.items() if v.assessed}
    for item in items.values():  # a prerequisite in place wherever it was assessed is done
        item.depends_on = tuple(d for d in item.depends_on if d in items)
        item.elsewhere = [
            e for e in item.elsewhere if e.id not in items and e.dimension not in assessed
        ]
    _owners_the_organisation_has(script, sessions, items)
    order = {k: n for n, k in enumerate(dims)}
    ranked_pains = sorted(
        pains.values(),
        key=lambda p: (
            -p.worst,
            -len(p.sessions),
            -len(p.hurts_most),  # first among equals: the pain someone said hurts most
            order[p.dimension],
            p.text,
        ),
    )
    ranked = sorted(
        items.values(),
        key=lambda i: (
            _phase_rank(i.phase),
            not i.clears,  # what a session said stops a first model comes first
            -i.priority,
            -len(i.sessions),
            order[i.dimension],
        ),
    )
    views = list(dims.values())
    phases = _phases(ranked, views)
    return OrgReport(
        org=org,
        date=today,
        script=script,
        sessions=sessions,
        roles=roles,
        dimensions=views,
        overall=_overall(views),
        pains=ranked_pains,
        items=ranked,
        phases=phases,
        coverage=_coverage(views, ranked, phases, unmet, roles, sessions),
        strategy=_strategy(sessions),
        regulations=[
            (s.session_id, s.track.key, said) for s in sessions for said in s.analysis.regulations
        ],
        business=_business(sessions),
        platform=_platform(sessions),
        post_discovery=_post_discovery(sessions),
        skipped=skipped,
        anonymised=anonymised,
        own_targets=own_targets(script, sessions, [i.id for i in ranked]),
        not_started=not_started,
        decision=decision_date(sessions, today),
        capacity=capacity_stated(sessions),
    )


def _owners_the_organisation_has(
    script: Script, sessions: Sequence[OrgSession], items: dict[str, Item]
) -> None:
    """An action's owner for the whole organisation: a role any session's answers ruled out
    (no ML platform team, no sponsor named) is ruled out for all."""
    missing = frozenset().union(*(s.analysis.missing_owners for s in sessions))
    authored = {a.id: a for d in script.dimensions.values() for a in d.actions}
    for item in items.values():
        if item.id in authored:
            item.owner = owner_for(authored[item.id], script.owners, missing)


def _business(sessions: Sequence[OrgSession]) -> BusinessFrom | None:
    """The newest session's business case."""
    for s in reversed(sessions):
        if s.analysis.business is not None:
            return BusinessFrom(s, s.analysis.business)
    return None


def _platform(sessions: Sequence[OrgSession]) -> PlatformFrom | None:
    """The newest session that rated the current platform or candidates, scored with the
    weights the newest executive session's evaluation priorities give (the platform team
    rates, the executive says what matters); the newest with weights alone otherwise."""
    chosen = None
    for s in reversed(sessions):
        said = s.analysis.platform_inputs.get("evaluation-priorities")
        if s.track.key in STRATEGY_ROLES and isinstance(said, list):
            chosen = [str(p) for p in said]
            break
    fallback = None
    for s in reversed(sessions):
        comparison = platform_comparison(s.analysis.platform_inputs, chosen)
        if comparison is None:
            continue
        found = PlatformFrom(s, comparison)
        if comparison.options:
            return found
        fallback = fallback or found
    return fallback


def _overall(dims: list[DimensionView]) -> Overall:
    total = sum(d.weight for d in dims) or 1.0
    assessed = [d for d in dims if d.assessed]
    weight = sum(d.weight for d in assessed)
    if not assessed or weight == 0:
        return Overall(None, 0.0, len(assessed), len(dims))
    score = sum(d.weight * (d.consolidated or 0) for d in assessed) / weight
    return Overall(score, weight / total, len(assessed), len(dims))


def _phase_rank(phase: str) -> int:
    return PHASES.index(phase) if phase in PHASES else len(PHASES)


def _phases(ranked: list[Item], dims: list[DimensionView]) -> list[Phase]:
    """Per phase the first ROADMAP_CAP items, each dimension's first item wherever it falls,
    so every dimension with work is seen, and what those depend on in the phase; the rest go
    to the roadmap's appendix."""
    first: set[str] = set()
    seen: set[str] = set()
    for item in ranked:  # ranked by phase first: a dimension's first item is its earliest
        if item.dimension not in seen:
            seen.add(item.dimension)
            first.add(item.id)
    out = []
    for phase in (*PHASES, *sorted({i.phase for i in ranked} - set(PHASES))):
        here = [i for i in ranked if i.phase == phase]
        shown = [i for n, i in enumerate(here) if n < ROADMAP_CAP or i.id in first]
        by_id = {i.id: i for i in here}
        todo = [d for i in shown for d in i.depends_on]
        while todo:
            dep = by_id.get(todo.pop())
            if dep is not None and dep not in shown:
                shown.append(dep)
                todo.extend(dep.depends_on)
        shown = [i for i in here if i in shown]
        out.append(Phase(phase, dependencies_first(shown), [i for i in here if i not in shown]))
    return out


def _coverage(
    dims: list[DimensionView],
    ranked: list[Item],
    phases: list[Phase],
    unmet: dict[str, tuple[str, str]],
    roles: dict[str, Role],
    sessions: list[OrgSession],
) -> list[Coverage]:
    shown = {i.id for p in phases for i in p.shown}
    role_of = {s.session_id: s.track.key for s in sessions}
    out = []
    for d in dims:
        if not d.assessed:
            continue
        mine = [i for i in ranked if i.dimension == d.key]
        visible = [i for i in mine if i.id in shown]
        if mine:
            first = visible[0] if visible else mine[0]
            line = f"{d.name}: {plural(len(mine), 'roadmap item')}"
            if len(visible) < len(mine):
                line += f" ({len(visible)} in the phase tables, the rest in the appendix)"
            line += f"; first: {first.title}, in {phase_words(first.phase)}"
        elif d.key not in unmet:
            line = f"{d.name}: {NO_ACTION}"
        else:
            sid, practice = unmet[d.key]
            name = roles[role_of[sid]].name
            line = (
                f"{d.name}: no roadmap item — the script has no action for what holds it back "
                f"(for example: {practice}); see the findings in the {name}'s report "
                f"(interviewer export {sid})"
            )
        out.append(Coverage(d.key, d.name, len(mine), len(visible), line))
    return out


def _strategy(sessions: list[OrgSession]) -> list[Voice]:
    """Each session's answers to the steps the script labels for a summary: every executive
    session's, and any other session's that has such answers."""
    out = []
    for data in sessions:
        executive = data.track.key in STRATEGY_ROLES
        quotes = list(data.analysis.quotes)
        if executive or any(q.answer is not None for q in quotes):
            who = one_line(data.meta.participant)
            out.append(Voice(data.session_id, data.track.key, who, quotes))
    out.sort(key=lambda v: v.role not in STRATEGY_ROLES)  # the executive's first
    return out


def _post_discovery(sessions: list[OrgSession]) -> tuple[PostDiscoveryStep, ...]:
    """The newest session's script's plan; the built-in script's if no session's has one."""
    for data in reversed(sessions):
        if data.script.post_discovery:
            return data.script.post_discovery
    try:
        return load_script().post_discovery
    except ScriptError:
        return ()


def build(
    store: SessionStore,
    org: str,
    today: date | None = None,
    anonymise: bool = False,
    redact: Sequence[str] = (),
) -> OrgReport:
    """The organisation's report; `anonymise` rewrites every session's data (export.anonymise)
    before anything is consolidated, so no section can name anyone."""
    sessions, skipped = org_sessions(store, org)
    if anonymise:
        sessions, skipped = anonymised(store, org, sessions, skipped, redact)
        org = ORG
    return consolidate(org, today or date.today(), sessions, skipped, anonymise)
