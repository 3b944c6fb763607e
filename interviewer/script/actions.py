"""Reading a dimension's success metrics and recommended actions, and checking them.

Recommendations are authored in the script, never derived from indicator wording: each action
says what to do, who owns it, how big it is, when in the guide's roadmap it belongs, which
indicators and pain points it addresses, which metric it moves and what must come first.
"""

from __future__ import annotations

from interviewer.script.fields import ID_RE, Fields, Raw
from interviewer.script.line_data import line, line_of
from interviewer.script.model import (
    EFFORTS,
    PHASES,
    ROLES,
    SOURCES,
    Action,
    Dimension,
    Metric,
    Owner,
    Precondition,
)


def _source(f: Fields, item: Raw, what: str) -> str:
    source = f.text(item, "source", required=False, default="guide")
    if source not in SOURCES:
        f.problem(line_of(item, "source"), f"{what}: `source` must be one of {', '.join(SOURCES)}")
    return source


def load_metrics(f: Fields, dim: Dimension, raw: Raw) -> list[Metric]:
    outcomes = {
        str(item.get("id"))
        for item in f.sequence(raw, "outcomes")
        if isinstance(item, dict) and item.get("id") is not None
    }
    metrics: list[Metric] = []
    for n, item in enumerate(f.sequence(raw, "metrics"), 1):
        if isinstance(item, str):  # a plain list of the guide's metric texts, as before
            metrics.append(Metric(f"metric-{n}", item.strip()))
            continue
        if not isinstance(item, dict):
            f.problem(line(raw), f"dimension {dim.key}: a metric must be a mapping or a text")
            continue
        metric_id = f.ident(item)
        baseline = f.text(item, "baseline", required=False)
        if baseline and baseline not in outcomes:
            f.problem(
                line_of(item, "baseline"),
                f"metric {metric_id}: baseline {baseline!r} is not an outcome question of "
                f"{dim.key}",
            )
        if any(m.id == metric_id for m in metrics):
            f.problem(line(item), f"duplicate metric id {metric_id!r} in {dim.key}")
        metrics.append(
            Metric(
                metric_id,
                f.text(item, "text"),
                baseline,
                f.text(item, "benchmark", required=False),
                _source(f, item, f"metric {metric_id}"),
                _lower_phrases(f, item, "said_as", f"metric {metric_id}"),
            )
        )
    return metrics


def _lower_phrases(f: Fields, item: Raw, key: str, what: str) -> tuple[str, ...]:
    """A list of phrases, lower case with single spaces."""
    out = []
    for phrase in f.sequence(item, key):
        said = " ".join(str(phrase).lower().split())
        if isinstance(phrase, bool) or not isinstance(phrase, (str, int, float)) or not said:
            f.problem(line_of(item, key), f"{what}: `{key}` holds {phrase!r:.40}, not a phrase")
        else:
            out.append(said)
    return tuple(out)


def _names(f: Fields, item: Raw, key: str) -> tuple[str, ...]:
    """A name or a list of names (roles, precondition ids), as a tuple."""
    value = item.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and v.strip() for v in items):
        f.problem(line_of(item, key), f"`{key}` must be a name or a list of names")
        return ()
    return tuple(" ".join(v.split()) for v in items)


def load_owners(f: Fields, doc: Raw) -> dict[str, Owner]:
    """`owners:` the roles actions may be owned by, each with the phrases of a team answer
    that say the organisation does not have it and who takes its actions then."""
    owners: dict[str, Owner] = {}
    for item in f.sequence(doc, "owners"):
        if not isinstance(item, dict):
            f.problem(line_of(doc, "owners"), "an owner must be a mapping with a `name`")
            continue
        name = " ".join(f.text(item, "name").split())
        if name in owners:
            f.problem(line(item), f"owner {name!r} is listed twice")
        if name:
            owners[name] = Owner(
                name,
                _lower_phrases(f, item, "missing", name),
                _names(f, item, "fallback"),
                f.text(item, "named_by", required=False),
                line(item),
            )
            if owners[name].named_by and owners[name].named_by not in ROLES:
                f.problem(line_of(item, "named_by"), f"owner {name}: unknown role in `named_by`")
        if "source" in item:
            _source(f, item, f"owner {name}")
    return owners


