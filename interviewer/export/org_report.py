"""One assessment for an organisation from its sessions, consolidated honestly.

- Levels are consolidated per role first (a role's level is the lower median of its sessions),
  then across roles (the lower median of the roles' levels); the weighted overall uses the
  script's dimension weights over the dimensions assessed.
- Agreement or spread between roles is claimed only for a dimension two or more roles assessed;
  a dimension one role assessed says so.
- Pain and actions are combined across sessions by the worst severity or the most any one
  session needs it, and how many sessions raised it: never summed, so a dimension seen by more
  roles does not outrank another by being counted more often.
- The roadmap shows the consolidated actions under the guide's four phases, a visible number
  per phase; what is left out is counted, with the sessions whose reports list it. Every
  assessed dimension has an item shown, or a line saying why it needs none.
- The executive's words (strategy, challenge, sponsor, decision, success criteria) are quoted as
  said; the business case and platform evaluation are the newest session's that has them; the
  guide's post-discovery plan comes from the script, dated from the report's date.
- Roles are named by their track's title, never by id.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from interviewer.export.anonymise import ORG
from interviewer.export.capacity import PER_OWNER, Stated, capacity_stated, over_capacity
from interviewer.export.decision_date import Decision, decision_date
from interviewer.export.next_sessions import either, sessions_for
from interviewer.export.org_targets import OwnTarget, own_target_json, own_targets, own_targets_md
from interviewer.export.report_data import ReportData, gather
from interviewer.markdown_text import inline
from interviewer.scoring.business_case import platform_comparison
from interviewer.scoring.recommend import (
    EFFORT_NAMES,
    PHASE_NAMES,
    Elsewhere,
    dependencies_first,
    phase_label,
)
from interviewer.scoring.said import owner_for
from interviewer.script import ScriptError, load_script
from interviewer.script.model import PHASES, PostDiscoveryStep, Script, Track
from interviewer.store import SessionStore, StoreError
from interviewer.textsafe import clean_json, one_line

ROADMAP_CAP = 8  # items shown per phase (more only to show every assessed dimension once)
PAIN_CAP = 12  # pain points shown
VOICE_CAP = 3  # executive sessions quoted (the newest); other roles: the newest of each
NAMED_SESSIONS = 6  # sessions named in an "and N more" line before "and K other sessions"
NO_ACTION = "no action needed — every practice up to its target is in place"

# What the executive said about strategy, quoted as said: every step the script labels with a
# `summary:` (strategic priorities, challenges, success criteria, sponsor, decision and timing,
# ...), in the track's order; an executive session lists each, "not answered" when it has no
# answer, so a missing sponsor or decision date is visible. Choice answers cannot carry a
# label; these two of the executive track's are quoted too:
TIMELINE_STEPS = (
    ("transformation-timeline", "Results needed by"),
    ("platform-timeline", "Platform decision"),
)
STRATEGY_ROLES = ("executive",)  # the tracks whose sessions are quoted with every line above
# The regulations the organisation named, from any session that assessed governance.
REGULATION_STEPS = (
    "governance_compliance.open.regulation",
    "governance_compliance.open.sensitive-data.followup",
    "governance_compliance.adv.industry-regulation",
)


@dataclass
class Role:
    key: str  # the track id
    name: str  # the track's title
    sessions: list[str] = field(default_factory=list)


@dataclass
class DimensionView:
    key: str
    name: str
    weight: float
    by_role: dict[str, list[int]] = field(default_factory=dict)  # role key -> session levels
    scores: dict[str, list[float]] = field(default_factory=dict)  # the same sessions' scores

    @property
    def assessed(self) -> bool:
        return bool(self.by_role)

    def _role_pairs(self) -> dict[str, tuple[int, float]]:
        """Each role's (level, score): the lower median of its sessions' levels, with the score
        of the session it comes from (ties broken by the lower score)."""
        out = {}
        for r, lvs in self.by_role.items():
            pairs = sorted(zip(lvs, self.scores.get(r, [float(lv) for lv in lvs]), strict=True))
            out[r] = pairs[(len(pairs) - 1) // 2]
        return out

    @property
    def role_levels(self) -> dict[str, int]:
        """Each role's level: the lower median of its sessions' levels."""
        return {r: pair[0] for r, pair in self._role_pairs().items()}

    @property
    def role_scores(self) -> dict[str, float]:
        """Each role's score beside its level: the score of the session its level comes from."""
        return {r: pair[1] for r, pair in self._role_pairs().items()}

    def role_shown(self, role: str) -> str:
        """A role's level with its score beside it: "3 (3.4)"."""
        return f"{self.role_levels[role]} ({self.role_scores[role]:.1f})"

    @property
    def consolidated_score(self) -> float | None:
        """The score beside the organisation's level: that of the role whose level it is."""
        pairs = sorted(self._role_pairs().values())
        return pairs[(len(pairs) - 1) // 2][1] if pairs else None

    @property
    def consolidated_shown(self) -> str:
        """The organisation's level with its score beside it: "3 (3.4)"."""
        if self.consolidated is None or self.consolidated_score is None:
            return "-"
        return f"{self.consolidated} ({self.consolidated_score:.1f})"

    @property
    def levels(self) -> list[int]:
        return [lv for lvs in self.by_role.values() for lv in lvs]

    @property
    def consolidated(self) -> int | None:
        levels = list(self.role_levels.values())
        return int(statistics.median_low(levels)) if levels else None

    @property
    def spread(self) -> int | None:
        """Between roles, and only where two or more roles assessed the dimension."""
        if len(self.by_role) < 2:
            return None
        levels = self.role_levels.values()
        return max(levels) - min(levels)


@dataclass
class Overall:
    score: float | None  # weighted mean of the consolidated levels; None if nothing assessed
    coverage: float  # the share of the dimensions' weight assessed
    assessed: int
    total: int


@dataclass
class Pain:
    dimension: str
    pain_id: str
    text: str
    worst: int = 0
    sessions: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # role keys
    hurts_most: list[str] = field(default_factory=list)  # sessions that said it hurts most


@dataclass
class Item:
    """One action, consolidated across the sessions that recommend it."""

    id: str
    dimension: str
    title: str
    owner: str
    effort: str
    phase: str
    metric: str
    depends_on: tuple[str, ...]
    source: str
    priority: float = 0.0  # the most any one session needs it
    sessions: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # role keys
    addresses: list[str] = field(default_factory=list)  # what it fixes, each once
    clears: bool = False  # a session's stated blocker is what it addresses
    # what it depends on in an area no session assessed: for the session that assesses it
    elsewhere: list[Elsewhere] = field(default_factory=list)


@dataclass
class Phase:
    key: str
    shown: list[Item]
    more: list[Item]  # the long tail: listed in the roadmap's appendix, numbered on

    @property
    def more_sessions(self) -> list[str]:
        return list(dict.fromkeys(s for item in self.more for s in item.sessions))


@dataclass
class Coverage:
    dimension: str
    name: str
    items: int  # roadmap items for it, shown or not
    shown: int
    line: str  # what the report says


@dataclass
class Quote:
    step: str
    label: str
    question: str
    answer: str | None  # None: not answered


@dataclass
class Voice:
    """One session's answers to the strategy questions."""

    session: str
    role: str
    participant: str
    quotes: list[Quote]


@dataclass
class OrgReport:
    org: str
    date: date
    sessions: list[ReportData]
    roles: dict[str, Role]
    dimensions: list[DimensionView]  # every dimension of the script, assessed or not
    overall: Overall
    pains: list[Pain]
    items: list[Item]
    phases: list[Phase]
    coverage: list[Coverage]
    strategy: list[Voice]
    regulations: list[tuple[str, str, str]]  # (session, role, words)
    business: ReportData | None  # the newest session with a business case
    platform: ReportData | None  # the newest session that rated platforms, its `platform`
    # weighted by the newest executive's evaluation priorities
    post_discovery: tuple[PostDiscoveryStep, ...]
    skipped: list[str]
    anonymised: bool = False  # names, organisation, ids and times of day left out
    # opened (an invitation link, the consent) and nothing answered: out of every figure
    not_started: list[ReportData] = field(default_factory=list)
    decision: Decision | None = None  # the decision date the sessions gave, where one reads
    capacity: Stated | None = None  # where a session said no one can be added
    own_targets: list[OwnTarget] = field(default_factory=list)  # their numbers for its metrics

    def role_name(self, key: str) -> str:
        role = self.roles.get(key)
        return role.name if role else key

    @property
    def assessed(self) -> list[DimensionView]:
        return [d for d in self.dimensions if d.assessed]

    @property
    def gaps(self) -> list[str]:
        """A sentence per dimension two or more roles assessed: agreement or spread."""
        out = []
        for d in self.assessed:
            spread = d.spread
            if spread is None:
                continue
            levels = d.role_levels
            at = ", ".join(f"{self.role_name(r)} at {d.role_shown(r)}" for r in levels)
            if spread == 0:
                out.append(
                    f"{d.name}: the {len(levels)} roles that assessed it agree, at level "
                    f"{d.consolidated} ({at})."
                )
            elif spread == 1:
                out.append(f"{d.name}: {at}; the roles are one level apart.")
            else:
                out.append(
                    f"{d.name}: {at}. A spread of {spread} levels between roles is itself a "
                    "finding: perceptions of this area differ; ask why before acting on either."
                )
        return out

    @property
    def single_role(self) -> list[DimensionView]:
        return [d for d in self.assessed if len(d.by_role) == 1]


# what one damaged session can raise while it is read and replayed: it is left out of the
# report with the reason, and the other sessions are still consolidated
DAMAGED = (StoreError, ScriptError, OSError, LookupError, TypeError, ValueError, AttributeError)


def build(
    store: SessionStore,
    org: str,
    today: date | None = None,
    anonymise: bool = False,
    redact: Sequence[str] = (),
) -> OrgReport:
    """The organisation's report; `anonymise` rewrites every session's data (export.anonymise)
    before anything is consolidated, so no section can name anyone."""
    # every session's replay stays alive until the report is made: the cyclic collector's
    # passes over them between sessions are pure overhead (as in `gather`)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(store, org, today or date.today(), anonymise, redact)
    finally:
        if enabled:
            gc.enable()


def _read(store: SessionStore, org: str) -> tuple[list[ReportData], list[str]]:
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
    sessions.sort(key=lambda s: (_started(s), s.session_id))
    return sessions, skipped


def _owners_the_organisation_has(
    script: Script, sessions: list[ReportData], items: dict[str, Item]
) -> None:
    """An action's owner for the whole organisation: a role any session's answers ruled out
    (no ML platform team, no sponsor named) is ruled out for all."""
    missing = frozenset().union(*(d.findings.missing_owners for d in sessions))
    authored = {a.id: a for d in script.dimensions.values() for a in d.actions}
    for item in items.values():
        if item.id in authored:
            item.owner = owner_for(authored[item.id], script.owners, missing)


def _started(data: ReportData) -> float:
    try:
        return float(data.meta.get("started") or 0)
    except (TypeError, ValueError):
        return 0.0


def _build(
    store: SessionStore, org: str, today: date, anonymise: bool, redact: Sequence[str]
) -> OrgReport:
    everyone, skipped = _read(store, org)
    if anonymise:
        everyone, skipped = _anonymised(store, org, everyone, skipped, redact)
        org = ORG
    sessions = [s for s in everyone if answered(s)]
    not_started = [s for s in everyone if not answered(s)]
    # the newest session's script names and weighs dimensions
    script = (sessions or not_started)[-1].script
    roles: dict[str, Role] = {}
    for data in sessions:
        track = data.interview.track
        roles.setdefault(track.key, Role(track.key, one_line(track.title))).sessions.append(
            data.session_id
        )
    dims = {
        k: DimensionView(k, d.name, d.weight) for k, d in script.dimensions.items()
    }  # every dimension of the script, in its order
    pains: dict[tuple[str, str], Pain] = {}
    items: dict[str, Item] = {}
    unmet: dict[str, list[tuple[str, str]]] = {}  # dimension -> (session, practice) not in place
    for data in sessions:
        role = data.interview.track.key
        for f in data.findings.dimensions:
            view = dims.get(f.key)
            if view is None:  # a dimension an older script had and the newest has not
                view = dims[f.key] = DimensionView(f.key, f.name, 0.0)
            view.by_role.setdefault(role, []).append(f.level)
            view.scores.setdefault(role, []).append(float(f.level) if f.override else f.score.score)
            unmet.setdefault(f.key, []).extend(
                (data.session_id, gap)
                for gap in _not_in_place(data, f.key, f.level, f.score.target)
            )
        for p in data.card.pains:
            if not p.severity:
                continue
            pain = pains.setdefault((p.dimension, p.pain_id), Pain(p.dimension, p.pain_id, p.text))
            pain.worst = max(pain.worst, p.severity)
            pain.sessions.append(data.session_id)
            if p.worst:
                pain.hurts_most.append(data.session_id)
            if role not in pain.roles:
                pain.roles.append(role)
        for a in data.findings.actions:
            item = items.get(a.id)
            if item is None:
                item = items[a.id] = Item(
                    a.id,
                    a.dimension,
                    a.title,
                    a.owner,
                    a.effort,
                    a.phase,
                    a.metric.text if a.metric else "",
                    a.depends_on,
                    a.source,
                )
            # the most any one session needs it: a dimension seen by more roles does not win
            # by being counted more often
            item.priority = max(item.priority, a.priority)
            item.clears = item.clears or any(x.kind == "said" for x in a.addresses)
            item.sessions.append(data.session_id)
            if role not in item.roles:
                item.roles.append(role)
            for x in a.addresses:
                if x.text not in item.addresses:
                    item.addresses.append(x.text)
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
        sessions=sessions,
        roles=roles,
        dimensions=views,
        overall=_overall(views),
        pains=ranked_pains,
        items=ranked,
        phases=phases,
        coverage=_coverage(views, ranked, phases, unmet, roles, sessions),
        strategy=_strategy(sessions),
        regulations=_regulations(sessions),
        business=next((s for s in reversed(sessions) if s.business is not None), None),
        platform=_platform(sessions),
        post_discovery=_post_discovery(sessions),
        skipped=skipped,
        anonymised=anonymise,
        own_targets=own_targets(script, sessions, [i.id for i in ranked]),
        not_started=not_started,
        decision=decision_date(sessions, today),
        capacity=capacity_stated(sessions),
    )


