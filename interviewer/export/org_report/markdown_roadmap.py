"""The organisation report's roadmap in Markdown: the post-discovery weeks, the guide's phases
with their numbered actions, what a team with no new people cannot carry, and the appendix with
the rest of each phase."""

from __future__ import annotations

from datetime import timedelta

from interviewer.export.capacity import PER_OWNER, over_capacity
from interviewer.export.next_sessions import either, sessions_for
from interviewer.export.org_report.consolidate import ROADMAP_CAP
from interviewer.export.org_report.model import Item, OrgReport, Phase
from interviewer.export.org_report.plan import plan_start, plan_weeks, step_date
from interviewer.export.org_report.wording import plural
from interviewer.export.org_targets import own_targets_md
from interviewer.markdown_text import inline
from interviewer.scoring.recommend import EFFORT_NAMES, Elsewhere, phase_label

ROADMAP_HEADER = ["#", "Action", "Dimension", "Owner", "Effort", "Raised by", "After"]
TAIL = "appendix: the rest of the roadmap"


def cells(values: list[str]) -> str:
    return "| " + " | ".join(values) + " |"


def _elsewhere(report: OrgReport, prior: Elsewhere) -> str:
    """A prerequisite in an area no session assessed, with the sessions that assess it."""
    script = report.script
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
        f"{plural(len(item.sessions), 'session')}: {roles}",
        ", ".join(after) or "-",
    ]


def roadmap_md(report: OrgReport) -> list[str]:
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
        out += [cells(ROADMAP_HEADER), cells(["---"] * len(ROADMAP_HEADER))]
        out += [cells(_item_row(report, numbers[i.id], i, numbers)) for i in phase.shown]
        out.append("")
        if phase.more:
            first, last = numbers[phase.more[0].id], numbers[phase.more[-1].id]
            span = f"#{first}" if first == last else f"#{first}–#{last}"
            out += [
                f"And {plural(len(phase.more), 'more action')} in this phase: {span}, "
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
            f"**Over capacity:** {plural(len(over.ids), 'medium or large action')} for the "
            f"{inline(over.owner)} in this phase ({refs}); with no new people ({why}) one "
            f"owner carries at most {PER_OWNER}: {excess} "
            f"{'needs' if len(over.excess) == 1 else 'need'} more people or a later phase.",
            "",
        ]
    return out


def _numbers(report: OrgReport) -> dict[str, int]:
    """Every roadmap item's number: the phases' tables first, then the appendix."""
    order = [i for p in report.phases for i in p.shown] + [i for p in report.phases for i in p.more]
    return {item.id: n for n, item in enumerate(order, 1)}


def tail_md(report: OrgReport) -> list[str]:
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
        out += [cells(ROADMAP_HEADER), cells(["---"] * len(ROADMAP_HEADER))]
        out += [cells(_item_row(report, numbers[i.id], i, numbers)) for i in phase.more]
        out.append("")
    if any(i.source != "guide" for p in report.phases for i in p.more):
        out += ["† Our recommendation; the discovery guide does not name this action.", ""]
    return out


def post_discovery_md(report: OrgReport) -> list[str]:
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