def load_preconditions(f: Fields, doc: Raw) -> dict[str, Precondition]:
    """`preconditions:` named conditions over the answers, that actions `require`."""
    out: dict[str, Precondition] = {}
    raw = f.mapping(doc, "preconditions", required=False)
    for name, source in raw.items():
        at = line_of(raw, name)
        if not isinstance(name, str) or not ID_RE.fullmatch(name):
            f.problem(at, f"precondition {name!r:.40}: its name must be an id")
            continue
        expr = f.expr(raw, name)
        if expr is None:
            if source is None:
                f.problem(at, f"precondition {name}: give an expression")
            continue
        if expr.uses_value:
            f.problem(at, f"precondition {name}: `value` means nothing in a precondition")
        for kind, ref in expr.references:
            if kind != "step":
                f.problem(
                    at,
                    f"precondition {name}: it may only look at answers (answer, answered, "
                    f"selected), not at {ref.split(':')[0]!r}",
                )
        out[name] = Precondition(name, expr, at)
    return out


def load_actions(f: Fields, dim: Dimension, raw: Raw) -> list[Action]:
    indicators = {i.id for i in dim.indicators}
    pains = {p.id for p in dim.pain_points}
    metrics = {m.id for m in dim.metrics}
    actions: list[Action] = []
    for item in f.sequence(raw, "actions"):
        if not isinstance(item, dict):
            f.problem(line(raw), f"dimension {dim.key}: an action must be a mapping")
            continue
        action_id = f.ident(item)
        what = f"action {action_id}"
        effort = f.text(item, "effort")
        if effort and effort not in EFFORTS:
            f.problem(line_of(item, "effort"), f"{what}: `effort` must be one of S, M, L")
        phase = f.text(item, "phase")
        if phase and phase not in PHASES:
            f.problem(line_of(item, "phase"), f"{what}: `phase` must be one of {', '.join(PHASES)}")
        addresses = f.mapping(item, "addresses")
        ind = tuple(str(x) for x in f.sequence(addresses, "indicators"))
        pain = tuple(str(x) for x in f.sequence(addresses, "pains"))
        for ref in ind:
            if ref not in indicators:
                f.problem(line_of(addresses, "indicators"), f"{what}: unknown indicator {ref!r}")
        for ref in pain:
            if ref not in pains:
                f.problem(line_of(addresses, "pains"), f"{what}: unknown pain point {ref!r}")
        said = [str(x) for x in f.sequence(addresses, "said")]
        for role in said:
            if role not in ROLES:
                f.problem(line_of(addresses, "said"), f"{what}: unknown role {role!r}")
        below = addresses.get("below_level", 0) if isinstance(addresses, dict) else 0
        if isinstance(below, bool) or not isinstance(below, int) or (below and not 2 <= below <= 5):
            f.problem(line_of(addresses, "below_level"), f"{what}: `below_level` must be 2 to 5")
            below = 0
        if not ind and not pain and not said and not below:
            f.problem(
                line(item),
                f"{what}: it must address at least one indicator, pain point, stated answer "
                "or level",
            )
        metric = f.text(item, "metric")
        if metric and metric not in metrics:
            f.problem(line_of(item, "metric"), f"{what}: unknown metric {metric!r} in {dim.key}")
        actions.append(
            Action(
                id=action_id,
                title=f.text(item, "title"),
                owner=f.text(item, "owner"),
                effort=effort,
                phase=phase,
                indicators=ind,
                pains=pain,
                metric=metric,
                depends_on=tuple(str(x) for x in f.sequence(item, "depends_on")),
                source=_source(f, item, what),
                line=line(item),
                owner_fallback=_names(f, item, "owner_fallback"),
                requires=_names(f, item, "requires"),
                unless_named=_names(f, item, "unless_named"),
                if_named=_names(f, item, "if_named"),
                said=tuple(str(x) for x in f.sequence(addresses, "said")),
                below_level=below,
            )
        )
    return actions


