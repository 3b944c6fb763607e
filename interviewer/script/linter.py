"""Checks that need the whole expanded track: references, reachability and cycles."""

from __future__ import annotations

from pathlib import Path

from interviewer.script.loader import Problem, read_script
from interviewer.script.model import END, Script, Step, Track


def successors(track: Track, step: Step) -> list[str]:
    """Where the interview can go after `step`, in the order the machine tries them."""
    cached = track.successor_cache.get(step.id)
    if cached is None:
        cached = track.successor_cache[step.id] = _successors(track, step)
    return cached


def _successors(track: Track, step: Step) -> list[str]:
    base = step
    if step.is_followup:
        base = track.index.get(step.id.removesuffix(".followup"), step)
    out: list[str] = []
    if step.followup and not step.is_followup and f"{step.id}.followup" in track.index:
        out.append(f"{step.id}.followup")
    out.extend(rule.target for rule in base.next)
    if not any(rule.condition is None for rule in base.next):
        out.append(fallthrough(track, step))
    return out


def fallthrough(track: Track, step: Step) -> str:
    """The next step in document order, skipping this step's own follow-up."""
    i = track.position[step.id] + 1
    if i < len(track.steps) and track.steps[i].id == f"{step.id}.followup":
        i += 1
    return track.steps[i].id if i < len(track.steps) else END


def lint_track(script: Script, track: Track) -> list[Problem]:
    """Starting an interview skips this for a track it passed before (see script.cache):
    a new check here needs cache.FORMAT bumped, or old scripts are not checked against it."""
    problems: list[Problem] = []
    step_ids = set(track.index)
    for step in track.steps:
        for rule in step.next:
            if rule.target != END and rule.target not in step_ids:
                problems.append(
                    Problem(
                        rule.line,
                        f"track {track.key}: step {step.id} goes to unknown step {rule.target!r}",
                    )
                )
        for expr in (step.when, step.constraint, *(r.condition for r in step.next)):
            if expr is None:
                continue
            for kind, name in expr.references:
                if kind == "step" and name not in step_ids:
                    problems.append(
                        Problem(
                            step.line,
                            f"track {track.key}: step {step.id}: expression "
                            f"{expr.source!r} refers to unknown step {name!r}",
                        )
                    )
                if kind == "dimension" and name not in script.dimensions:
                    problems.append(
                        Problem(
                            step.line,
                            f"step {step.id}: expression {expr.source!r} refers "
                            f"to unknown dimension {name!r}",
                        )
                    )
            if expr is step.constraint and not expr.uses_value:
                problems.append(
                    Problem(
                        step.line,
                        f"step {step.id}: constraint {expr.source!r} never looks at `value`",
                    )
                )
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
    problems.extend(_cycles(track, graph))
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


def validate(path: str | Path) -> list[str]:
    """Every problem in the script at `path`, formatted `file:line: message`; empty if fine."""
    _, problems = read_script(path, build_all=True)
    problems = sorted(set(problems), key=lambda p: (p.line, p.message))
    return [p.format(str(path)) for p in problems]