def answered(data: ReportData) -> bool:
    """Whether anything was answered beyond the consent: a link opened and left is not a
    session of the assessment."""
    return any(not t.event.skipped for t in data.transcript)


def _anonymised(
    store: SessionStore,
    org: str,
    sessions: list[ReportData],
    skipped: list[str],
    redact: Sequence[str],
) -> tuple[list[ReportData], list[str]]:
    """Every session rewritten by one anonymiser (Participant A is the first session's), and
    the sessions left out named by placeholder, with no path."""
    from interviewer.export.anonymise import anonymiser_for

    left_out = [s.split(": ", 1) for s in skipped]
    anon = anonymiser_for(
        store, sessions, redact, orgs=[org], more_ids=[parts[0] for parts in left_out]
    )
    root = str(store.root)
    reasons = [
        f"{anon.session_id(parts[0])}: "
        + anon.text((parts[1] if len(parts) > 1 else "").replace(root, "sessions"))
        for parts in left_out
    ]
    return [anon.report(s) for s in sessions], reasons


def _platform(sessions: list[ReportData]) -> ReportData | None:
    """The newest session that rated the current platform or candidates, scored with the
    weights the newest executive session's evaluation priorities give (the platform team
    rates, the executive says what matters); the newest with weights alone otherwise."""
    chosen = None
    for s in reversed(sessions):
        said = s.interview.answers.get("evaluation-priorities")
        if s.interview.track.key in STRATEGY_ROLES and isinstance(said, list):
            chosen = [str(p) for p in said]
            break
    fallback = None
    for s in reversed(sessions):
        comparison = platform_comparison(s.interview.answers, chosen)
        if comparison is None:
            continue
        data = replace(s, platform=comparison)
        if comparison.options:
            return data
        fallback = fallback or data
    return fallback


