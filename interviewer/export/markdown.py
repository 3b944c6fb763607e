"""The Markdown report: summary, scorecard, chart, findings, next actions, roadmap, then the full
transcript. Every piece of interview text is escaped, so nothing said can add structure."""

from __future__ import annotations

import time

from interviewer.export.answers_used import answers_used, target_note
from interviewer.export.business_section import business_case_lines, platform_lines
from interviewer.export.executive_summary import summarise
from interviewer.export.next_sessions import elsewhere_phrase, the
from interviewer.export.report_data import ReportData
from interviewer.export.told_about_the_rest import the_rest_lines
from interviewer.markdown_text import block, inline
from interviewer.scoring.dimension import SCORECARD_HEADER
from interviewer.scoring.findings import HEARD_SHOWN
from interviewer.scoring.recommend import PHASE_NAMES, NextAction, phase_label
from interviewer.script.model import PHASES
from interviewer.transcript import CHANGED, CONFIRMED


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "-"


def _day(data: ReportData, ts: float) -> str:
    """When something happened: to the minute, or only the day in an anonymised report."""
    return _when(ts)[:10] if data.anonymised else _when(ts)


def _cells(values: list[str]) -> str:
    return "| " + " | ".join(values) + " |"


def render_markdown(data: ReportData, chart_link: str | None = None) -> str:
    iv, card, meta = data.interview, data.card, data.meta
    covered = [d for d in card.dimensions.values() if d.covered]
    out: list[str] = [f"# MLOps maturity report: {inline(data.title)}", ""]
    started = float(meta.started)
    out.append(
        f"Session `{data.session_id}` · track {inline(iv.track.title)} · organisation "
        f"{inline(meta.org or '-')} · participant {inline(meta.participant or '-')}"
        f" · started {_day(data, started)}"
        f" · status {iv.status}"
    )
    out.append("")
    if data.anonymised:
        out += [
            "Anonymised: names, the organisation, e-mail addresses and phone numbers are "
            "replaced, the session id is left out and times are cut to the day.",
            "",
        ]
    if data.notes is not None:
        out += ["This report includes the facilitators' notes, tags and overrides.", ""]

    out += _executive_summary(data)
    if not covered:
        out += ["## Maturity", "", "This track does not score maturity areas.", ""]

    if covered:
        out += _scorecard(data, chart_link)
        out += _findings(data)
        out += the_rest_lines(data.script, data.the_rest, data.card.overall.coverage)
        out += _recommendations(data)
        titles = {a.id: a.title for a in data.findings.actions}
        lines = [(a.phase, _roadmap_line(data, a, titles)) for a in data.findings.actions]
        out += roadmap(lines, discovery_first(data))
    out += _after_findings(data)
    return "\n".join(out).rstrip() + "\n"


def _scorecard(data: ReportData, chart_link: str | None) -> list[str]:
    covered = [d for d in data.card.dimensions.values() if d.covered]
    overrides = data.notes.overrides if data.notes else {}
    out = ["## Scorecard", ""]
    header = list(SCORECARD_HEADER)
    if data.notes is not None:
        header.append("Override")
    out.append(_cells(header))
    out.append(_cells(["---"] * len(header)))
    for d in covered:
        name, *figures = d.scorecard_cells()  # only the name is text from outside
        row = [inline(name), *figures]
        if data.notes is not None:
            ov = overrides.get(d.key)
            row.append(inline(f"{ov.level} ({ov.by}: {ov.reason})") if ov else "-")
        out.append(_cells(row))
    out.append("")
    if chart_link:
        out += [f"![Maturity profile: score, range, self-rating and target]({chart_link})", ""]
    return out


