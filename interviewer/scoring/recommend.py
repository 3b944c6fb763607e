"""Next actions: the script's authored actions that address what this interview found missing,
each once, ranked the way a consultant would order the work (pure functions).

An action is recommended when a practice it puts in place is not in place (up to the
dimension's target level, the next level when none was given), a pain point it addresses was
confirmed, it addresses what the interviewee said at a step whose role it names (`said`: a
stated blocker), or its dimension is below the level it builds and below its target
(`below_level`: the training and change management a level needs beyond its practices); a
dimension already at its target gets work only for critical pain (6 or more of 9). A practice
is in place when answered yes or mostly ("mostly" meets a level, so it is not new work; the
finding names its gap), or, not answered, heard present in the interviewee's own words, or,
not asked, at or below the level the area was measured at; never when another answer
contradicts it and that was not clarified: the false yes must not remove the work it would
need. An action whose practices are all in place is not recommended, whatever pain it would
relieve (that pain comes from elsewhere).
An action is left out when a precondition it `requires` is false on the answers (no model in
production), when a role it is `unless_named` for was answered with a name (a sponsor), or
when one it is `if_named` for was not.
Its owner is the first of its owner and fallbacks the team answer does not rule out.
Ranking, in order:
1. the guide phase: Foundation work comes before Acceleration, and so on;
2. within a phase, the one area the interviewee's top priority matches first, then the value:
   weight of the dimension × gap to its target (at least 1)
   × (what it fixes: per unmet indicator 1 − its credit, doubled when critical, halved above the
      next level; plus confirmed pain severity / 3, doubled for critical pain, 6 or more of 9;
      plus 2 for a stated blocker it addresses, plus 1 for a level it builds)
   × 1.5 for small work (effort S), 0.75 for large (L): cheap foundations first
   × 1.3 when it realises an opportunity the interviewee picked; among equal values, the
   action that relieves the pain the interviewee said hurts most;
3. the top priority's first action leads the whole list (after only what it depends on);
4. each unmet practice, confirmed pain and stated answer is listed under one action only, the
   first that addresses it; an action left with nothing of its own is dropped;
5. an action never comes before an action it depends on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple, Protocol, TypeVar

from interviewer.scoring.contradictions import AnswersOnly
from interviewer.scoring.levels import CREDIT
from interviewer.scoring.pain import CRITICAL, PainScore
from interviewer.scoring.said import Said, names_someone, owner_for
from interviewer.scoring.targets import metric_target
from interviewer.script.model import PHASES, Action, Dimension, Indicator, Metric, Script

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
# "heard": not answered, heard present in their words; "inferred": not asked, taken as in place
# (the adaptive route's spot-checked levels; on the climb route, at or below the area's level)
IN_PLACE = ("yes", "mostly", "heard", "inferred")
SAID_WORDS = {"blocker": "what they said stands in the way of a first model"}
STATED_BLOCKER_NEED = 2.0  # a stated blocker weighs as a critical practice missing
LEVEL_NEED = 1.0  # the work a level needs beyond its practices (training) weighs as one missing


def phase_label(phase: str) -> str:
    name, when = PHASE_NAMES.get(phase, (phase.title(), ""))
    return f"{name} ({when})" if when else name


class Addressed(NamedTuple):
    """One problem an action addresses: an unmet indicator, a confirmed pain point, or what
    the interviewee said at a step playing a role (kind "said", id the role)."""

    kind: str  # "indicator" | "pain" | "said"
    id: str
    text: str
    status: str  # "answered no", "severity 6/9", "turn 3"


class Elsewhere(NamedTuple):
    """An action's prerequisite in an area the session did not assess: whether it is needed
    is for a session that assesses that area to say."""

    id: str
    title: str
    dimension: str


class MetricRef(NamedTuple):
    id: str
    text: str
    baseline: str  # the interviewee's own answer to the baseline question, as displayed
    benchmark: str
    target: str = ""  # the client's own target where they stated one, else the benchmark
    target_source: str = ""  # "client" | "guide" | "" (neither)
    target_turn: int | None = None  # where the client stated it


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
    where: str  # "Level 1 (1.4) today, target 3"
    stated: bool  # in the area the interviewee named as their top priority
    raised_by: tuple[str, ...]  # what raised it beyond its gaps: critical pain, stated priority
    priority: float
    source: str
    hurts_most: bool = False  # relieves the pain the interviewee said hurts most
    owner_instead_of: str = ""  # the authored owner, when the team does not have that role
    in_place: tuple[str, ...] = ()  # its practices already in place (it builds on them)
    needed_first: bool = False  # recommended because an action recommended depends on it
    # what it depends on in an area this session did not assess: left to the session that does
    elsewhere: tuple[Elsewhere, ...] = ()

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
        if self.in_place:
            n = len(self.in_place)
            why += f"; {n} already in place" if gaps else f"; builds on {n} practice(s) in place"
        pains = [a for a in self.addresses if a.kind == "pain"]
        if pains:
            why += "; relieves " + ", ".join(f"“{p.text}” ({p.status})" for p in pains)
        for a in self.addresses:
            if a.kind == "said":
                why += f"; clears {SAID_WORDS.get(a.id, a.id)}: “{a.text}” ({a.status})"
            elif a.kind == "level":
                why += f"; builds the skills and habits of {a.text}, not yet reached"
        reasons = list(self.raised_by)
        if self.owner_instead_of:
            reasons.append(f"owned by the {self.owner} as the team has no {self.owner_instead_of}")
        return "; ".join([why, *reasons])


class Context(NamedTuple):
    """What the ranking takes from the interview besides the scores."""

    answers: Mapping[str, Any]
    levels: Mapping[str, int]  # the level to report per dimension (an override wins)
    targets: Mapping[str, int]
    pains: list[PainScore]
    baselines: Mapping[tuple[str, str], str]  # (dimension, metric id) -> baseline as displayed
    priority: str | None = None  # the one dimension the stated top priority matches
    disputed: frozenset[tuple[str, str]] = frozenset()  # (dimension, indicator) contradicted
    heard: frozenset[tuple[str, str]] = frozenset()  # (dimension, indicator) heard present
    said: Mapping[str, Said] = {}  # what was said at the steps playing a role, by role
    missing_owners: frozenset[str] = frozenset()  # owner roles the team answer rules out
    scores: Mapping[str, float] = {}  # the score beside each level the interview computed
    # per dimension asked on the adaptive route: the practices it took as in place unasked
    inferred: Mapping[str, Collection[str]] = {}


def _at(level: int, score: float | None) -> str:
    """A level with its score beside it, "2 (2.6)"; an override's level alone."""
    return str(level) if score is None else f"{level} ({score:.1f})"