def _not_in_place(data: ReportData, key: str, level: int, target: int | None) -> list[str]:
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
    unmet: dict[str, list[tuple[str, str]]],
    roles: dict[str, Role],
    sessions: list[ReportData],
) -> list[Coverage]:
    shown = {i.id for p in phases for i in p.shown}
    role_of = {s.session_id: s.interview.track.key for s in sessions}
    out = []
    for d in dims:
        if not d.assessed:
            continue
        mine = [i for i in ranked if i.dimension == d.key]
        visible = [i for i in mine if i.id in shown]
        if mine:
            first = visible[0] if visible else mine[0]
            line = f"{d.name}: {_plural(len(mine), 'roadmap item')}"
            if len(visible) < len(mine):
                line += f" ({len(visible)} in the phase tables, the rest in the appendix)"
            line += f"; first: {first.title}, in {_phase_words(first.phase)}"
        elif not unmet.get(d.key):
            line = f"{d.name}: {NO_ACTION}"
        else:
            sid, practice = unmet[d.key][0]
            name = roles[role_of[sid]].name
            line = (
                f"{d.name}: no roadmap item — the script has no action for what holds it back "
                f"(for example: {practice}); see the findings in the {name}'s report "
                f"(interviewer export {sid})"
            )
        out.append(Coverage(d.key, d.name, len(mine), len(visible), line))
    return out


