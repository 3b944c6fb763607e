"""The organisation report in Markdown: the summary, the levels by dimension and role, where
the roles agree, the executive's words, the business case, the pain and the sessions (the
roadmap's sections are in `markdown_roadmap`). Everything anyone typed goes through `inline`."""

from __future__ import annotations

from urllib.parse import quote

from interviewer.export.business_section import business_case_lines, platform_lines
from interviewer.export.org_report.analysis import STRATEGY_ROLES
from interviewer.export.org_report.chart import CHART_ALT
from interviewer.export.org_report.markdown_roadmap import (
    cells,
    post_discovery_md,
    roadmap_md,
    tail_md,
)
from interviewer.export.org_report.model import OrgReport
from interviewer.export.org_report.wording import (
    NAMED_SESSIONS,
    overall_explained,
    phase_words,
    plural,
)
from interviewer.markdown_text import inline
from interviewer.textsafe import one_line

PAIN_CAP = 12  # pain points shown
VOICE_CAP = 3  # executive sessions quoted (the newest); other roles: the newest of each


def _export_hint(sid: str) -> str:
    return f"`interviewer export {sid}`"  # a session id is letters, digits, '-' and '_'


def _named_sessions(report: OrgReport, ids: list[str]) -> str:
    role_of = {s.session_id: s.track.key for s in report.sessions}
    named = [f"{inline(report.role_name(role_of[s]))} `{s}`" for s in ids[:NAMED_SESSIONS]]
    rest = len(ids) - len(named)
    if rest:
        named.append(f"{plural(rest, 'other session')}, listed under Sessions")
    return ", ".join(named)


def _more_line(report: OrgReport, n: int, what: str, ids: list[str]) -> str:
    return (
        f"And {n} more {what}: see each session's report (`interviewer export ID`): "
        + _named_sessions(report, ids)
    )


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
        f"{plural(len(report.sessions), 'session')}: {per_role}."
    )
    if report.not_started:
        n = len(report.not_started)
        line += (
            f" {plural(n, 'session')} opened and never answered "
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
    out += post_discovery_md(report)
    out += roadmap_md(report)
    out += _sessions_md(report)
    if report.skipped:
        out += ["## Sessions left out", ""] + [f"- {inline(s)}" for s in report.skipped] + [""]
    out += tail_md(report)
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
            f"{plural(len(p.sessions), 'session')})."
        )
    if report.items:
        top = report.items[0]
        out.append(
            f"- The first thing to do: {inline(top.title)} (owner: {inline(top.owner)}; "
            f"{phase_words(top.phase)})."
        )
    return [*out, ""]


def _maturity(report: OrgReport, chart_link: str | None) -> list[str]:
    roles = list(report.roles.values())
    out = ["## Maturity by dimension and role", ""]
    if chart_link:
        out += [f"![{CHART_ALT}]({quote(chart_link, safe='/:')})", ""]
    header = ["Dimension", "Weight", "Organisation", "Levels by role", "Between roles"]
    out += [cells(header), cells(["---"] * len(header))]
    for d in report.dimensions:
        if not d.assessed:
            out.append(cells([inline(d.name), f"{d.weight:.0%}", "not assessed", "-", "-"]))
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
            cells(
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
    business = report.business
    if business is None:
        out += [
            "No session gave the investment, annual benefit and horizon a business case needs "
            "(the executive session asks for them).",
            "",
        ]
    else:
        s = business.session
        out += [f"From the {inline(s.track.title)} (`{s.session_id}`):", ""]
        out += _sub(business_case_lines(business))
        out.append("")
    out += ["### Platform evaluation", ""]
    platform = report.platform
    if platform is None:
        out += [
            "No session rated the current platform (the platform session asks for the ratings).",
            "",
        ]
    else:
        s = platform.session
        out += [f"From the {inline(s.track.title)} (`{s.session_id}`):", ""]
        out += _sub(platform_lines(platform))
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
        cells(["Pain point", "Dimension", "Worst severity", "Sessions", "Raised by"]),
        cells(["---"] * 5),
    ]
    names = {d.key: d.name for d in report.dimensions}
    for p in report.pains[:PAIN_CAP]:
        roles = ", ".join(inline(report.role_name(r)) for r in p.roles)
        out.append(
            cells(
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


def _sessions_md(report: OrgReport) -> list[str]:
    out = ["## Sessions", ""]
    out += [
        cells(["Role", "Participant", "Session", "Status", "Dimensions assessed"]),
        cells(["---"] * 5),
    ]
    rows = [
        (s, inline(s.analysis.status), str(len(s.analysis.dimensions))) for s in report.sessions
    ]
    rows += [(s, "not started: opened, nothing answered", "-") for s in report.not_started]
    for s, status, assessed in rows:
        who = inline(s.meta.participant or "-")
        out.append(cells([inline(s.track.title), who, f"`{s.session_id}`", status, assessed]))
    out += ["", f"Each session's own report: {_export_hint('ID')}.", ""]
    return out