def practice_values(dim: Dimension, ctx: Context) -> dict[str, Any]:
    """Each indicator's answer, "disputed" for an unclarified contradicted yes or mostly,
    "heard" for one not answered that was heard present in the interviewee's words, and
    "inferred" for one not asked that the level counts as in place: on the adaptive route
    those its spot checks inferred (scoring.route), as the level was scored; on the climb
    route of scripts from before `route:`, any at or below the dimension's level."""
    values: dict[str, Any] = {
        i.id: ctx.answers.get(f"{dim.key}.ind.{i.id}") for i in dim.indicators
    }
    for key, indicator in ctx.disputed:  # a claim the other answers contradict is not taken
        if key == dim.key and values.get(indicator) in ("yes", "mostly"):
            values[indicator] = "disputed"
    for key, indicator in ctx.heard:
        if key == dim.key and values.get(indicator) in (None, "unknown"):
            values[indicator] = "heard"
    level = ctx.levels.get(dim.key, 1)
    routed = ctx.inferred.get(dim.key)
    for ind in dim.indicators:
        taken = ind.level <= level if routed is None else ind.id in routed
        if values[ind.id] is None and taken:
            values[ind.id] = "inferred"
    return values


def _chosen_opportunity_indicators(dim: Dimension, answers: Mapping[str, Any]) -> set[str]:
    chosen = answers.get(f"{dim.key}.opportunities")
    picked = set(chosen) if isinstance(chosen, list) else set()
    return {i for o in dim.opportunities if o.id in picked for i in o.indicators}


def _metric(dim: Dimension, action: Action, ctx: Context) -> MetricRef | None:
    metric: Metric | None = next((m for m in dim.metrics if m.id == action.metric), None)
    if metric is None:
        return None
    baseline = ctx.baselines.get((dim.key, metric.id), "")
    return MetricRef(
        metric.id, metric.text, baseline, metric.benchmark, *metric_target(metric, ctx.said)
    )