def _phase_words(phase: str) -> str:
    name, when = PHASE_NAMES.get(phase, (phase, ""))
    return f"{name}, {when}" if when else name


def _answer(data: ReportData, step_id: str) -> str | None:
    turn = data.transcript.in_force(step_id)
    if turn is None or turn.event.value is None or turn.event.skipped:
        return None
    text = one_line(turn.answer)
    return text or None


def _strategy(sessions: list[ReportData]) -> list[Voice]:
    """Each session's answers to the steps the script labels for a summary: every executive
    session's, and any other session's that has such answers."""
    timeline = dict(TIMELINE_STEPS)
    out = []
    for data in sessions:
        track = data.interview.track
        executive = track.key in STRATEGY_ROLES
        labels = _labels(track)
        quotes = []
        for step in track.steps:
            label = labels.get(step.id) or timeline.get(step.id, "")
            if not label:
                continue
            said = _answer(data, step.id)
            if said is not None or (executive and step.id in labels):
                quotes.append(Quote(step.id, label, one_line(step.text), said))
        if executive or any(q.answer is not None for q in quotes):
            who = one_line(data.meta.get("participant") or "")
            out.append(Voice(data.session_id, track.key, who, quotes))
    out.sort(key=lambda v: v.role not in STRATEGY_ROLES)  # the executive's first
    return out


def _labels(track: Track) -> dict[str, str]:
    """The track's summary labels by step id; a session pinned to a script from before the
    labels takes the built-in script's for the same steps."""
    labels = {step.id: step.summary for step in track.steps if step.summary}
    if labels:
        return labels
    try:
        builtin = load_script().tracks[track.key]
    except (ScriptError, KeyError):
        return {}
    return {s.id: s.summary for s in builtin.steps if s.summary and s.id in track.index}


def _regulations(sessions: list[ReportData]) -> list[tuple[str, str, str]]:
    out = []
    for data in sessions:
        for step_id in REGULATION_STEPS:
            said = _answer(data, step_id)
            if said:
                out.append((data.session_id, data.interview.track.key, said))
    return out


def _post_discovery(sessions: list[ReportData]) -> tuple[PostDiscoveryStep, ...]:
    """The newest session's script's plan; the built-in script's if no session's has one."""
    for data in reversed(sessions):
        if data.script.post_discovery:
            return data.script.post_discovery
    try:
        return load_script().post_discovery
    except ScriptError:
        return ()


def plan_weeks(report: OrgReport) -> int:
    """How many weeks the post-discovery plan takes: its last step's last week."""
    return max((int(s.weeks.split("-")[-1]) for s in report.post_discovery), default=0)


def plan_start(report: OrgReport) -> date:
    """Week 1's first day: dated back from a decision date still ahead so that the plan's last
    week ends on it, never before the report's date; else the report's date."""
    due = report.decision.due if report.decision else None
    if due is None or due <= report.date:
        return report.date
    return max(report.date, due - timedelta(weeks=plan_weeks(report)))


def step_date(report: OrgReport, step: PostDiscoveryStep) -> date:
    """Week 1 starts on `plan_start`."""
    return plan_start(report) + timedelta(weeks=step.first_week - 1)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (StoreError, ScriptError)):
        return one_line(str(exc))
    if isinstance(exc, OSError):
        return one_line(f"{exc.strerror or exc} ({exc.filename})" if exc.filename else str(exc))
    return one_line(f"its files cannot be read ({type(exc).__name__}: {exc})")


# --- Markdown -------------------------------------------------------------------------------


def _cells(values: list[str]) -> str:
    return "| " + " | ".join(values) + " |"


def _export_hint(sid: str) -> str:
    return f"`interviewer export {sid}`"  # a session id is letters, digits, '-' and '_'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _named_sessions(report: OrgReport, ids: list[str]) -> str:
    role_of = {s.session_id: s.interview.track.key for s in report.sessions}
    named = [f"{inline(report.role_name(role_of[s]))} `{s}`" for s in ids[:NAMED_SESSIONS]]
    rest = len(ids) - len(named)
    if rest:
        named.append(f"{_plural(rest, 'other session')}, listed under Sessions")
    return ", ".join(named)


def _more_line(report: OrgReport, n: int, what: str, ids: list[str]) -> str:
    return (
        f"And {n} more {what}: see each session's report (`interviewer export ID`): "
        + _named_sessions(report, ids)
    )


def _business_section() -> tuple[Callable[..., list[str]], Callable[..., list[str]]] | None:
    """The session reports' business-case and platform lines, once that module exists."""
    try:
        module = importlib.import_module("interviewer.export.business_section")
    except ImportError:
        return None
    business = getattr(module, "business_case_lines", None)
    platform = getattr(module, "platform_lines", None)
    if callable(business) and callable(platform):
        return business, platform
    return None


CHART_MARK = "chart:org-maturity"
CHART_ALT = "Maturity by dimension: the organisation's level and each role's"
CHART_RANGE = "range: the lowest to the highest level a session found"


