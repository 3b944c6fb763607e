"""The executive summary a report opens with: what was found in three sentences, what the overall
covers, the most important findings, the first actions, and the interviewee's own words.

Built from the same findings and actions as the rest of the report; headless and pure.
"""

from __future__ import annotations

from typing import NamedTuple

from interviewer.answer_words import is_vague
from interviewer.export.next_sessions import either, sessions_for
from interviewer.scoring.findings import DimensionFinding, Findings
from interviewer.scoring.recommend import PHASE_NAMES, NextAction
from interviewer.script.model import Script
from interviewer.transcript import Transcript


class Quote(NamedTuple):
    label: str  # the step's summary label: "Success criteria"
    text: str
    turn: int


class ExecutiveSummary(NamedTuple):
    found: list[str]  # what was found, three sentences at most
    covers: str  # what the overall score covers, said plainly
    findings: list[DimensionFinding]  # the most important, at most three
    actions: list[NextAction]  # the first three
    quotes: list[Quote]  # the interviewee's goals, challenges, criteria, sponsor, decision ...
    priority: str = ""  # how the first action stands to the stated top priority, one sentence


def _importance(f: DimensionFinding, weight: float) -> tuple[float, int]:
    target = f.score.target if f.score.target is not None else min(5, f.level + 1)
    unresolved = sum(not c.resolved for c in f.contradictions)
    critical = sum((p.severity or 0) >= 6 for p in f.pains)
    return (weight * max(0, target - f.level) + 0.1 * (unresolved + critical), -f.level)


def _levels_phrase(script: Script, found: Findings) -> str:
    levels = sorted({f.level for f in found.dimensions})
    if len(levels) == 1:
        n = levels[0]
        scores = ", ".join(f"{f.name} {f.score.score:.1f}" for f in found.dimensions)
        return f"all of them at level {n} ({script.levels[n].name}; {scores})"
    low = min(found.dimensions, key=lambda f: (f.level, f.score.score))
    high = max(found.dimensions, key=lambda f: (f.level, f.score.score))
    return (
        f"from level {low.shown} ({script.levels[low.level].name}) in {low.name} to level "
        f"{high.shown} ({script.levels[high.level].name}) in {high.name}"
    )


def _gap_clause(f: DimensionFinding) -> str:
    _, sep, rest = f.finding.partition("; not yet: ")
    return rest.rstrip(".") if sep else f.finding.rstrip(".")


def _needed_by(first: NextAction, lead: NextAction, actions: list[NextAction]) -> bool:
    """Whether `lead` waits on `first`, directly or through other actions of the plan."""
    by_id = {a.id: a for a in actions}
    todo, seen = list(lead.depends_on), set()
    while todo:
        dep = todo.pop()
        if dep == first.id:
            return True
        if dep not in seen and dep in by_id:
            seen.add(dep)
            todo.extend(by_id[dep].depends_on)
    return False


def priority_note(script: Script, found: Findings, assessed: list[str], it: str = "") -> str:
    """How the first action stands to the interviewee's stated top priority: it serves it,
    it comes first because the priority's action depends on it, or why the priority's area
    has no action first (not assessed here, nothing to do up to its target, no one area
    matched). `it` names the first action where the sentence before has just named it.
    Empty when no priority was stated or nothing is recommended."""
    stated, actions = found.priority, found.actions
    if stated is None or not actions:
        return ""
    said = f"the stated top priority, “{stated.said.text.strip().rstrip('.')}”"
    first = actions[0]
    it = it or first.title
    if stated.dimension is None:
        return (
            f"{said[0].upper()}{said[1:]}, names no one area of the model, so the actions are "
            "ranked by the gaps found."
        )
    area = script.dimensions[stated.dimension].name
    if first.dimension == stated.dimension:
        return f"{it} is the first step on {said} ({area})."
    if stated.dimension not in assessed:
        return (
            f"{said[0].upper()}{said[1:]}, is about {area}, which this session did not "
            f"assess ({either(sessions_for(script, stated.dimension))} does); the first action "
            f"is from what it did assess ({script.dimensions[first.dimension].name})."
        )
    lead = next((a for a in actions if a.dimension == stated.dimension), None)
    if lead is None:
        return (
            f"{said[0].upper()}{said[1:]}, is about {area}, where every practice up to the "
            "target is in place; so the first action is from another area."
        )
    step = f"“{lead.title}”, the first step on {said} ({area})"
    if _needed_by(first, lead, actions):
        return f"{it} comes first because {step}, depends on it."
    return f"{it} comes before {step}."


def summarise(
    script: Script,
    found: Findings,
    transcript: Transcript,
    overall: float,
    coverage: float,
    org: str,
    track_title: str,
) -> ExecutiveSummary:
    quotes = [
        Quote(t.step.summary, t.event.value.strip(), t.number)
        for t in transcript
        if t.step.summary
        and not transcript.superseded(t)
        and isinstance(t.event.value, str)
        and t.event.value.strip()
        and not is_vague(t.event.value)
    ]
    actions = found.actions[:3]
    if not found.dimensions:
        return ExecutiveSummary(
            [
                f"This {track_title} scored no maturity area: it gathered what is quoted below "
                "and in the sections that follow."
            ],
            "No maturity area was assessed, so there is no overall score.",
            [],
            actions,
            quotes,
            priority_note(script, found, []),
        )
    weights = {k: d.weight for k, d in script.dimensions.items()}
    ranked = sorted(found.dimensions, key=lambda f: _importance(f, weights[f.key]), reverse=True)
    who = f"{org}'s ML practice" if org else "The ML practice"
    n = len(found.dimensions)
    if n == 1:
        only = found.dimensions[0]
        sentences = [
            f"{who} scores {overall:.1f} of 5 in {only.name}, the one area this {track_title} "
            f"assessed: level {only.shown}, {script.levels[only.level].name}."
        ]
    else:
        sentences = [
            f"{who} scores {overall:.1f} of 5 across the {n} areas this {track_title} "
            f"assessed, {_levels_phrase(script, found)}."
        ]
    top = ranked[0]
    if top.level < 5:
        sentences.append(f"The biggest gap is in {top.name}: {_gap_clause(top)}.")
    disputed = [f.name for f in found.dimensions if any(not c.resolved for c in f.contradictions)]
    if disputed:
        sentences.append(
            f"Some answers contradict each other in {', '.join(disputed)}, so "
            f"{'that level is' if len(disputed) == 1 else 'those levels are'} provisional "
            "until clarified."
        )
    elif actions:
        first = actions[0]
        name, when = PHASE_NAMES.get(first.phase, (first.phase, ""))
        sentences.append(f"Start with: {first.title} ({first.owner}; {name}, {when}).")
    names = ", ".join(f.name for f in found.dimensions)
    if n == len(script.dimensions):
        covers = f"The overall score covers all {n} areas of the model ({names})."
    else:
        covers = (
            f"The overall score covers the {n} of {len(script.dimensions)} areas this session "
            f"assessed ({names}), {coverage:.0%} of the weighted model; the other areas were "
            "not part of this session: what was said about them, and the sessions to run "
            "next, are under “What you told us about the rest”."
        )
    started = any(x.startswith("Start with: ") for x in sentences[:3])
    note = priority_note(script, found, [f.key for f in found.dimensions], "It" if started else "")
    return ExecutiveSummary(sentences[:3], covers, ranked[:3], actions, quotes, note)