def applies(script: Script, action: Action, ctx: Context) -> bool:
    """Its preconditions hold on the answers, no role it is `unless_named` for was answered
    with a name, and each role it is `if_named` for was."""
    answers = AnswersOnly(ctx.answers)
    for name in action.requires:
        pre = script.preconditions.get(name)
        if pre is not None and not pre.when(answers):
            return False

    def named(role: str) -> bool:
        return role in ctx.said and names_someone(ctx.said[role].text)

    return not any(map(named, action.unless_named)) and all(map(named, action.if_named))


def _unmet(dim: Dimension, ctx: Context, values: Mapping[str, Any]) -> dict[str, Indicator]:
    level = ctx.levels.get(dim.key, 1)
    target = ctx.targets.get(dim.key, min(5, level + 1))
    below = target > level  # at or above its target, only critical pain calls for work
    return {
        i.id: i
        for i in dim.indicators
        if (below and i.level <= target and values[i.id] not in (*IN_PLACE, "na"))
        or values[i.id] == "disputed"  # the level itself is in doubt: whatever the target
    }


def _candidates(script: Script, dim: Dimension, ctx: Context) -> list[NextAction]:
    values = practice_values(dim, ctx)
    unmet = _unmet(dim, ctx, values)
    out = []
    for action in dim.actions:
        made = _candidate(script, dim, action, ctx, values, unmet)
        if made is not None:
            out.append(made)
    return out


def _done(action: Action, values: Mapping[str, Any]) -> bool:
    """Every practice it puts in place is there."""
    return bool(action.indicators) and all(
        values.get(i) in (*IN_PLACE, "na") for i in action.indicators
    )


def _candidate(
    script: Script,
    dim: Dimension,
    action: Action,
    ctx: Context,
    values: Mapping[str, Any],
    unmet: Mapping[str, Indicator],
    needed_by: tuple[str, ...] = (),
) -> NextAction | None:
    """The action as recommended, or None when nothing calls for it; `needed_by` (titles)
    recommends it as what those actions depend on, for every practice of it not in place."""
    if _done(action, values):
        return None  # every practice it puts in place is there: the pain comes from elsewhere
    if not applies(script, action, ctx):
        return None
    level = ctx.levels.get(dim.key, 1)
    if action.below_level and not action.indicators and level >= action.below_level:
        return None  # the level it trains for is reached: not needed first either
    target = ctx.targets.get(dim.key, min(5, level + 1))
    below = target > level
    gap = max(1, target - level)
    by_id = {i.id: i for i in dim.indicators}
    fixes = [
        by_id[i]
        for i in action.indicators
        if i in unmet or (needed_by and i in by_id and values.get(i) not in (*IN_PLACE, "na"))
    ]
    pains = {
        p.pain_id: p
        for p in ctx.pains
        if p.dimension == dim.key and p.severity and (below or p.severity >= CRITICAL)
    }
    relieves = [pains[p] for p in action.pains if p in pains]
    stated = [(r, ctx.said[r]) for r in action.said if r in ctx.said]
    # the habits of a level within the target: a team aiming at 4 is not trained for 5
    builds = action.below_level if level < action.below_level <= target else 0
    if not fixes and not relieves and not stated and not builds and not needed_by:
        return None
    need = 0.0
    for ind in fixes:
        missing = 1 - CREDIT.get(str(values[ind.id]), 0.0)
        need += missing * (2 if ind.critical else 1) * (1 if ind.level <= level + 1 else 0.5)
    severities = [p.severity or 0 for p in relieves]
    worst = max(severities, default=0)
    need += sum(s / 3 * (2 if s >= CRITICAL else 1) for s in severities)
    need += STATED_BLOCKER_NEED * len(stated)
    need += LEVEL_NEED if builds else 0.0
    value = dim.weight * gap * need * EFFORT_FACTOR.get(action.effort, 1.0)
    priority_area = dim.key == ctx.priority
    reasons = []
    if needed_by:
        reasons.append("needed first by: " + ", ".join(needed_by))
    if worst >= CRITICAL:
        reasons.append(f"a critical pain (severity {worst}/9)")
    if priority_area:
        reasons.append("the area the interviewee named as their priority")
    if _chosen_opportunity_indicators(dim, ctx.answers) & set(action.indicators):
        value *= 1.3
        reasons.append("realises an opportunity the interviewee picked")
    addressed = (
        tuple(
            Addressed("indicator", i.id, i.text, ANSWER_WORDS.get(values[i.id], str(values[i.id])))
            for i in fixes
        )
        + tuple(
            Addressed(
                "pain",
                p.pain_id,
                p.text,
                f"severity {p.severity}/9" + (", hurts most" if p.worst else ""),
            )
            for p in relieves
        )
        + tuple(Addressed("said", role, s.text, f"turn {s.turn}") for role, s in stated)
        + (
            (Addressed("level", action.id, f"level {builds}", f"level {level} today"),)
            if builds
            else ()
        )
    )
    owner = owner_for(action, script.owners, ctx.missing_owners)
    return NextAction(
        id=action.id,
        dimension=dim.key,
        title=action.title,
        owner=owner,
        effort=action.effort,
        phase=action.phase,
        addresses=addressed,
        depends_on=action.depends_on,
        metric=_metric(dim, action, ctx),
        where=f"Level {_at(level, ctx.scores.get(dim.key))} today, target {target}",
        stated=priority_area,
        raised_by=tuple(reasons),
        priority=round(value, 3),
        source=action.source,
        hurts_most=any(p.worst for p in relieves),
        owner_instead_of=action.owner if owner != action.owner else "",
        in_place=tuple(by_id[i].text for i in action.indicators if values.get(i) in IN_PLACE),
        needed_first=bool(needed_by),
    )


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
    candidates = [a for key in dimensions for a in _candidates(script, script.dimensions[key], ctx)]
    candidates.sort(
        key=lambda a: (
            order.get(a.phase, len(order)),
            not any(x.kind == "said" for x in a.addresses),  # clears a stated blocker
            not a.stated,
            -a.priority,
            not a.hurts_most,  # first among equals
            a.dimension,
            a.id,
        )
    )
    lead = next((a for a in candidates if a.stated), None)
    if lead is not None:  # the top priority's first action leads, after what it depends on
        candidates.remove(lead)
        candidates.insert(0, lead)
    kept = _each_problem_once(candidates)
    return dependencies_first(_with_prerequisites(script, dimensions, ctx, kept))