def org_chart_svg(report: OrgReport) -> str | None:
    """The chart of the assessed dimensions: the organisation's level as the bar, the range
    the sessions found, a marker per role at its level; None until `export.chart_svg` offers
    rows with several roles (`chart_svg`, `ChartRow`, `role_markers`)."""
    module = importlib.import_module("interviewer.export.chart_svg")
    chart: Any = getattr(module, "chart_svg", None)
    row: Any = getattr(module, "ChartRow", None)
    markers: Any = getattr(module, "role_markers", None)
    if not (callable(chart) and callable(row) and callable(markers)) or not report.assessed:
        return None
    names = [r.name for r in report.roles.values()]
    rows = [
        row(
            d.name,
            float(d.consolidated or 0),
            (float(min(d.levels)), float(max(d.levels))),
            markers({report.role_name(r): lvs for r, lvs in d.by_role.items()}, names),
        )
        for d in report.assessed
    ]
    levels = {n: lv.name for n, lv in report.sessions[-1].script.levels.items()}
    svg: str = chart(rows, levels=levels, range_label=CHART_RANGE, title=CHART_ALT)
    return svg


def render_org_markdown(report: OrgReport, chart_link: str | None = None) -> str:
    out = [f"# MLOps maturity assessment: {inline(report.org)}", ""]
    if report.anonymised:
        out += [
            "Anonymised: names, the organisation, e-mail addresses and phone numbers are "
            "replaced, and session ids are left out.",
            "",
        ]
    per_role = ", ".join(f"{inline(r.name)} ({len(r.sessions)})" for r in report.roles.values())
    line = (
        f"Consolidated on {report.date.isoformat()} from "
        f"{_plural(len(report.sessions), 'session')}: {per_role}."
    )
    if report.not_started:
        n = len(report.not_started)
        line += (
            f" {_plural(n, 'session')} opened and never answered "
            f"{'is' if n == 1 else 'are'} listed as not started under Sessions and left out "
            "of every figure."
        )
    out += [line, ""]
    out += _summary(report)
    out += _maturity(report, chart_link)
    out += _agreement(report)
    out += _strategy_md(report)
    out += _business_md(report)
    out += _pains_md(report)
    out += _post_discovery_md(report)
    out += _roadmap_md(report)
    out += _sessions_md(report)
    if report.skipped:
        out += ["## Sessions left out", ""] + [f"- {inline(s)}" for s in report.skipped] + [""]
    out += _tail_md(report)
    return "\n".join(out).rstrip() + "\n"


def _summary(report: OrgReport) -> list[str]:
    out = ["## Summary", ""]
    o = report.overall
    if o.score is None:
        return [*out, "No dimension was assessed in any session.", ""]
    out.append(
        f"- Weighted overall: **{o.score:.1f}** on the 1–5 scale, the weighted mean of the "
        f"consolidated levels of the {o.assessed} of {o.total} dimensions assessed "
        f"({o.coverage:.0%} of the weight). {overall_explained(report)}"
    )
    low = min(d.consolidated or 0 for d in report.assessed)
    weakest = [
        f"{inline(d.name)} ({d.consolidated_score:.1f})"
        for d in report.assessed
        if d.consolidated == low and d.consolidated_score is not None
    ]
    out.append(f"- Weakest, at level {low}: {', '.join(weakest)}.")
    several = len(report.assessed) - len(report.single_role)
    apart = [inline(d.name) for d in report.assessed if (d.spread or 0) >= 2]
    line = (
        f"- Assessed by two or more roles: {several} of {o.assessed} dimensions; the others "
        "by one role only, so no agreement between roles can be claimed for them."
    )
    if apart:
        line += f" The roles differ by two levels or more on {', '.join(apart)}."
    out.append(line)
    if report.pains:
        p = report.pains[0]
        out.append(
            f"- The worst pain: {inline(p.text)} (severity {p.worst}/9, raised in "
            f"{_plural(len(p.sessions), 'session')})."
        )
    if report.items:
        top = report.items[0]
        out.append(
            f"- The first thing to do: {inline(top.title)} (owner: {inline(top.owner)}; "
            f"{_phase_words(top.phase)})."
        )
    return [*out, ""]


def overall_explained(report: OrgReport) -> str:
    """Why the organisation's overall differs from each session's own: whole levels, weighted
    over every area any session assessed, against each session's scores over its own areas."""
    own = [
        f"{report.role_name(s.interview.track.key)} {s.card.overall.score:.1f} over "
        f"{s.card.overall.coverage:.0%}"
        for s in report.sessions
        if s.card.overall.covered
    ]
    if not own:
        return ""
    shown = own[:NAMED_SESSIONS]
    if len(own) > len(shown):
        shown.append(f"{len(own) - len(shown)} more under Sessions")
    scores = [s.card.overall.score for s in report.sessions if s.card.overall.covered]
    score = report.overall.score or 0.0
    how = (
        "which is why it is below every session's own"
        if score < min(scores)
        else "which is why it differs from each session's own"
    )
    return (
        "Each session's own overall is the weighted mean of its scores (a level and the "
        "progress toward the next) over the areas it assessed "
        f"({'; '.join(shown)} of the weight). This one takes each area's consolidated level, "
        "a whole number, and weighs it over every area any session assessed, "
        f"{how}."
    )