def _findings(data: ReportData) -> list[str]:
    out = ["## Findings", ""]
    for f in data.findings.dimensions:
        out += [f"### {inline(f.name)}", ""]
        s = f.score
        out += [inline(f.finding), ""]
        out.append(
            f"- Level {s.shown}, range {s.range[0]}–{s.range[1]}, "
            f"{s.confidence} confidence: {inline('; '.join(f.confidence_reasons))}"
        )
        if f.override:
            out.append(f"- Facilitator override: {inline(f.override)} (computed level {s.shown})")
        for base in f.baseline:
            note = target_note(base.target, base.target_source, base.target_turn, base.benchmark)
            today = inline(base.baseline)
            out.append(f"- {inline(base.metric)}: today {today}" + (f"; {note}" if note else ""))
        for e in f.evidence[:4]:
            source = "" if e.source == "interviewee" else f", marked by {inline(e.source)}"
            out.append(f"- In their words (turn {e.turn}{source}): “{inline(e.text)}”")
        for h in f.heard[:6]:
            out.append(
                f"- Heard {HEARD_SHOWN[h.polarity]}: {inline(h.practice)} "
                f"(turn {h.turn or '-'}): “{inline(h.quote)}”"
            )
        for p in f.pains:
            most = " (hurts most)" if p.worst else ""
            out.append(f"- Pain, severity {p.severity}/9{most}: {inline(p.text)}")
        for c in f.contradictions:
            (said, other), (ta, tb) = c.quotes, c.turns
            line = (
                f"- Answers that do not fit together: {inline(said)} (turn {ta or '-'}), and "
                f"{inline(other)} (turn {tb or '-'})"
            )
            words = f" (“{inline(c.clarification)}”)" if c.clarification else ""
            if c.outcome == "changed":
                line += f"; asked about it (turn {c.clarified_turn}): {CHANGED} to {c.answer}"
                line += words
            elif c.outcome == "confirmed":
                line += f"; asked about it (turn {c.clarified_turn}): {c.answer}, {CONFIRMED}"
                line += words
            elif c.resolved:
                line += f"; asked about it (turn {c.clarified_turn}): “{inline(c.clarification)}”"
            else:
                line += "; not clarified, so the confidence is lowered"
            out.append(line)
        for v in f.verify:
            out.append(f"- To verify: {inline(v)}")
        out.append("")
    if data.notes is not None and data.notes.pains:
        out += ["### Pain noted by facilitators", ""]
        out += [f"- Turn {p.turn} ({inline(p.by)}): {inline(p.text)}" for p in data.notes.pains]
        out.append("")

    return out


def _recommendations(data: ReportData) -> list[str]:
    out = ["## Recommendations", ""]
    names = {k: d.name for k, d in data.script.dimensions.items()}
    out += answers_used(data.findings, names)
    if data.findings.actions:
        header = ["#", "Action", "Owner", "Effort", "Phase", "Moves", "Why"]
        out.append(_cells(header))
        out.append(_cells(["---"] * len(header)))
        for n, a in enumerate(data.findings.actions[:15], 1):
            out.append(
                _cells(
                    [
                        str(n),
                        inline(a.title) + ("" if a.source == "guide" else " †"),
                        inline(a.owner),
                        a.effort,
                        inline(a.phase_label),
                        _metric_cell(a),
                        inline(f"{names[a.dimension]}: {a.why}"),
                    ]
                )
            )
        if any(a.source != "guide" for a in data.findings.actions[:15]):
            out += ["", "† Our recommendation; the discovery guide does not name this action."]
    else:
        out.append("Every practice up to the targets set is in place: nothing to recommend.")
    out.append("")
    return out


def _after_findings(data: ReportData) -> list[str]:
    """Business case, platform evaluation, open questions, and the transcript as an appendix."""
    out: list[str] = []
    out += business_case_lines(data)
    out += platform_lines(data)

    if data.findings.open_questions:
        out += ["## Open questions", ""]
        out += [f"- {inline(q)}" for q in data.findings.open_questions]
        out.append("")

    out += _retired(data)
    out += ["## Appendix: transcript", ""]
    if data.transcript.migrated:
        out += [inline(_moves(data)), ""]
    for t in data.transcript:
        marks = []
        version = data.transcript.version_of(t)
        if version is not None:
            marks.append(f"v{version}")
        retired = data.transcript.retired(t)
        superseded = data.transcript.superseded(t) and not retired
        if retired:
            marks.append("retired, not scored")
        if superseded:
            marks.append("superseded")
        if t.revises:
            marks.append("revised answer")
        if t.asked_by is not None:
            # anonymised, the name is already "Facilitator A"
            who = t.asked_by if data.anonymised else f"facilitator {t.asked_by}"
            marks.append(f"question from {who}")
        suffix = f" ({inline(', '.join(marks))})" if marks else ""
        out += [f"### Turn {t.number} · {inline(t.step.purpose)}{suffix}", ""]
        out.append(f"**Interviewer:** {inline(t.question)}")
        out.append("")
        answer = block(t.answer)
        out.append(f"**Answer:** ~~{inline(t.answer)}~~" if superseded else f"**Answer:** {answer}")
        out.append("")
        for note in data.turn_notes.get(t.number, []):
            tags = " ".join(f"#{inline(tag)}" for tag in note.tags)
            out.append(f"> Note by {inline(note.by)} {tags}: {inline(note.note)}")
            out.append("")
    return out


def _moves(data: ReportData) -> str:
    """Which versions of the script a moved session was on, for the transcript's heading."""
    steps = [
        f"from version {a} to {b} on {_day(data, data.interview.events[i].ts)}"
        for i, a, b in data.transcript.moves
    ]
    return (
        f"The session moved to a new version of its script ({'; '.join(steps)}): each turn "
        "says the version it was answered under."
    )


