"""A question's text as it is put now: its wording for the answers so far (`forms:`), earlier
answers quoted in it, an indicator already spoken to asked with what was heard in view, and a
clarifying question quoting the two statements it asks about.

Functions of the interview whose question they word; they change nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from interviewer.answer_words import is_non_answer
from interviewer.engine import clarify
from interviewer.engine.answers import NON_ANSWER_FOLLOWUP
from interviewer.engine.quoting import with_answers
from interviewer.scoring import Contradiction, evidence_from_answers
from interviewer.scoring.contradictions import find
from interviewer.script.loader import mid_sentence
from interviewer.script.model import INDICATOR_SHOWN, Step
from interviewer.script.steps import CLARIFY_OPTIONS
from interviewer.script.texts import fill

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview

MENTIONED = "You mentioned: “{quote}” {question}"  # an indicator already spoken to


def as_asked(iv: Interview, step: Step) -> Step:
    """The step as it is put now: with `options_from`, only the options picked there; a
    clarifying question with the claimed answer worded as the one that stands."""
    if step.purpose == "contradiction" and step.kind == "indicator":
        found = check_found(iv, step)
        return replace(step, options=clarify.options(found.claim if found else None, step.options))
    if not step.options_from:
        return step
    chosen = iv.ctx.answers.get(step.options_from) or []
    return replace(step, options=tuple(o for o in step.options if o.value in chosen))


def render(iv: Interview, step: Step) -> str:
    """The question as it is put now: in the first of its `forms` whose condition holds
    (an earlier answer denied what its text takes for granted), filled in."""
    form = next((f.text for f in step.forms if f.when(iv.ctx)), None)
    if form is not None:
        step = replace(step, text=form)
    if step.is_followup:  # after "don't know", asking for more detail doesn't fit
        source = iv.ctx.answers.get(step.follows) if step.follows is not None else None
        return (
            NON_ANSWER_FOLLOWUP if isinstance(source, str) and is_non_answer(source) else step.text
        )
    if step.purpose == "contradiction":
        return _render_check(iv, step)
    if step.indicator is not None and step.dimension is not None:
        return _render_heard(iv, step, step.indicator.id, step.dimension)
    if step.purpose not in ("clarify", "target") or step.dimension is None:
        return with_answers(step.text, iv.track, iv.ctx.answers)
    ev = iv.ctx.ev(step.dimension)
    dim = iv.script.dimensions[step.dimension]
    level = iv.ctx.level(step.dimension)
    return (
        step.text.replace("{dimension}", mid_sentence(dim.name))
        .replace("{self_rating}", str(ev.self_rating if ev.self_rating is not None else "?"))
        .replace("{level_name}", iv.script.levels[level].name)
        .replace("{level}", str(level))
    )


def check_found(iv: Interview, step: Step) -> Contradiction | None:
    """The contradiction a clarifying question asks about, if the answers in force (those
    a clarification kept ahead of the route too) still make it."""
    if step.check is None or step.dimension is None:
        return None
    if not iv.kept:
        return iv.ctx.contradiction(step.dimension, step.check.id)
    ev = evidence_from_answers(iv.track, iv.answers, iv.claims())[step.dimension]
    found = find(iv.script.dimensions[step.dimension], ev, only=step.check.id)
    return found[0] if found else None


def _render_heard(iv: Interview, step: Step, indicator: str, dimension: str) -> str:
    """An indicator the interviewee already spoke to in their own words is asked with
    what they said in view, never filled in from it."""
    from interviewer.scoring.heard import heard_on  # the reader: off the first frame

    dim = iv.script.dimensions[dimension]
    said = heard_on(dim, iv.ctx.ev(dimension), indicator)
    if not said:
        return step.text
    return MENTIONED.format(quote=said[0].heard.quote, question=step.text)


def _render_check(iv: Interview, step: Step) -> str:
    """A cross-check's clarifying question, quoting both statements in the order given,
    and the indicator's answers it offers: the one claimed, and the others."""
    found = check_found(iv, step)
    claimed = found.claim if found is not None else ""
    others = [o.value for o in CLARIFY_OPTIONS[:4] if o.value != claimed]
    alternatives = ", ".join(others[:-1]) + f" or {others[-1]}"
    if found is None:  # not contradicted (any more): no quotes to give
        earlier, later = "you told me one thing", "another answer seemed to say otherwise"
    else:
        claim = f"you answered {found.indicator_quote}"
        other = f"you {'said' if found.phrase else 'answered'} {found.other_quote}"
        pos = iv.track.position
        first = pos.get(found.other_step, 0) < pos.get(found.indicator_step, 0)
        earlier, later = (other, claim) if first else (claim, other)
    name = iv.script.dimensions[step.dimension].name if step.dimension else ""
    text = fill(
        step.text,
        earlier=earlier,
        later=later,
        dimension=mid_sentence(name),
        claim=f"“{INDICATOR_SHOWN[claimed]}”" if claimed else "answer",
        others=alternatives,
    )
    return text.replace(".”.", ".”").replace("?”.", "?”").replace("!”.", "!”")
