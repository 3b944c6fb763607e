"""Plain-language answers to /why, /status and /help, built from what was detected so far."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewer.scoring import levels as lv
from interviewer.scoring import route
from interviewer.scoring.dimension import critical_gap, perception_gap

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview

HELP = """Commands you can type at any question:
  /back    change your previous answer (answers that still fit are kept)
  /skip    leave this question out
  /pause   stop here; resume later with `interviewer resume ID`
  /why     why this question is being asked
  /status  where we are, time used and the picture so far
  /help    this list
Indicator questions take yes, mostly, partly, no, unknown or na (optionally `na: reason`).
Choices take the option's number or name; several choices are separated by commas."""


def help_text() -> str:
    return HELP


def explain_step(iv: Interview) -> str:
    step_id = iv.asking
    if step_id is None:
        return "The interview is complete; there is no open question."
    step = iv.step(step_id)
    lines = [step.help or "This question is part of the interview script for this track."]
    if step.dimension:
        dim = iv.script.dimensions[step.dimension]
        ev = iv.ctx.ev(step.dimension)
        values = ev.values(dim)
        level = lv.level(dim, values, "point")
        at = f"level {level} ({lv.score(dim, values, 'point'):.1f})"
        if step.purpose in ("pain", "pain_detail", "opportunity"):
            reasons = []
            if level <= 2 and ev.indicators:
                reasons.append(f"the indicators so far put {dim.name.lower()} at {at}")
            if critical_gap(dim, ev):
                reasons.append("a critical foundation practice was answered “no”")
            if hits := ev.matches(iv.script.cues.get("pain", ())):
                reasons.append("you mentioned " + ", ".join(f"“{h}”" for h in hits[:3]))
            if reasons:
                lines.append("Detected: " + "; ".join(reasons) + ".")
        elif step.purpose == "advanced":
            needed = step.level or 4
            target = iv.ctx.answers.get(f"{dim.key}.target")
            reasons = []
            if isinstance(target, int) and target >= needed:
                reasons.append(f"your target for it is level {target}")
            if level >= needed - 1 or not reasons:
                reasons.insert(0, f"the indicators put {dim.name.lower()} at {at}")
            lines.append("Detected: " + " and ".join(reasons) + ".")
        elif step.purpose == "clarify":
            if (flag := perception_gap(dim, ev)) is not None:
                lines.append(f"Detected: {flag.message}")
        elif step.purpose == "contradiction" and step.check is not None:
            found = iv.ctx.contradiction(dim.key, step.check.id)
            if found is not None:
                lines.append(f"Detected: {found.indicator_quote}, and {found.other_quote}.")
                if step.check.heard:
                    lines.append(f"Heard in the words “{found.phrase}”.")
        elif step.purpose == "indicator" and step.indicator:
            if step.routed:
                if (why := _on_route(iv, step.dimension, step.indicator.id)) is not None:
                    lines.append(f"Detected: {why}")
            elif step.indicator.level >= 4:
                lines.append(
                    f"Asked because level {step.indicator.level - 1} can still count in full "
                    "from your answers so far."
                )
            lines += _heard_lines(iv, step.dimension, step.indicator.id)
    return "\n".join(lines)


POLARITY_WORDS = {"present": "in place", "absent": "not in place", "partly": "partly in place"}


def _heard_lines(iv: Interview, dimension: str, indicator: str) -> list[str]:
    """What the evidence reader heard about this practice earlier, and from which words."""
    from interviewer.scoring.heard import heard_on  # the reader: not before an answer

    dim = iv.script.dimensions[dimension]
    out: list[str] = []
    for found in heard_on(dim, iv.ctx.ev(dimension), indicator):
        h = found.heard
        words = f"“{h.words}”" + (f" with “{h.cue}”" if h.cue else "")
        line = f"Heard earlier as {POLARITY_WORDS[h.polarity]}: “{h.quote}” ({words})."
        if line not in out:  # the same sentence said in two answers is one thing heard
            out.append(line)
    return out[:3]


def _start(hints: route.Hints) -> str:
    """Why the route started where it did, in words: what the open answers said only when it
    moved the start."""
    said = []
    if hints.rating is not None:
        said.append(f"you rated this area {hints.rating}")
    if hints.earlier is not None:
        said.append(f"the areas measured so far average level {hints.earlier:.1f}")
    before = route.start_level(route.Hints(hints.rating, hints.earlier))
    at = route.start_level(hints)
    if at > before:
        said.append(f"you described a level {max(hints.heard_in_place)} practice in place")
    elif at < before:
        said.append(f"you described a level {min(hints.heard_missing)} practice as missing")
    return " and ".join(said) if said else "nothing points higher yet"


def _on_route(iv: Interview, dimension: str, indicator: str) -> str | None:
    """Why the adaptive route asks this indicator now (scoring.route), or None when the
    question is not the route's next (an earlier answer being changed)."""
    nxt = iv.ctx.next_on_route(dimension)
    if not nxt.ids or nxt.ids[0] != indicator:
        return None
    at = nxt.level
    name = iv.script.levels[at].name if at in iv.script.levels else ""
    if nxt.why == "start":
        hints = iv.ctx.start_hints(dimension)
        return f"the questions start at level {at} ({name}) because {_start(hints)}."
    if nxt.why == "spot":
        dim = iv.script.dimensions[dimension]
        doubt = indicator in iv.ctx.ev(dimension).doubted(dim)
        start = route.start_level(iv.ctx.start_hints(dimension))
        return (
            f"level {start} holds, so level {at} beneath it is spot-checked: if its critical "
            "practices are in place, the rest of it is taken as in place without asking"
            + (", but this one is in doubt from what was said, so it is asked." if doubt else ".")
        )
    if nxt.why == "down":
        return f"level {at} is not confirmed yet, so the rest of it is asked."
    if nxt.why == "up":
        return f"level {at - 1} holds, so the questions step up to level {at} ({name})."
    if nxt.why == "premise":
        return "the next question builds on this one, so it is asked first."
    if nxt.why == "could":
        return (
            f"level {at - 1} is not fully in place, but level {at} could still change the "
            "level, so it is asked."
        )
    return None


def status_text(iv: Interview) -> str:
    seg = iv.current_segment
    lines = [f"Track: {iv.track.title} ({iv.track.minutes:g} min)"]
    if seg is not None:
        n = iv.track.segments.index(seg) + 1
        used = iv.segment_seconds[seg.id] / 60
        lines.append(
            f"Segment {n} of {len(iv.track.segments)}: {seg.title} — {used:.0f} of "
            f"{seg.minutes:g} min used"
        )
    given = len(iv.path)
    lines.append(f"Progress: {iv.progress():.0%}, {given} answer{'' if given == 1 else 's'} so far")
    if iv.trimmed:
        lines.append(f"Left out to keep to time: {len(iv.trimmed)} optional question(s)")
    card = iv.scorecard()
    for d in card.dimensions.values():
        if d.covered:
            lines.append(f"  {d.name}: {d.described}")
    return "\n".join(lines)
