"""Checks that need the whole expanded track: references, expression types, reachability and
cycles."""

from __future__ import annotations

from interviewer.script.expressions import Expr
from interviewer.script.model import (
    BUSINESS_ROLES,
    END,
    Check,
    Indicator,
    Kind,
    Script,
    Step,
    Track,
)
from interviewer.script.problems import Problem
from interviewer.script.routing import fallthrough, successors
from interviewer.script.typecheck import first_failure

__all__ = ["VERSION", "fallthrough", "lint_track", "successors"]

VERSION = 11  # 3: actions and metrics; 4: cross-checks; 5: `settled_by`; 6: advanced `level`;
# 7: indicators' `evidence:`; 8: step roles, owners and their fallbacks, preconditions; 9: `unit:`;
# 10: `forms:`, absent(); 11: `route:`
"""Part of the script cache's key: bump it whenever the loader or the linter reads or checks a
script differently, so scripts cached as clean are checked again."""


def lint_track(script: Script, track: Track) -> list[Problem]:
    problems: list[Problem] = []
    step_ids = set(track.index)
    checked: dict[tuple[str, str | None], str | None] = {}
    for step in track.steps:
        problems += _settled(track, step)
        for rule in step.next:
            if rule.target != END and rule.target not in step_ids:
                problems.append(
                    Problem(
                        rule.line,
                        f"track {track.key}: step {step.id} goes to unknown step {rule.target!r}",
                    )
                )
        exprs: list[tuple[Expr, int]] = [
            (e, step.line) for e in (step.when, step.constraint) if e is not None
        ]
        exprs += [(r.condition, r.line or step.line) for r in step.next if r.condition]
        exprs += [(form.when, form.line or step.line) for form in step.forms]
        if step.check is not None and step.check.when is not None:  # the check it clarifies
            exprs.append((step.check.when, step.line))
        for expr, at in exprs:
            problems += _references(script, track, step, expr, at)
            owner = step if expr is step.constraint else None
            key = (expr.source, owner.id if owner is not None else None)
            if key not in checked:
                checked[key] = first_failure(expr, track, owner)
            if checked[key] is not None:
                problems.append(
                    Problem(at, f"step {step.id}: expression {expr.source!r} {checked[key]}")
                )
            if expr is step.constraint and not expr.uses_value:
                problems.append(
                    Problem(
                        at,
                        f"step {step.id}: constraint {expr.source!r} never looks at `value`",
                    )
                )
    problems += _roles(track) + _business_inputs(track) + _preconditions(script, track)
    if not track.steps:
        return problems
    graph = {
        s.id: [t for t in successors(track, s) if t in step_ids or t == END] for s in track.steps
    }
    seen: set[str] = set()
    stack = [track.steps[0].id]
    while stack:
        node = stack.pop()
        if node in seen or node == END:
            continue
        seen.add(node)
        stack.extend(graph[node])
    for step in track.steps:
        if step.id not in seen:
            problems.append(
                Problem(step.line, f"track {track.key}: step {step.id} can never be reached")
            )
    loops = {(s.id, r.target) for s in track.steps for r in s.next if r.loop}
    forward = {k: [t for t in v if (k, t) not in loops] for k, v in graph.items()}
    problems.extend(_cycles(track, forward))
    return problems


# what an earlier answer can answer, and what such an answer is read from
SETTLED_KINDS: tuple[Kind, ...] = ("choice", "number", "multi")
SETTLING_KINDS: tuple[Kind, ...] = ("text", "number", "choice", "multi")


def _settled(track: Track, step: Step) -> list[Problem]:
    """`settled_by`: earlier steps of this track whose answer can be read as this one's."""
    if not step.settled_by:
        return []
    where = f"track {track.key}: step {step.id}"
    if step.kind not in SETTLED_KINDS:
        return [Problem(step.line, f"{where}: only a choice, number or multi step can be settled")]
    problems = []
    for ref in step.settled_by:
        source = track.index.get(ref)
        if source is None or track.position[ref] >= track.position[step.id]:
            what = "unknown step" if source is None else "a step that does not come before it"
            problems.append(Problem(step.line, f"{where}: settled_by names {what} {ref!r}"))
            continue
        if source.kind not in SETTLING_KINDS or (source.kind == "multi" and step.kind != "multi"):
            problems.append(
                Problem(
                    step.line,
                    f"{where}: settled_by {ref!r} is a {source.kind} step; a step is settled by "
                    "a text, number or choice answer",
                )
            )
        elif source.kind == "text":
            if step.kind != "number" and not any(o.matches for o in step.options):
                problems.append(
                    Problem(
                        step.line,
                        f"{where}: settled by the text step {ref!r}, so at least one option "
                        "needs `matches` (the phrases that mean it)",
                    )
                )
        elif source.kind != step.kind or [o.value for o in source.options] != [
            o.value for o in step.options
        ]:
            problems.append(
                Problem(
                    step.line,
                    f"{where}: settled_by {ref!r} must be a text step, or a {step.kind} step "
                    "with the same options, for its answer to be copied",
                )
            )
    return problems


