"""The facilitator's view of the session: pacing, the picture forming, pain found so far,
overrides beside computed levels, and the notes taken."""

from __future__ import annotations

from textual.widgets import Static

from interviewer.records import ConsentDeclined, ConsentGiven, Event
from interviewer.scoring.annotations import facilitated
from interviewer.session.consent import when
from interviewer.session.follower import SessionFollower
from interviewer.tui.safe_text import literal


def consent_line(events: list[Event]) -> str | None:
    """Whether the interviewee accepted the notice, and when (the latest answer to it); None
    when there is no answer to a notice (the script has none, or it is on screen now)."""
    for event in reversed(events):
        if isinstance(event, ConsentGiven):
            return f"Notice accepted {when(event.ts)}"
        if isinstance(event, ConsentDeclined):
            return f"Notice declined {when(event.ts)}"
    return None


class StatePanel(Static):
    def show(self, follower: SessionFollower) -> None:
        iv = follower.interview
        meta = follower.meta
        who = " · ".join(x for x in (meta.participant, meta.org) if x)
        lines = [f"{iv.track.title}{' — ' + who if who else ''}", f"Status: {iv.status}"]
        consent = consent_line(iv.events)
        lines += [consent, ""] if consent else [""]
        lines.append("Pacing")
        current = iv.current_segment
        for seg in iv.track.segments:
            used = iv.segment_seconds[seg.id] / 60
            mark = "▶" if current is not None and seg.id == current.id else " "
            over = "  over budget" if used >= seg.minutes else ""
            lines.append(f" {mark} {seg.title}: {used:.0f}/{seg.minutes:g} min{over}")
        if iv.trimmed:
            shown = ", ".join(iv.trimmed[:4]) + (" …" if len(iv.trimmed) > 4 else "")
            lines.append(f"   left out for time ({len(iv.trimmed)}): {shown}")
        card = iv.scorecard()
        notes = facilitated(card, iv.transcript, follower.notes)
        lines += ["", "Dimensions"]
        for d in card.dimensions.values():
            if not d.covered and d.key not in notes.overrides:
                continue
            if not d.covered:
                lines.append(f" {d.name}: not assessed yet")
                o = notes.overrides[d.key]
                lines.append(f"   overridden to {o.level} by {o.by}: {o.reason}")
                continue
            line = f" {d.name}: {d.described}, {d.confidence} confidence"
            if d.flags:
                line += "; " + ", ".join(f.code.replace("_", " ") for f in d.flags)
            lines.append(line)
            if d.key in notes.overrides:
                o = notes.overrides[d.key]
                lines.append(
                    f"   overridden to {o.level} by {o.by} (computed {o.computed}): {o.reason}"
                )
        pains = [p for p in card.pains if p.severity]
        if pains or notes.pains:
            lines += ["", "Pain points"]
            lines += [f" {p.severity}/9 {p.text}" for p in pains]
            lines += [f" noted by {p.by} (turn {p.turn}): {p.text}" for p in notes.pains]
        from interviewer.scoring.findings import findings

        found = findings(iv.script, iv.track, card, iv.answers, iv.transcript, notes, iv.trimmed)
        if found.actions:
            lines += ["", "Next actions so far"]
            lines += [
                f" {n}. {a.title} ({a.phase_label})" for n, a in enumerate(found.actions[:4], 1)
            ]
        if notes.quotes:
            lines += ["", "Quotes (evidence)"]
            for q in notes.quotes[-5:]:
                name = iv.script.dimensions[q.dimension].name if q.dimension else "general"
                lines.append(f" {name}, turn {q.turn}: “{q.text}”")
        if notes.annotations:
            lines += ["", f"Notes ({len(notes.annotations)})"]
            for a in notes.annotations[-8:]:
                tags = " ".join(f"#{t}" for t in a.tags)
                lines.append(f" turn {a.turn} {tags} {a.note} — {a.by}")
        self.update(literal("\n".join(lines)))
