"""Sessions from before a pain point was one question: each ticked pain then had two answers,
`<dim>.pain.<id>.frequency` and `.impact`. Replayed now, the two are shown as they were asked and
together answer the one question (`<dim>.pain.<id>`) as "<impact>-<frequency>", so the pain keeps
its severity and the interview goes on from the same place."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from interviewer.engine.answers import display_answer
from interviewer.records import Answer, AnswerValue
from interviewer.script.expand import FREQUENCY_OPTIONS, IMPACT_OPTIONS
from interviewer.script.model import Step, Track
from interviewer.script.texts import DEFAULT_TEMPLATES, fill

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview

_DETAIL = re.compile(r"(?P<base>[a-z_]+\.pain\.[a-z0-9-]+)\.(?P<detail>frequency|impact)")


def old_detail(track: Track, step_id: str) -> tuple[str, str] | None:
    """(the pain's one question, "frequency" or "impact") for an answer to an old step."""
    found = _DETAIL.fullmatch(step_id)
    if found is None or found.group("base") not in track.index:
        return None
    return found.group("base"), found.group("detail")


def old_step(track: Track, base: str, detail: str) -> Step:
    """The old question, to show the answer given to it in the transcript."""
    pain = track.index[base]
    return Step(
        id=f"{base}.{detail}",
        kind="choice",
        purpose="pain_detail",
        text=fill(DEFAULT_TEMPLATES[f"pain_{detail}"], pain=pain.pain.text if pain.pain else ""),
        segment=pain.segment,
        options=FREQUENCY_OPTIONS if detail == "frequency" else IMPACT_OPTIONS,
        dimension=pain.dimension,
        pain=pain.pain,
        help="Asked before a pain point was one question.",
        line=pain.line,
    )


def combined(details: dict[str, AnswerValue]) -> AnswerValue:
    """The one answer the two old ones make: "<impact>-<frequency>", or None (skipped) when
    either was skipped."""
    frequency, impact = details.get("frequency"), details.get("impact")
    if not isinstance(frequency, str) or not isinstance(impact, str):
        return None
    return f"{impact}-{frequency}"


def rated_before(iv: Interview, step: Step) -> bool:
    """This dimension's pains were rated with the two questions of sessions from before."""
    return any(iv.track.index[base].dimension == step.dimension for base in iv.old_details)


def record_detail(
    iv: Interview, event: Answer, base: str, detail: str
) -> dict[str, AnswerValue] | None:
    """An answer to one of a pain's two old questions, shown as asked; once both are in, the
    two answers (`combined` makes them the pain's one answer), else None."""
    iv.turn += 1
    index = len(iv.events) - 1
    step = iv.old_steps.setdefault(event.step, old_step(iv.track, base, detail))
    question = event.question if event.question is not None else step.text
    shown = display_answer(step, event.value)
    iv.transcript.add(index, step, question, shown, event, None)
    iv.active_event[event.step] = index
    details = iv.old_details.setdefault(base, {})
    details[detail] = event.value
    return details if len(details) == 2 else None
