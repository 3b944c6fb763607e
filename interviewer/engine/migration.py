"""A session's move to a new version of its script (`interviewer migrate`, session.migration),
as the replay folds it: the `script_migrated` event says which answers were in force under the
previous script and how earlier answers read there; the route is walked again on the new one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from interviewer.engine import routing
from interviewer.engine.errors import ReplayError
from interviewer.records import Answer, Event, ScriptMigrated
from interviewer.script.model import Purpose, Script, Step

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview


def moved(iv: Interview, event: ScriptMigrated) -> None:
    """The session moved to this script: the route is walked again from the first step with
    the answers that were in force, as the previous script routed them. A question the new
    version added on the route is asked before the interview goes on from where it was; the
    answers after it stay in force (`kept`) and are met again once it is answered."""
    index = len(iv.events) - 1
    for shown in event.shown:  # earlier answers as they read under the previous script
        answer = iv.events[shown.event] if 0 <= shown.event < index else None
        if not isinstance(answer, Answer) or answer.step != shown.step:
            continue
        if iv.transcript.at_event(shown.event) is None:
            purpose = cast(Purpose, shown.purpose)  # as the previous script's step had it
            step = Step(shown.step, "text", purpose, shown.question, dimension=shown.dimension)
            iv.transcript.place(shown.event, step, shown.question, shown.answer, answer)
            iv.turn += 1
        else:
            iv.transcript.reword(shown.event, shown.question, shown.answer)
    in_force = dict(event.in_force)
    retired = {i for step_id, i in in_force.items() if step_id in event.retired}
    iv.transcript.moved(index, event.from_version, event.to_version, retired)
    facilitators = {k: i for k, i in iv.active_event.items() if k in iv.facilitator_steps}
    iv.active_event.clear()  # the transcript reads this very dict: updated in place
    iv.active_event.update(facilitators)
    iv.kept.clear()
    iv.currencies.clear()
    for step_id, i in in_force.items():
        answer = iv.events[i] if 0 <= i < index else None
        if step_id in event.retired or step_id not in iv.track.index:
            continue
        if isinstance(answer, Answer) and answer.step == step_id:
            iv.active_event[step_id] = i
            iv.kept[step_id] = answer.value
            if answer.currency is not None:
                iv.currencies[step_id] = answer.currency
    iv.revising = None
    iv.carried = None
    routing.restart(iv)
    routing.settle(iv)


def check_finished(script: Script, events: list[Event]) -> None:
    """ReplayError when the log's last move names another script than `script`, the
    session's copy: the move was cut short, and running it again finishes it."""
    moves = [e for e in events if isinstance(e, ScriptMigrated)]
    if moves and script.sha256 and moves[-1].to_hash != script.sha256:
        raise ReplayError(
            f"the session was moved to version {moves[-1].to_version} of its script, but its "
            f"script copy is version {script.version}: the move did not finish; run "
            "`interviewer migrate` with the new script again to finish it"
        )