def _retired(data: ReportData) -> list[str]:
    """Answers to questions the script's current version no longer has: not scored, kept."""
    turns = [t for t in data.transcript if data.transcript.retired(t)]
    if not turns:
        return []
    version = data.script.version
    out = [
        "## Retired answers",
        "",
        f"Answers to questions that version {version} of the script no longer asks: kept as "
        "they were given, not scored.",
        "",
    ]
    for t in turns:
        given = data.transcript.version_of(t)
        out.append(
            f"- Turn {t.number} (v{given}, retired, not scored): {inline(t.question)} "
            f"**Answer:** {inline(t.answer)}"
        )
    out.append("")
    return out


def _executive_summary(data: ReportData) -> list[str]:
    card, meta = data.card, data.meta
    summary = summarise(
        data.script,
        data.findings,
        data.transcript,
        card.overall.score,
        card.overall.coverage,
        meta.org,
        data.interview.track.title,
    )
    found = [*summary.found, summary.priority] if summary.priority else summary.found
    out = ["## Executive summary", "", inline(" ".join(found)), ""]
    o = card.overall
    if summary.findings:
        out.append(
            f"**What this covers.** Overall **{o.score:.1f}** of 5 (range {o.score_range[0]:.1f}–"
            f"{o.score_range[1]:.1f}). {inline(summary.covers)}"
        )
        out += ["", "**The most important findings**", ""]
        out += [f"- {inline(f.finding)}" for f in summary.findings]
        out.append("")
    else:
        out += [inline(summary.covers), ""]
    if summary.actions:
        out += ["**The first actions**", ""]
        for n, a in enumerate(summary.actions, 1):
            name, when = PHASE_NAMES.get(a.phase, (a.phase, ""))
            out.append(f"{n}. {inline(a.title)}: {inline(a.owner)}, {name} ({when})")
        out.append("")
    if summary.quotes:
        out += ["**In their own words**", ""]
        out += [f"- {inline(q.label)} (turn {q.turn}): “{inline(q.text)}”" for q in summary.quotes]
        out.append("")
    if data.business is not None:
        out += [f"**Business case.** {inline(data.business.verdict)}", ""]
    return out


def _metric_cell(a: NextAction) -> str:
    if a.metric is None:
        return "-"
    m = a.metric
    notes = [f"today: {inline(m.baseline)}"] if m.baseline else []
    notes += (
        [n] if (n := target_note(m.target, m.target_source, m.target_turn, m.benchmark)) else []
    )
    return inline(m.text) + (f" ({'; '.join(notes)})" if notes else "")


def _roadmap_line(data: ReportData, a: NextAction, titles: dict[str, str]) -> str:
    """An action with what must come first: actions of this plan, and those of an area this
    session did not assess, with the session that does."""
    first = [inline(titles[d]) for d in a.depends_on if d in titles]
    after = f"; after: {', '.join(first)}" if first else ""
    away = [inline(elsewhere_phrase(data.script, e)) for e in a.elsewhere]
    if away:
        after += f"; and, if found missing where its area is assessed: {'; '.join(away)}"
    return f"{inline(a.title)} ({inline(a.owner)}, effort {a.effort}{after})"


def discovery_first(data: ReportData) -> list[str]:
    """What comes before the first phase: the sessions still to hold, then the guide's
    post-discovery weeks (the script's `post_discovery:`)."""
    steps = data.script.post_discovery
    rest = data.the_rest
    if not steps and not (rest and rest.sessions):
        return []
    last = max((int(s.weeks.split("-")[-1]) for s in steps), default=0)
    out = [f"### First: discovery and planning{f' (weeks 1-{last})' if last else ''}", ""]
    if rest and rest.sessions:
        held = ", ".join(inline(the(s.title)) for s in rest.sessions)
        out.append(
            f"- Hold the sessions still to run: {held} (see “What you told us about the rest”)"
        )
    out += [f"- {s.label} · {inline(s.title)}" for s in steps]
    return [*out, ""]


def roadmap(items: list[tuple[str, str]], first: list[str] | None = None) -> list[str]:
    """The roadmap section: what comes `first` (discovery and planning), then (phase key,
    Markdown line) pairs under the guide's four phases, every one of them; an empty phase
    says so."""
    out = ["## Roadmap", "", *(first or [])]
    for phase in PHASES:
        lines = [text for p, text in items if p == phase]
        out += [f"### {phase_label(phase)}", ""]
        out += [f"- {text}" for text in lines] or ["- Nothing planned here yet."]
        out.append("")
    return out


def _level(data: ReportData, key: str) -> int:
    if data.notes and key in data.notes.overrides:
        return data.notes.overrides[key].level
    return data.card.dimensions[key].level