def _maturity(report: OrgReport, chart_link: str | None) -> list[str]:
    roles = list(report.roles.values())
    out = ["## Maturity by dimension and role", ""]
    if chart_link:
        out += [f"![{CHART_ALT}]({quote(chart_link, safe='/:')})", ""]
    header = ["Dimension", "Weight", "Organisation", "Levels by role", "Between roles"]
    out += [_cells(header), _cells(["---"] * len(header))]
    for d in report.dimensions:
        if not d.assessed:
            out.append(_cells([inline(d.name), f"{d.weight:.0%}", "not assessed", "-", "-"]))
            continue
        by_role = []
        for r in roles:
            lvs = d.by_role.get(r.key)
            if not lvs:
                continue
            level = d.role_shown(r.key)
            if len(lvs) > 1:
                level = (
                    f"{d.role_levels[r.key]} ({d.role_scores[r.key]:.1f}; "
                    f"{min(lvs)}–{max(lvs)} over {len(lvs)} sessions)"
                )
            by_role.append(f"{inline(r.name)}: {level}")
        spread = d.spread
        between = (
            "one role only" if spread is None else "agree" if spread == 0 else f"spread of {spread}"
        )
        out.append(
            _cells(
                [
                    inline(d.name),
                    f"{d.weight:.0%}",
                    d.consolidated_shown,
                    "; ".join(by_role),
                    between,
                ]
            )
        )
    out += [
        "",
        "Levels on the 1–5 scale, each with its score beside it. A role's level is the lower "
        "median of its sessions, with that session's score; the organisation's is the lower "
        "median of the roles' levels, with that role's score. A spread between roles is given "
        "only where two or more roles assessed the dimension.",
        "",
    ]
    return out


def _agreement(report: OrgReport) -> list[str]:
    out = ["## Where the roles agree and differ", ""]
    gaps = report.gaps
    if gaps:
        out += [f"- {inline(g)}" for g in gaps]
    else:
        out.append(
            "- No dimension was assessed by two or more roles, so no agreement or spread "
            "between roles can be claimed."
        )
    for d in report.single_role:
        (role,) = d.by_role
        out.append(
            f"- {inline(d.name)}: assessed by the {inline(report.role_name(role))} only, at "
            f"level {d.consolidated_shown}; no other role's view to compare."
        )
    missing = [d for d in report.dimensions if not d.assessed]
    if missing:
        names = ", ".join(inline(d.name) for d in missing)
        out.append(f"- Not assessed in any session: {names}.")
    return [*out, ""]


def _strategy_md(report: OrgReport) -> list[str]:
    out = ["## Strategy, sponsor and decision", ""]
    if not any(v.role in STRATEGY_ROLES for v in report.strategy):
        out += [
            "No executive session: the organisation's strategy, sponsor and decision date "
            f"were not asked (`interviewer start --role executive --org {_code_safe(report.org)}`"
            ").",
            "",
        ]
    executives = [v for v in report.strategy if v.role in STRATEGY_ROLES]
    newest = {v.role: v for v in report.strategy if v.role not in STRATEGY_ROLES}
    shown = executives[-VOICE_CAP:] + [v for v in report.strategy if newest.get(v.role) is v]
    others = False
    for v in shown:
        if v.role not in STRATEGY_ROLES and not others:
            others = True
            out += ["### In the other roles' words", ""]
        who = f" with {inline(v.participant)}" if v.participant else ""
        out += [f"In the {inline(report.role_name(v.role))}{who} (`{v.session}`):", ""]
        for q in v.quotes:
            said = f"“{inline(q.answer)}”" if q.answer is not None else "not answered"
            out.append(f"- **{inline(q.label)}:** {said}")
        out.append("")
    rest = [v.session for v in report.strategy if v not in shown]
    if rest:
        out += [_more_line(report, len(rest), "sessions' answers", rest) + ".", ""]
    if report.regulations:
        out += ["Regulations named:", ""]
        out += [
            f"- {inline(report.role_name(role))} (`{sid}`): “{inline(said)}”"
            for sid, role, said in report.regulations
        ]
        out.append("")
    return out


def _code_safe(text: str) -> str:
    flat = one_line(text).replace("`", "'")
    return f'"{flat}"' if " " in flat else flat


def _business_md(report: OrgReport) -> list[str]:
    out = ["## Business case and platform evaluation", "", "### Business case", ""]
    shared = _business_section()
    data = report.business
    if data is None or data.business is None:
        out += [
            "No session gave the investment, annual benefit and horizon a business case needs "
            "(the executive session asks for them).",
            "",
        ]
    else:
        out += [f"From the {inline(data.interview.track.title)} (`{data.session_id}`):", ""]
        if shared is not None:
            out += _sub(shared[0](data))
        else:
            b = data.business
            cur = f" {inline(b.currency)}" if b.currency else ""
            payback = f"{b.payback_years:.1f} years" if b.payback_years is not None else "none"
            irr = f"{b.irr:.1%}" if b.irr is not None else "none"
            out += [
                f"- Investment {b.investment:,.0f}{cur}; expected annual benefit "
                f"{b.annual_benefit:,.0f}{cur}; over {b.years} years at {b.discount_rate:.1%}",
                f"- Payback {payback}; net present value {b.npv:,.0f}{cur}; internal rate of "
                f"return {irr}",
            ]
        out.append("")
    out += ["### Platform evaluation", ""]
    data = report.platform
    if data is None or data.platform is None:
        out += [
            "No session rated the current platform (the platform session asks for the ratings).",
            "",
        ]
    else:
        out += [f"From the {inline(data.interview.track.title)} (`{data.session_id}`):", ""]
        if shared is not None:
            out += _sub(shared[1](data))
        else:
            p = data.platform
            out += [inline(p.adjustment), ""]
            out += [_cells(["Option", "Weighted score (1-5)"]), _cells(["---"] * 2)]
            for o in p.ranked:
                name = "Current platform" if o.current else inline(o.name)
                out.append(_cells([name, f"{o.weighted or 0:.2f}"]))
            # note: rendered in full by export/business_section.platform_lines once it exists
        out.append("")
    return out


