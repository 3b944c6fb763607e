"""Next actions: the script's authored actions that address what this interview found missing,
each once, ranked the way a consultant would order the work (pure functions).

An action is recommended when an indicator it addresses is not fully in place (up to the
dimension's target level, the next level when none was given) or a pain point it addresses was
confirmed; a dimension already at its target gets work only for critical pain (6 or more of 9).
A practice claimed (yes or mostly) but contradicted by another answer that was not clarified
counts as not in place: the false yes must not remove the work it would need.
Ranking, in order:
1. the guide phase: Foundation work comes before Acceleration, and so on, so the first thing to
   do is always from the earliest phase;
2. within a phase, the area the interviewee named as their priority first, then the value:
   weight of the dimension × gap to its target (at least 1)
   × (what it fixes: per unmet indicator 1 − its credit, doubled when critical, halved above the
      next level; plus confirmed pain severity / 3, doubled for critical pain, 6 or more of 9)
   × 1.5 for small work (effort S), 0.75 for large (L): cheap foundations first
   × 1.3 when it realises an opportunity the interviewee picked; among equal values, the
   action that relieves the pain the interviewee said hurts most;
3. each unmet practice and confirmed pain is listed under one action only, the first that
   addresses it; an action left with nothing of its own is dropped;
4. an action never comes before an action it depends on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol, TypeVar

from interviewer.scoring.levels import CREDIT
from interviewer.scoring.pain import CRITICAL, PainScore
from interviewer.script.model import PHASES, Action, Dimension, Metric, Script

PHASE_NAMES = {
    "foundation": ("Foundation", "months 1-6"),
    "acceleration": ("Acceleration", "months 6-12"),
    "optimization": ("Optimization", "months 12-18"),
    "innovation": ("Innovation", "months 18+"),
}
EFFORT_NAMES = {
    "S": "small (weeks)",
    "M": "medium (about a quarter)",
    "L": "large (several quarters)",
}
EFFORT_FACTOR = {"S": 1.5, "M": 1.0, "L": 0.75}
ANSWER_WORDS = {
    "no": "answered no",
    "partly": "only partly in place",
    "mostly": "mostly in place",
    "unknown": "nobody was sure",
    "disputed": "claimed, but contradicted by another answer",
    None: "not yet asked",
}
_WORD = re.compile(r"[a-z]{4,}")


def phase_label(phase: str) -> str:
    name, when = PHASE_NAMES.get(phase, (phase.title(), ""))
    return f"{name} ({when})" if when else name


class Addressed(NamedTuple):
    """One problem an action addresses: an unmet indicator or a confirmed pain point."""

    kind: str  # "indicator" | "pain"
    id: str
    text: str
    status: str  # "answered no", "severity 6/9", ...


class MetricRef(NamedTuple):
    id: str
    text: str
    baseline: str  # the interviewee's own answer to the baseline question, as displayed
    benchmark: str


class NextAction(NamedTuple):
    id: str
    dimension: str
    title: str
    owner: str
    effort: str
    phase: str
    addresses: tuple[Addressed, ...]
    depends_on: tuple[str, ...]
    metric: MetricRef | None
    where: str  # "Level 1 today, target 3"
    stated: bool  # in the area the interviewee named as their top priority
    raised_by: tuple[str, ...]  # what raised it beyond its gaps: critical pain, stated priority
    priority: float
    source: str
    hurts_most: bool = False  # relieves the pain the interviewee said hurts most

    @property
    def phase_label(self) -> str:
        return phase_label(self.phase)

    @property
    def why(self) -> str:
        gaps = [a for a in self.addresses if a.kind == "indicator"]
        why = self.where
        if gaps:
            many = len(gaps) > 1
            counts = Counter(a.status for a in gaps)
            why += f"; {len(gaps)} practice{'s' if many else ''} it puts in place"
            if len(counts) == 1:
                why += f" {'are' if many else 'is'} {gaps[0].status}"
            else:  # say how many are in each state, not a list of states that reads as one
                why += ": " + ", ".join(
                    f"{n} {status}" for status, n in sorted(counts.items(), key=lambda c: -c[1])
                )
        pains = [a for a in self.addresses if a.kind == "pain"]
        if pains:
            why += "; relieves " + ", ".join(f"“{p.text}” ({p.status})" for p in pains)
        return "; ".join([why, *self.raised_by])


class Context(NamedTuple):
    """What the ranking takes from the interview besides the scores."""

    answers: Mapping[str, Any]
    levels: Mapping[str, int]  # the level to report per dimension (an override wins)
    targets: Mapping[str, int]
    pains: list[PainScore]
    baselines: Mapping[tuple[str, str], str]  # (dimension, metric id) -> baseline as displayed
    priority_text: str  # what the interviewee said matters most, lower-cased
    disputed: frozenset[tuple[str, str]] = frozenset()  # (dimension, indicator) contradicted


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower())}


def _named_as_priority(dim: Dimension, said: str) -> bool:
    return bool(said) and bool(_stems(dim.name) & _stems(said))


def _chosen_opportunity_indicators(dim: Dimension, answers: Mapping[str, Any]) -> set[str]:
    chosen = answers.get(f"{dim.key}.opportunities")
    picked = set(chosen) if isinstance(chosen, list) else set()
    return {i for o in dim.opportunities if o.id in picked for i in o.indicators}


def _metric(dim: Dimension, action: Action, ctx: Context) -> MetricRef | None:
    metric: Metric | None = next((m for m in dim.metrics if m.id == action.metric), None)
    if metric is None:
        return None
    baseline = ctx.baselines.get((dim.key, metric.id), "")
    return MetricRef(metric.id, metric.text, baseline, metric.benchmark)


def _candidates(dim: Dimension, ctx: Context) -> list[NextAction]:
    answers = ctx.answers
    level = ctx.levels.get(dim.key, 1)
    target = ctx.targets.get(dim.key, min(5, level + 1))
    below = target > level  # at or above its target, only critical pain calls for work
    gap = max(1, target - level)
    values = {i.id: answers.get(f"{dim.key}.ind.{i.id}") for i in dim.indicators}
    for key, indicator in ctx.disputed:  # a claim the other answers contradict is not taken
        if key == dim.key and values.get(indicator) in ("yes", "mostly"):
            values[indicator] = "disputed"
    unmet = {
        i.id: i
        for i in dim.indicators
        if (below and i.level <= target and values[i.id] not in ("yes", "na"))
        or values[i.id] == "disputed"  # the level itself is in doubt: whatever the target
    }
    pains = {
        p.pain_id: p
        for p in ctx.pains
        if p.dimension == dim.key and p.severity and (below or p.severity >= CRITICAL)
    }
    priority_area = _named_as_priority(dim, ctx.priority_text)
    opportunity = _chosen_opportunity_indicators(dim, answers)
    out: list[NextAction] = []
    for action in dim.actions:
        fixes = [unmet[i] for i in action.indicators if i in unmet]
        relieves = [pains[p] for p in action.pains if p in pains]
        if (
            action.indicators
            and not fixes
            and all(values.get(i) == "yes" for i in action.indicators)
        ):
            # its practices are already in place: the pain comes from elsewhere, unless critical
            relieves = [p for p in relieves if (p.severity or 0) >= CRITICAL]
        if not fixes and not relieves:
            continue
        need = 0.0
        for ind in fixes:
            missing = 1 - CREDIT.get(str(values[ind.id]), 0.0)
            need += missing * (2 if ind.critical else 1) * (1 if ind.level <= level + 1 else 0.5)
        severities = [p.severity or 0 for p in relieves]
        worst = max(severities, default=0)
        need += sum(s / 3 * (2 if s >= CRITICAL else 1) for s in severities)
        value = dim.weight * gap * need * EFFORT_FACTOR.get(action.effort, 1.0)
        reasons = []
        if worst >= CRITICAL:
            reasons.append(f"a critical pain (severity {worst}/9)")
        if priority_area:
            reasons.append("the area the interviewee named as their priority")
        if opportunity & set(action.indicators):
            value *= 1.3
            reasons.append("realises an opportunity the interviewee picked")
        addressed = tuple(
            Addressed("indicator", i.id, i.text, ANSWER_WORDS.get(values[i.id], str(values[i.id])))
            for i in fixes
        ) + tuple(
            Addressed(
                "pain",
                p.pain_id,
                p.text,
                f"severity {p.severity}/9" + (", hurts most" if p.worst else ""),
            )
            for p in relieves
        )
        out.append(
            NextAction(
                id=action.id,
                dimension=dim.key,
                title=action.title,
                owner=action.owner,
                effort=action.effort,
                phase=action.phase,
                addresses=addressed,
                depends_on=action.depends_on,
                metric=_metric(dim, action, ctx),
                where=f"Level {level} today, target {target}",
                stated=priority_area,
                raised_by=tuple(reasons),
                priority=round(value, 3),
                source=action.source,
                hurts_most=any(p.worst for p in relieves),
            )
        )
    return out


class _Work(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def depends_on(self) -> tuple[str, ...]: ...


W = TypeVar("W", bound=_Work)


def dependencies_first(ranked: list[W]) -> list[W]:
    """Stable: each piece of work is moved after everything it depends on among those listed
    (the session's next actions, an organisation roadmap's phase)."""
    by_id = {a.id: a for a in ranked}
    out: list[W] = []
    placed: set[str] = set()

    def place(action: W, path: frozenset[str]) -> None:
        if action.id in placed or action.id in path:
            return
        for dep in action.depends_on:
            if dep in by_id:
                place(by_id[dep], path | {action.id})
        placed.add(action.id)
        out.append(action)

    for action in ranked:
        place(action, frozenset())
    return out


def next_actions(script: Script, dimensions: list[str], ctx: Context) -> list[NextAction]:
    """The recommended actions for the assessed `dimensions`, ranked (see the module doc)."""
    order = {phase: n for n, phase in enumerate(PHASES)}
    candidates = [a for key in dimensions for a in _candidates(script.dimensions[key], ctx)]
    candidates.sort(
        key=lambda a: (
            order.get(a.phase, len(order)),
            not a.stated,
            -a.priority,
            not a.hurts_most,  # first among equals
            a.dimension,
            a.id,
        )
    )
    return dependencies_first(_each_problem_once(candidates))


def _each_problem_once(ranked: list[NextAction]) -> list[NextAction]:
    """A problem is listed under the first action that addresses it; an action left with
    nothing of its own to address is not recommended (its work is already covered)."""
    claimed: set[tuple[str, str, str]] = set()
    out = []
    for action in ranked:
        own = tuple(x for x in action.addresses if (action.dimension, x.kind, x.id) not in claimed)
        if not own:
            continue
        claimed.update((action.dimension, x.kind, x.id) for x in own)
        out.append(action._replace(addresses=own))
    return out
