"""What is asked next: the walk along the track's machine to the next question that needs an
answer, settling on the way what earlier answers already say, and the walk again from the first
step when an earlier answer changes (the rewalk).

Functions of the interview whose route they move (as engine.pacing's are): the state they read
and set is the interview's, built by its fold over the event log (engine.interview).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interviewer.answer_words import is_vague
from interviewer.engine import pacing
from interviewer.engine.old_pains import rated_before
from interviewer.engine.settle import (
    SETTLED_NOTE,
    Reading,
    acknowledgement,
    read_settled,
    settled_from,
)
from interviewer.records import Answer
from interviewer.script.model import END, Step

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview

# The step asking which currency the figures are in: settled without asking when the amounts on
# the route were typed with one currency (£1.2m), asked as before when none was or they differ.
CURRENCY_ROLE = "currency"  # the step playing it is settled by the amounts' own currency


def needs_followup(iv: Interview, step_id: str) -> bool:
    """The answer to `step_id` was vague: its follow-up is asked (the machine's condition)."""
    value = iv.ctx.answers.get(step_id)
    return isinstance(value, str) and is_vague(value)


def advance(iv: Interview) -> None:
    """Take the transition out of the current step."""
    iv.machine.advance(iv.position, iv)


def askable(iv: Interview, step: Step) -> bool:
    """The step is on the route now: its `when` holds, and an optional one fits the time."""
    if step.when is not None and not step.when(iv.ctx):
        return False
    if step.purpose == "pain_detail" and step.options_from and rated_before(iv, step):
        return False  # "which hurts most" was never asked of a session from before
    spent = iv.segment_seconds.get(step.segment, 0.0)
    if step.priority == "optional" and not pacing.leaves_room(iv, step, spent):
        if step.id not in iv.trimmed:
            iv.trimmed.append(step.id)
        return False
    return True


def settle(iv: Interview, carried: dict[str, Any] | None = None) -> None:
    """Move forward from the machine's state to the next question that needs an answer.

    `carried` holds earlier answers during a re-walk: those met again on the route are kept.
    A step an earlier answer settles (`settled_by`) stops the walk with `pending` set: the
    caller records that answer (`settlement`), and the walk goes on, still carrying.
    """
    if carried is not None:
        iv.carried = carried
    carried = iv.carried
    iv.pending = None
    while True:
        state = iv.machine_state
        if state == END:
            iv.current = None
            drop_carried(iv)
            drop_kept(iv)
            return
        step = iv.track.index[state]
        if askable(iv, step):
            if carried is not None and step.id in carried and still_settled(iv, step):
                iv.ctx.set(step.id, carried.pop(step.id))
                iv.path.append(step.id)
            elif step.id in iv.kept:  # answered before the move to this script
                iv.ctx.set(step.id, iv.kept.pop(step.id))
                iv.path.append(step.id)
            elif step.id in iv.ctx.answers:
                pass
            elif step.id in iv.checks_asked:  # asked once, ever: its answer still holds
                index = iv.checks_asked[step.id]
                iv.ctx.set(step.id, iv.answer_value(index))
                iv.active_event[step.id] = index
                iv.path.append(step.id)
            elif step.role == CURRENCY_ROLE and currency_given(iv) is not None:
                iv.ctx.set(step.id, currency_given(iv))
                iv.path.append(step.id)
            else:
                iv.current = step.id
                iv.pending = reading(iv, step)
                if iv.pending is None:
                    drop_carried(iv, step.id)
                return
        advance(iv)


def ahead(iv: Interview) -> list[str]:
    """Answers in force the walk has not met again yet: those a move or a clarification
    kept, and those a re-walk carries."""
    return [*iv.kept, *(iv.carried or ())]


def drop_kept(iv: Interview) -> None:
    """The route is walked to its end: answers a move kept that it never met are off it."""
    for step_id in iv.kept:
        iv.active_event.pop(step_id, None)
    iv.kept.clear()


def drop_carried(iv: Interview, at: str | None = None) -> None:
    """The re-walk is over: the answers it did not meet again are no longer in force. After
    a clarification, or when it stopped `at` a statement the adaptive route now asks (a
    changed rating or answer moved the route), those further on are kept (as a move keeps
    them): they count, and are met again once that question is answered."""
    carried = iv.carried or {}
    if at is not None and (iv.keep_ahead or iv.track.index[at].routed):
        pos = iv.track.position
        kept = {k: v for k, v in carried.items() if pos.get(k, -1) > pos[at]}
        iv.kept.update(kept)
        carried = {k: v for k, v in carried.items() if k not in kept}
    for step_id in carried:
        iv.active_event.pop(step_id, None)
    iv.carried = None
    iv.keep_ahead = False


def restart(iv: Interview) -> None:
    """Back to the first step with no answer on the route yet."""
    iv.ctx.reset()
    iv.path = []
    iv.trimmed = []
    iv.machine.jump(iv.position, iv.first)


def rewalk(iv: Interview) -> None:
    """Replay the route from the first step with the answers in force (after a revision)."""
    carried = dict(iv.ctx.answers)
    restart(iv)
    settle(iv, carried)


# -- settled by an earlier answer -------------------------------------------------------------


def reading(iv: Interview, step: Step) -> Reading | None:
    """What the answers on the route already say for `step` (`settled_by`), if anything:
    each settling step in order, its follow-up after it."""
    for source_id in step.settled_by:
        for sid in iv.track.with_followup(source_id):
            source = iv.track.index.get(sid)
            if source is None or sid not in iv.ctx.answers:
                continue
            found = read_settled(step, source, iv.ctx.answers[sid], iv.currencies.get(sid))
            if found is not None:
                return found
    return None


def still_settled(iv: Interview, step: Step) -> bool:
    """On a re-walk: an answer kept, unless it was read from an earlier answer that now
    reads differently; then it is read again (or asked, when nothing can be read)."""
    assert iv.carried is not None
    index = iv.active_event.get(step.id)
    event = iv.events[index] if index is not None else None
    if not isinstance(event, Answer) or settled_from(event.note) is None:
        return True
    found = reading(iv, step)
    if found is not None and found.value == iv.carried[step.id]:
        return True
    del iv.carried[step.id]
    iv.active_event.pop(step.id, None)
    return False


def settlement(iv: Interview, now: float) -> tuple[Answer, str] | None:
    """The answer to record for the current step when an earlier answer settles it, and
    what to tell the interviewee instead of asking; None when there is none."""
    found = iv.pending
    if found is None or iv.revising is not None or iv.current is None:
        return None
    step = iv.track.index[iv.current]
    said = acknowledgement(step, found)
    answer = Answer(
        step.id,
        found.value,
        found.said,
        now,
        SETTLED_NOTE + found.source,
        question=said,
        currency=found.currency,
    )
    return answer, said


def currency_given(iv: Interview) -> str | None:
    """The one currency the amounts answered on the route were typed with, if there is one."""
    found = {c for step_id, c in iv.currencies.items() if step_id in iv.ctx.answers}
    return found.pop() if len(found) == 1 else None