def _with_prerequisites(
    script: Script, dimensions: list[str], ctx: Context, plan: list[NextAction]
) -> list[NextAction]:
    """The plan with every action it depends on: an action of an assessed area whose practices
    are not all in place is added (in the phase of the earliest that needs it, if sooner);
    one already in place, or that does not apply, is no longer waited for; one of an area not
    assessed is named as `elsewhere`. Repeated until nothing named is missing."""
    authored = {a.id: (d, a) for d in script.dimensions.values() for a in d.actions}
    order = {phase: n for n, phase in enumerate(PHASES)}
    plan = list(plan)
    while True:
        ids = {a.id for a in plan}
        wanted: dict[str, list[NextAction]] = {}
        for a in plan:
            for dep in a.depends_on:
                if dep not in ids and dep in authored and authored[dep][0].key in dimensions:
                    wanted.setdefault(dep, []).append(a)
        added = []
        for dep, users in wanted.items():
            dim, action = authored[dep]
            values = practice_values(dim, ctx)
            made = _candidate(
                script,
                dim,
                action,
                ctx,
                values,
                _unmet(dim, ctx, values),
                tuple(dict.fromkeys(u.title for u in users)),
            )
            if made is None:
                continue
            earliest = min((u.phase for u in users), key=lambda p: order.get(p, len(order)))
            if order.get(earliest, len(order)) < order.get(made.phase, len(order)):
                made = made._replace(phase=earliest)
            added.append(made)
        if not added:
            break
        plan += added
    ids = {a.id for a in plan}
    out = []
    for a in plan:
        here = tuple(d for d in a.depends_on if d in ids)
        away = tuple(
            Elsewhere(d, authored[d][1].title, authored[d][0].key)
            for d in a.depends_on
            if d not in ids and d in authored and authored[d][0].key not in dimensions
        )
        out.append(a._replace(depends_on=here, elsewhere=away))
    return out


def _each_problem_once(ranked: list[NextAction]) -> list[NextAction]:
    """A problem is listed under the first action that addresses it; an action left with
    nothing of its own to address is not recommended (its work is already covered)."""
    claimed: set[tuple[str, str, str]] = set()
    out = []

    def key(action: NextAction, x: Addressed) -> tuple[str, str, str]:
        return ("", x.kind, x.id) if x.kind == "said" else (action.dimension, x.kind, x.id)

    for action in ranked:
        own = tuple(x for x in action.addresses if key(action, x) not in claimed)
        if not own:
            continue
        claimed.update(key(action, x) for x in own)
        out.append(action._replace(addresses=own))
    return out