BUSINESS_NEEDS = (  # a business case needs one of each: what it costs, what it returns
    ("a cost", ("investment", "one_off_platform", "one_off_migration", "one_off_training")),
    (
        "a benefit",
        ("yearly_benefit", "benefit_productivity", "benefit_cost_savings", "benefit_revenue"),
    ),
)


def _business_inputs(track: Track) -> list[Problem]:
    """A track that asks for the business case's figures asks for enough to make one: the
    report reads them by role, so a role renamed or dropped would empty it without a word."""
    played = {step.role: step for step in track.steps if step.role in BUSINESS_ROLES}
    if not played:
        return []
    first = min(played.values(), key=lambda s: s.line)
    return [
        Problem(
            first.line,
            f"track {track.key}: its business case has no step playing {what} "
            f"(role {' or '.join(roles)})",
        )
        for what, roles in BUSINESS_NEEDS
        if not any(role in played for role in roles)
    ]


def _roles(track: Track) -> list[Problem]:
    """A role is played by one step of a track at most: the analysis reads one answer for it."""
    seen: dict[str, Step] = {}
    problems = []
    for step in track.steps:
        if not step.role:
            continue
        first = seen.setdefault(step.role, step)
        if first is not step:
            problems.append(
                Problem(
                    step.line,
                    f"track {track.key}: steps {first.id} and {step.id} both play the role "
                    f"{step.role!r}",
                )
            )
    return problems


def _preconditions(script: Script, track: Track) -> list[Problem]:
    """Each precondition an action of an assessed dimension requires looks only at steps this
    track asks, and types cleanly on its answers."""
    needed = {
        name
        for key in track.dimensions
        if key in script.dimensions
        for action in script.dimensions[key].actions
        for name in action.requires
    }
    problems = []
    for name in sorted(needed):
        pre = script.preconditions.get(name)
        if pre is None:
            continue  # reported once, with the action
        where = f"track {track.key}: precondition {name}"
        missing = [ref for kind, ref in pre.when.references if ref not in track.index]
        if missing:
            problems.append(Problem(pre.line, f"{where} looks at {missing[0]!r}, not asked here"))
            continue
        failure = first_failure(pre.when, track, None)
        if failure is not None:
            problems.append(Problem(pre.line, f"{where}: {pre.when.source!r} {failure}"))
    return problems


def _references(script: Script, track: Track, step: Step, expr: Expr, at: int) -> list[Problem]:
    problems = []
    for kind, name in expr.references:
        if kind == "step" and name not in track.index:
            problems.append(
                Problem(
                    at,
                    f"track {track.key}: step {step.id}: expression "
                    f"{expr.source!r} refers to unknown step {name!r}",
                )
            )
        if kind in ("indicator", "check"):  # named as `dimension:id`
            dim_key, _, item = name.partition(":")
            dim = script.dimensions.get(dim_key)
            if dim is None:
                continue  # reported as an unknown dimension
            items: list[Indicator] | list[Check] = (
                dim.indicators if kind == "indicator" else dim.checks
            )
            if not any(i.id == item for i in items):
                problems.append(
                    Problem(
                        at,
                        f"step {step.id}: expression {expr.source!r} refers "
                        f"to unknown {kind} {item!r} of {dim_key}",
                    )
                )
        if kind == "dimension" and name not in script.dimensions:
            problems.append(
                Problem(
                    at,
                    f"step {step.id}: expression {expr.source!r} refers "
                    f"to unknown dimension {name!r}",
                )
            )
    return problems


def _cycles(track: Track, graph: dict[str, list[str]]) -> list[Problem]:
    """Answers are kept per step, so a walk that comes back to a step can never leave the loop."""
    problems: list[Problem] = []
    colour: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(start: str) -> None:
        path: list[str] = []
        iters = [(start, iter(graph.get(start, [])))]
        colour[start] = 1
        path.append(start)
        while iters:
            node, it = iters[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = 2
                iters.pop()
                path.pop()
                continue
            if nxt == END:
                continue
            state = colour.get(nxt, 0)
            if state == 0:
                colour[nxt] = 1
                path.append(nxt)
                iters.append((nxt, iter(graph.get(nxt, []))))
            elif state == 1:
                loop = path[path.index(nxt) :]
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    exits = any(t not in key for n in loop for t in graph[n])
                    why = (
                        "has no exit"
                        if not exits
                        else "can't be left: a step keeps its answer, so the walk repeats it"
                    )
                    problems.append(
                        Problem(
                            track.index[nxt].line,
                            f"track {track.key}: cycle {' -> '.join([*loop, nxt])} {why}",
                        )
                    )

    for step in track.steps:
        if colour.get(step.id, 0) == 0:
            visit(step.id)
    return problems
