"""What a line of input means: an answer to the question asked (the events to record), a
command (/back, /skip, /why ...), or a reason to ask again. Every front end's input comes
through `interpret`, which changes nothing the log holds: the caller persists the events and
applies them (engine.interview)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewer.engine import clarify
from interviewer.engine.answers import Rejected, parse_answer, too_long
from interviewer.engine.explain import explain_step, help_text, status_text
from interviewer.engine.rendering import check_found
from interviewer.records import Answer, Back, Event, Paused
from interviewer.script.model import Step
from interviewer.transcript import clarified_from, clarified_note

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview

COMMANDS = ("back", "skip", "pause", "why", "status", "help")
NOT_KNOWN = "That's fine, I've noted it as not known for now."


@dataclass(eq=False)
class Reply:
    """What to do with one line of input: events to persist, text to show, or a rejection."""

    events: list[Event] = field(default_factory=list)
    info: str | None = None
    invalid: str | None = None
    command: str | None = None


def interpret(iv: Interview, raw: str, now: float, step_id: str | None = None) -> Reply:
    """Decide what a line of input means without changing any state (but for the words a
    clarifying question could not read, kept as its reason: `unread`). Every front end's
    answers come through here: one too long is refused before anything reads it."""
    refused = too_long(len(raw))
    if refused is not None:
        return Reply(invalid=refused)
    text = raw.strip()
    if text.startswith("/") and step_id is None:
        return command(iv, text[1:].strip().lower(), now)
    if iv.status == "completed" and step_id is None:
        return Reply(invalid="The interview is complete.")
    target = step_id or iv.asking
    if target is None or (target not in iv.track.index and target not in iv.facilitator_steps):
        return Reply(invalid="There is no question to answer.")
    if step_id is not None and step_id not in iv.answers and step_id != iv.asking:
        return Reply(invalid="Only questions on the current route can be answered.")
    step = iv.as_asked(iv.step(target))
    if step.purpose == "contradiction" and step.kind == "indicator":
        return _clarification(iv, step, raw, now)
    parsed = parse_answer(step, raw)
    if isinstance(parsed, Rejected):
        return Reply(invalid=parsed.message)
    constraint = step.constraint  # total: a failing expression is false, never an error
    checked = parsed.value is not None and not (
        step.kind == "number" and parsed.note == "non-answer"  # no number to check
    )
    if checked and constraint is not None and not constraint(iv.ctx, parsed.value):
        return Reply(invalid=step.constraint_message or "That answer isn't allowed here.")
    answer = Answer(
        target,
        parsed.value,
        raw,
        now,
        parsed.note or None,
        skipped=parsed.value is None,  # Enter on an optional number leaves it out
        question=iv.render(step),
        currency=parsed.currency,
    )
    said = parsed.said
    if parsed.note == "non-answer" and (step.followup is None or step.is_followup):
        said = NOT_KNOWN  # nothing more will be asked about it: say it was heard
    return Reply(events=[answer], info=said)


def _clarification(iv: Interview, step: Step, raw: str, now: float) -> Reply:
    """An answer to a clarifying question: recorded for it, and for the indicator it asks
    about as an answer of its own (noted as clarified), so the indicator's answer in force
    is the clarified one (see engine.clarify)."""
    if not raw.strip():
        return Reply(invalid="Please pick one of the answers, or /skip to leave it open.")
    found = check_found(iv, step)
    claim = found.claim if found is not None else None
    reading = clarify.read(step, raw, claim)
    if reading is None:
        iv.unread[step.id] = " ".join(raw.split())
        return Reply(invalid=clarify.unread(raw))
    typed_before = iv.unread.pop(step.id, "")
    words = reading.words or typed_before
    events: list[Event] = [
        Answer(step.id, reading.value, raw, now, words or None, question=iv.render(step))
    ]
    if found is None or claim is None:  # nothing to revise: the answer is recorded
        return Reply(events=events)
    indicator = iv.step(found.indicator_step)
    note = clarified_note(step.id, claim)
    events.append(
        Answer(indicator.id, reading.value, raw, now, note, question=iv.render(indicator))
    )
    before = iv.answers.get(indicator.id)
    said = clarify.said_back(reading, indicator, before if isinstance(before, str) else claim)
    return Reply(events=events, info=said)


def command(iv: Interview, name: str, now: float) -> Reply:
    """A command typed instead of an answer (`COMMANDS`): the events it records, or what it
    says."""
    name = name.split()[0] if name else ""
    if name == "back":
        target = _clarified_last(iv) or _previous_answered(iv, iv.asking)
        if target is None:
            return Reply(invalid="There's no earlier answer to go back to.", command=name)
        return Reply(events=[Back(target, now)], command=name)
    if name == "skip":
        if iv.asking is None:
            return Reply(invalid="There is no question to skip.", command=name)
        asked = iv.step(iv.asking)
        skipped = Answer(iv.asking, None, "/skip", now, skipped=True, question=iv.render(asked))
        return Reply(events=[skipped], command=name)
    if name == "pause":
        return Reply(events=[Paused(now)], command=name)
    if name == "why":
        return Reply(info=explain_step(iv), command=name)
    if name == "status":
        return Reply(info=status_text(iv), command=name)
    if name == "help":
        return Reply(info=help_text(), command=name)
    return Reply(invalid=f"Unknown command /{name}. Type /help to see the commands.")


def _clarified_last(iv: Interview) -> str | None:
    """The clarifying question, when the last answer was the one it gave an indicator:
    /back right after it goes back to that question, wherever the route went on."""
    if iv.revising is not None:
        return None
    for index in range(len(iv.events) - 1, -1, -1):
        event = iv.events[index]
        if not isinstance(event, Answer):
            continue
        came = clarified_from(event.note)
        if came is None or iv.active_event.get(event.step) != index:
            return None
        return came.step if came.step in iv.answers else None
    return None


def _previous_answered(iv: Interview, before: str | None) -> str | None:
    if before is not None and before in iv.path:
        idx = iv.path.index(before)
        return iv.path[idx - 1] if idx > 0 else None
    return iv.path[-1] if iv.path else None