def _all_missable(chain: tuple[str, ...], owners: dict[str, Owner]) -> bool:
    return set(chain) <= set(owners) and all(owners[n].can_be_missing for n in chain)


def check_owner_fallbacks(f: Fields, owners: dict[str, Owner]) -> None:
    """Each owner an answer can rule out has a fallback, listed, that no answer can."""
    for owner in owners.values():
        for name in owner.fallback:
            if name not in owners:
                f.problem(owner.line, f"owner {owner.name}: fallback {name!r} is not listed")
        if owner.can_be_missing and _all_missable((owner.name, *owner.fallback), owners):
            f.problem(
                owner.line,
                f"owner {owner.name}: the answers can rule it and every fallback out; end "
                "`fallback` with a role that has no `missing` phrases and no `named_by`",
            )


def check_owners(
    f: Fields,
    action: Action,
    owners: dict[str, Owner],
    preconditions: dict[str, Precondition],
) -> None:
    """Its owners are listed in `owners:` (when the script lists any), once each, and at least
    one of them cannot be ruled out by the team answer; its preconditions and roles exist."""
    what = f"action {action.id}"
    chain = action.owners(owners)
    if len(set(chain)) != len(chain):
        f.problem(action.line, f"{what}: an owner is named twice in owner and owner_fallback")
    if owners:
        for name in (action.owner, *action.owner_fallback):  # the owners' own: at the owner
            if name not in owners:
                f.problem(action.line, f"{what}: owner {name!r} is not listed in `owners:`")
        # an owner's own fallback list is checked once, at the owner (check_owner_fallbacks)
        if action.owner_fallback and _all_missable(chain, owners):
            f.problem(
                action.line,
                f"{what}: the answers can rule out every owner it names; end its "
                "owner_fallback with a role that has no `missing` phrases and no `named_by`",
            )
    for name in action.requires:
        if name not in preconditions:
            f.problem(action.line, f"{what}: requires unknown precondition {name!r}")
    for key, roles in (("unless_named", action.unless_named), ("if_named", action.if_named)):
        for role in roles:
            if role not in ROLES:
                f.problem(action.line, f"{what}: {key}: unknown role {role!r}")


def check_actions(
    f: Fields,
    dimensions: list[Dimension],
    owners: dict[str, Owner] | None = None,
    preconditions: dict[str, Precondition] | None = None,
) -> None:
    """Across dimensions: ids unique, dependencies known, acyclic, and never in a later phase
    than the action that depends on them; owners, preconditions and roles known."""
    by_id: dict[str, Action] = {}
    check_owner_fallbacks(f, owners or {})
    for dim in dimensions:
        for action in dim.actions:
            if action.id in by_id:
                f.problem(action.line, f"duplicate action id {action.id!r}")
            by_id[action.id] = action
            check_owners(f, action, owners or {}, preconditions or {})
    order = {phase: n for n, phase in enumerate(PHASES)}
    for action in by_id.values():
        for dep in action.depends_on:
            first = by_id.get(dep)
            if first is None:
                f.problem(action.line, f"action {action.id}: depends on unknown action {dep!r}")
            elif order.get(first.phase, 0) > order.get(action.phase, 0):
                f.problem(
                    action.line,
                    f"action {action.id} ({action.phase}) depends on {dep} ({first.phase}), "
                    "which comes later",
                )
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(action_id: str, path: list[str]) -> None:
        if state.get(action_id) == 2 or action_id not in by_id:
            return
        if state.get(action_id) == 1:
            cycle = " -> ".join([*path[path.index(action_id) :], action_id])
            f.problem(by_id[action_id].line, f"actions depend on each other in a cycle: {cycle}")
            return
        state[action_id] = 1
        for dep in by_id[action_id].depends_on:
            visit(dep, [*path, action_id])
        state[action_id] = 2

    for action_id in by_id:
        visit(action_id, [])
