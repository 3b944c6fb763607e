"""Reading a dimension's success metrics and recommended actions, and checking them.

Recommendations are authored in the script, never derived from indicator wording: each action
says what to do, who owns it, how big it is, when in the guide's roadmap it belongs, which
indicators and pain points it addresses, which metric it moves and what must come first.
"""

from __future__ import annotations

from interviewer.script.fields import Fields, Raw
from interviewer.script.line_data import line, line_of
from interviewer.script.model import EFFORTS, PHASES, SOURCES, Action, Dimension, Metric


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
            )
        )
    return metrics


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
        if not ind and not pain:
            f.problem(line(item), f"{what}: it must address at least one indicator or pain point")
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
            )
        )
    return actions


def check_actions(f: Fields, dimensions: list[Dimension]) -> None:
    """Across dimensions: ids unique, dependencies known, acyclic, and never in a later phase
    than the action that depends on them."""
    by_id: dict[str, Action] = {}
    for dim in dimensions:
        for action in dim.actions:
            if action.id in by_id:
                f.problem(action.line, f"duplicate action id {action.id!r}")
            by_id[action.id] = action
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