def _sub(lines: list[str]) -> list[str]:
    """Another module's section without its own heading (this report gives one), its
    subsections a level down."""
    lines = [f"#{line}" if line.startswith("### ") else line for line in lines]
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _pains_md(report: OrgReport) -> list[str]:
    out = ["## Pain points across sessions", ""]
    if not report.pains:
        return [*out, "No pain point was confirmed.", ""]
    out += [
        "Ranked by the worst severity any session gave it, then by how many sessions raised it "
        "(never a sum), then by how many said it hurts most.",
        "",
        _cells(["Pain point", "Dimension", "Worst severity", "Sessions", "Raised by"]),
        _cells(["---"] * 5),
    ]
    names = {d.key: d.name for d in report.dimensions}
    for p in report.pains[:PAIN_CAP]:
        roles = ", ".join(inline(report.role_name(r)) for r in p.roles)
        out.append(
            _cells(
                [
                    inline(p.text) + (" (hurts most)" if p.hurts_most else ""),
                    inline(names.get(p.dimension, p.dimension)),
                    f"{p.worst}/9",
                    str(len(p.sessions)),
                    roles,
                ]
            )
        )
    rest = report.pains[PAIN_CAP:]
    if rest:
        ids = list(dict.fromkeys(s for p in rest for s in p.sessions))
        out += ["", _more_line(report, len(rest), "pain points", ids) + "."]
    return [*out, ""]


ROADMAP_HEADER = ["#", "Action", "Dimension", "Owner", "Effort", "Raised by", "After"]


def _elsewhere(report: OrgReport, prior: Elsewhere) -> str:
    """A prerequisite in an area no session assessed, with the sessions that assess it."""
    script = (report.sessions or report.not_started)[-1].script
    dim = script.dimensions.get(prior.dimension)
    name = dim.name if dim else prior.dimension
    where = either(sessions_for(script, prior.dimension))
    return f"{prior.title} ({name}: not assessed yet; {where} would say if it is needed)"


def _item_row(report: OrgReport, n: int, item: Item, numbers: dict[str, int]) -> list[str]:
    names = {d.key: d.name for d in report.dimensions}
    roles = ", ".join(inline(report.role_name(r)) for r in item.roles)
    # what to finish first: its number in the roadmap, or the session that would assess it
    after = [f"#{numbers[d]}" for d in item.depends_on if d in numbers]
    after += [inline(_elsewhere(report, e)) for e in item.elsewhere]
    return [
        str(n),
        inline(item.title) + ("" if item.source == "guide" else " †"),
        inline(names.get(item.dimension, item.dimension)),
        inline(item.owner),
        f"{item.effort}, {EFFORT_NAMES.get(item.effort, item.effort)}",
        f"{_plural(len(item.sessions), 'session')}: {roles}",
        ", ".join(after) or "-",
    ]


def _roadmap_md(report: OrgReport) -> list[str]:
    out = [
        "## Roadmap",
        "",
        "Every session's next actions, each once, under the guide's phases, which start once "
        "the weeks of discovery and planning above are done. Within a phase, "
        "the action that clears what a session said stops a first model comes first, then "
        "ranked by the most any one session needs the action, then by how many sessions raised "
        f"it (never a sum); up to {ROADMAP_CAP} are shown per phase, more only so that "
        "every assessed dimension's first item and what the shown actions depend on are seen, "
        "and the rest of each phase is in the appendix, numbered on. An action comes after "
        "those it depends on.",
        "",
    ]
    numbers = _numbers(report)
    for phase in report.phases:
        out += [f"### {phase_label(phase.key)}", ""]
        if not phase.shown:
            out += ["Nothing planned here yet.", ""]
            continue
        out += [_cells(ROADMAP_HEADER), _cells(["---"] * len(ROADMAP_HEADER))]
        out += [_cells(_item_row(report, numbers[i.id], i, numbers)) for i in phase.shown]
        out.append("")
        if phase.more:
            first, last = numbers[phase.more[0].id], numbers[phase.more[-1].id]
            span = f"#{first}" if first == last else f"#{first}–#{last}"
            out += [
                f"And {_plural(len(phase.more), 'more action')} in this phase: {span}, "
                f"in the {TAIL}.",
                "",
            ]
        out += _over_capacity_md(report, phase, numbers)
    if any(i.source != "guide" for p in report.phases for i in p.shown):
        out += ["† Our recommendation; the discovery guide does not name this action.", ""]
    names = {key: role.name for key, role in report.roles.items()}
    out += own_targets_md(report.own_targets, numbers, names)
    out += ["### Every assessed dimension", ""]
    out += [f"- {inline(c.line)}" for c in report.coverage]
    return [*out, ""]


def _over_capacity_md(report: OrgReport, phase: Phase, numbers: dict[str, int]) -> list[str]:
    """Each owner the phase asks more of than a team with no new people allows, and why."""
    stated = report.capacity
    if stated is None:
        return []
    words = "" if report.anonymised else f"“{inline(stated.words.rstrip('. '))}”, "
    why = f"{words}{inline(stated.track)}, turn {stated.turn}"
    out = []
    for over in over_capacity([*phase.shown, *phase.more]):
        refs = ", ".join(f"#{numbers[i]}" for i in over.ids)
        excess = ", ".join(f"#{numbers[i]}" for i in over.excess)
        out += [
            f"**Over capacity:** {_plural(len(over.ids), 'medium or large action')} for the "
            f"{inline(over.owner)} in this phase ({refs}); with no new people ({why}) one "
            f"owner carries at most {PER_OWNER}: {excess} "
            f"{'needs' if len(over.excess) == 1 else 'need'} more people or a later phase.",
            "",
        ]
    return out


TAIL = "appendix: the rest of the roadmap"


def _numbers(report: OrgReport) -> dict[str, int]:
    """Every roadmap item's number: the phases' tables first, then the appendix."""
    order = [i for p in report.phases for i in p.shown] + [i for p in report.phases for i in p.more]
    return {item.id: n for n, item in enumerate(order, 1)}


def _tail_md(report: OrgReport) -> list[str]:
    """The roadmap's long tail, phase by phase, in the same table and numbering."""
    if not any(p.more for p in report.phases):
        return []
    numbers = _numbers(report)
    out = [
        f"## {TAIL[0].upper()}{TAIL[1:]}",
        "",
        "The actions each phase's table leaves out, ranked the same way; each is also in the "
        "report of every session listed beside it.",
        "",
    ]
    for phase in report.phases:
        if not phase.more:
            continue
        out += [f"### {phase_label(phase.key)}", ""]
        out += [_cells(ROADMAP_HEADER), _cells(["---"] * len(ROADMAP_HEADER))]
        out += [_cells(_item_row(report, numbers[i.id], i, numbers)) for i in phase.more]
        out.append("")
    if any(i.source != "guide" for p in report.phases for i in p.more):
        out += ["† Our recommendation; the discovery guide does not name this action.", ""]
    return out


def _post_discovery_md(report: OrgReport) -> list[str]:
    out = ["## After discovery: the weeks ahead", ""]
    if not report.post_discovery:
        return [*out, "The script has no post-discovery plan (`post_discovery:`).", ""]
    out += [*_plan_dated(report), ""]
    for step in report.post_discovery:
        when = f"{step.label} (from {step_date(report, step).isoformat()})"
        out.append(f"- **{when} · {inline(step.title)}:** {inline(step.text)}")
    return [*out, ""]


def _plan_dated(report: OrgReport) -> list[str]:
    """What the plan is dated from: the decision date where one was given and is still ahead,
    flagged where it has passed or leaves less time than the plan takes."""
    start, decision = plan_start(report), report.decision
    today = f"{report.date.isoformat()}, the date of this report"
    if decision is None:
        return [f"The guide's post-discovery plan, week 1 starting on {today}."]
    words = "" if report.anonymised else f" (“{inline(decision.words.rstrip('. '))}”)"
    due = f"the decision date given, {decision.due.isoformat()}{words}"
    if decision.due <= report.date:
        return [
            f"The guide's post-discovery plan, week 1 starting on {today}.",
            "",
            f"**Decision date passed:** {due} is not after the date of this report; "
            "agree a new date with the sponsor.",
        ]
    end = start + timedelta(weeks=plan_weeks(report))
    if end > decision.due:
        days = (end - decision.due).days
        return [
            f"The guide's post-discovery plan, week 1 starting on {today}.",
            "",
            f"**Short of time:** its {plan_weeks(report)} weeks end on {end.isoformat()}, "
            f"{days} days after {due}.",
        ]
    return [
        f"The guide's post-discovery plan, dated back from {due}: week 1 starts on "
        f"{start.isoformat()} so that its last week ends on that date.",
    ]


def _sessions_md(report: OrgReport) -> list[str]:
    out = ["## Sessions", ""]
    out += [
        _cells(["Role", "Participant", "Session", "Status", "Dimensions assessed"]),
        _cells(["---"] * 5),
    ]
    rows = [
        (s, inline(str(s.interview.status)), str(len(s.findings.dimensions)))
        for s in report.sessions
    ]
    rows += [(s, "not started: opened, nothing answered", "-") for s in report.not_started]
    for s, status, assessed in rows:
        who = inline(s.meta.get("participant") or "-")
        out.append(
            _cells([inline(s.interview.track.title), who, f"`{s.session_id}`", status, assessed])
        )
    out += ["", f"Each session's own report: {_export_hint('ID')}.", ""]
    return out


def render_org_html(report: OrgReport) -> str:
    """The report as one HTML file, the chart inline where `export.html.standalone` places
    figures (its `figures` argument)."""
    from interviewer.export.html import standalone

    title = f"MLOps maturity: {report.org}"
    svg = org_chart_svg(report)
    if svg is None or "figures" not in inspect.signature(standalone).parameters:
        return standalone(render_org_markdown(report), title)
    place: Any = standalone
    html: str = place(render_org_markdown(report, CHART_MARK), title, figures={CHART_MARK: svg})
    return html


# --- JSON -----------------------------------------------------------------------------------


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
                "role": s.interview.track.key,
                "role_name": s.interview.track.title,
                "participant": s.meta.get("participant") or "",
                "status": str(s.interview.status),
            }
            for s in report.sessions
        ],
        "not_started": [
            {
                "id": s.session_id,
                "role": s.interview.track.key,
                "role_name": s.interview.track.title,
                "participant": s.meta.get("participant") or "",
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
        "business_case": None
        if business is None or business.business is None
        else {
            "session": business.session_id,
            "investment": business.business.investment,
            "annual_benefit": business.business.annual_benefit,
            "years": business.business.years,
            "discount_rate": business.business.discount_rate,
            "currency": business.business.currency,
            "payback_years": business.business.payback_years,
            "npv": business.business.npv,
            "irr": business.business.irr,
        },
        "platform": None
        if platform is None or platform.platform is None
        else {
            "session": platform.session_id,
            "weighted": platform.platform.weighted,
            "priorities": list(platform.platform.priorities),
            "weights": [
                {"key": w.key, "criterion": w.name, "guide": w.guide, "weight": w.weight}
                for w in platform.platform.weights
            ],
            "options": [
                {
                    "name": o.name,
                    "current": o.current,
                    "ratings": o.ratings,
                    "weighted": o.weighted,
                }
                for o in platform.platform.ranked
            ],
        },
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


__all__ = [
    "CHART_MARK",
    "NO_ACTION",
    "OrgReport",
    "build",
    "org_chart_svg",
    "render_org_html",
    "render_org_json",
    "render_org_markdown",
    "step_date",
]
