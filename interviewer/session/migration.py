"""`interviewer migrate`: move a session to a new version of its script.

A session stays pinned to the script it started with until someone moves it. Moving keeps every
answer whose step the new version still has (and whose answer still fits it); an answer to a step
that is gone, or that no longer fits (its option was removed, its kind changed), is retired: kept
in the log and shown in reports under its own heading, no longer scored. A question the new
version adds on the route is asked on the next `resume`, before the interview goes on.

The order of the writes makes a move that is cut short visible and finishable: the previous copy
is kept first (script.vN.HASH.yaml), then the move is recorded in the log (the point after which
it has happened), then script.yaml is replaced atomically, then meta.json. A replay of a log
whose last move names another script than the copy says so (Interview.replay raises ReplayError);
running the same `migrate` again finishes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, NamedTuple

from interviewer.engine.answers import display_answer
from interviewer.engine.errors import DamagedLog
from interviewer.engine.interview import Interview
from interviewer.export.session_check import checked_session
from interviewer.records import Answer, MetaStatus, ScriptMigrated, Shown
from interviewer.script import Script, Step, load_script, validate
from interviewer.script.compare import StepChange, compare_track
from interviewer.script.loader import read_text
from interviewer.store import (
    SessionCorruptError,
    SessionLockedError,
    SessionStore,
    StoreError,
)
from interviewer.store.notes_file import NotesReader
from interviewer.store.session_file import keep_script_copy, replace_script_copy
from interviewer.textsafe import strip_control


class Retired(NamedTuple):
    step: str
    question: str
    answer: str
    reason: str  # "the step is gone" or why the answer no longer fits


class Moved(NamedTuple):
    """What a move did, for the command's output."""

    session_id: str
    script_id: str
    track: str
    from_version: int
    to_version: int
    kept: int  # answers in force that carry over
    retired: tuple[Retired, ...]
    added: tuple[StepChange, ...]  # the track's new questions
    kept_as: str
    next_question: str | None  # what resume asks first
    finished: bool = False  # an earlier, interrupted move was finished
    unchanged: bool = False  # the session was on this very script already


def does_not_fit(old: Step, new: Step, value: Any) -> str | None:
    """Why an answer given to `old` cannot stand as an answer to `new`, or None if it can."""
    if old.kind != new.kind:
        return f"the question is now answered as {new.kind}, not {old.kind}"
    if value is None or new.kind not in ("choice", "multi"):
        return None
    allowed = {o.value for o in new.options}
    chosen = value if isinstance(value, list) else [value]
    gone = [str(v) for v in chosen if str(v) not in allowed]
    return f"option {', '.join(gone)} is no longer offered" if gone else None


def migrate(
    store: SessionStore, session_id: str, script_path: str, clock: Callable[[], float] = time.time
) -> Moved:
    """Move the session to the script at `script_path`; StoreError with a one-line reason when
    it cannot be moved (nothing is written then)."""
    problems = validate(script_path)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise StoreError(f"{script_path} fails validation: {problems[0]}{more}")
    new = load_script(script_path)
    meta, current = checked_session(store, session_id)
    track = meta.track
    if new.id != current.id:
        raise StoreError(
            f"{script_path} is script {new.id!r}, but session {session_id} runs {current.id!r}: "
            "a session moves only to a version of its own script"
        )
    if track not in new.tracks:
        raise StoreError(
            f"{script_path} (version {new.version}) has no track {track!r}, which session "
            f"{session_id} follows (it has: {', '.join(new.tracks)})"
        )
    ref = store.ref(session_id)
    followers = NotesReader(ref).present()
    if followers:
        raise SessionLockedError(
            f"session {session_id} is open in another window (followed by "
            f"{', '.join(followers)}); close it there first"
        )
    with store.open_writer(session_id) as writer:
        events = list(writer.events)  # as they were before the move
        moves = [e for e in events if isinstance(e, ScriptMigrated)]
        if moves and moves[-1].to_hash == new.sha256 and current.sha256 == moves[-1].from_hash:
            replace_script_copy(ref, read_text(script_path))  # the move was cut short: finish it
            writer.update_meta(script_version=new.version, script_sha256=new.sha256)
            last = moves[-1]
            versions = (last.from_version, last.to_version)
            return Moved(session_id, new.id, track, *versions, 0, (), (), last.kept_as, None, True)
        if new.sha256 == current.sha256:
            versions = (current.version, new.version)
            return Moved(session_id, new.id, track, *versions, 0, (), (), "", None, unchanged=True)
        if new.version <= current.version:
            raise StoreError(
                f"{script_path} is version {new.version} of {new.id!r}, not newer than the "
                f"session's version {current.version}; raise `version:` in the new script"
            )
        try:
            before = Interview.replay(current, track, events)
        except DamagedLog as exc:  # any other ReplayError says what to do itself
            raise SessionCorruptError(
                f"session {session_id}: its transcript cannot be replayed ({exc}); it was left "
                "as is"
            ) from None
        event, retired = _move(before, current, new, track, clock())
        keep_script_copy(ref, event.kept_as)
        writer.append([event])
        replace_script_copy(ref, read_text(script_path))
        after = Interview.replay(new, track, [*events, event])
        ask = after.ask()
        status: MetaStatus = "completed" if ask is None else "paused"
        writer.update_meta(script_version=new.version, script_sha256=new.sha256, status=status)
    changes = compare_track(current.tracks[track], new.tracks[track])
    return Moved(
        session_id,
        new.id,
        track,
        current.version,
        new.version,
        len(event.in_force) - len(event.retired),
        retired,
        tuple(c for c in changes if c.change == "added"),
        event.kept_as,
        ask.text if ask is not None else None,
    )


def _move(
    before: Interview, current: Script, new: Script, track: str, now: float
) -> tuple[ScriptMigrated, tuple[Retired, ...]]:
    """The event recording the move of `before` (replayed under `current`) to `new`."""
    old_track, new_track = current.tracks[track], new.tracks[track]
    in_force: dict[str, int] = {}
    retired: list[Retired] = []
    for step_id, index in before.active_event.items():
        old_step = old_track.index.get(step_id)
        answer = before.events[index]
        if old_step is None or not isinstance(answer, Answer):
            continue  # a facilitator's question: outside the route, it moves as it is
        in_force[step_id] = index
        new_step = new_track.index.get(step_id)
        reason = (
            "the step is gone"
            if new_step is None
            else does_not_fit(old_step, new_step, answer.value)
        )
        if reason is not None:
            turn = before.transcript.at_event(index)
            question = turn.question if turn is not None else old_step.text
            read = turn.answer if turn is not None else str(answer.value)
            retired.append(Retired(step_id, question, read, reason))
    shown: list[Shown] = []
    for turn in before.transcript:
        if turn.step.id in before.facilitator_steps:
            continue
        answer = turn.event
        step = new_track.index.get(turn.step.id)
        same = (
            step is not None
            and answer.question is not None
            and display_answer(step, answer.value, answer.note, answer.currency) == turn.answer
        )
        if not same:
            dimension = turn.step.dimension
            shown.append(
                Shown(
                    turn.event_index,
                    turn.step.id,
                    turn.step.purpose,
                    dimension,
                    turn.question,
                    turn.answer,
                )
            )
    kept_as = f"script.v{current.version}.{current.sha256[:12]}.yaml"
    event = ScriptMigrated(
        ts=now,
        from_version=current.version,
        to_version=new.version,
        from_hash=current.sha256,
        to_hash=new.sha256,
        kept_as=kept_as,
        in_force=tuple(sorted(in_force.items(), key=lambda item: item[1])),
        retired=tuple(r.step for r in retired),
        shown=tuple(shown),
    )
    return event, tuple(retired)


def moved_lines(moved: Moved, script_path: str) -> list[str]:
    """What the command prints: what was kept, retired and added, and what resume asks."""
    sid = moved.session_id
    if moved.unchanged:
        return [f"Session {sid} is already on {script_path} (version {moved.to_version})."]
    if moved.finished:
        return [
            f"Session {sid}: finished its move to version {moved.to_version} of "
            f"{moved.script_id!r}; version {moved.from_version} is kept as {moved.kept_as}."
        ]
    out = [
        f"Session {sid} moved from version {moved.from_version} to {moved.to_version} of "
        f"{moved.script_id!r} (track {moved.track}).",
        f"Kept: {moved.kept} answer(s).",
    ]
    if moved.retired:
        out.append(
            f"Retired: {len(moved.retired)} answer(s), kept in the log and shown in reports, "
            "no longer scored:"
        )
        for r in moved.retired:
            out.append(f"  {r.step}: {_short(r.question)} -> {_short(r.answer)} ({r.reason})")
    else:
        out.append("Retired: none.")
    if moved.added:
        out.append(f"New in version {moved.to_version} (asked when the route reaches them):")
        out += [f"  {c.step}: {_short(c.text)}" for c in moved.added]
    if moved.next_question is not None:
        out.append(f"Next on `interviewer resume {sid}`: {_short(moved.next_question)}")
    else:
        out.append("Nothing is left to ask: the interview is complete under the new version.")
    out.append(f"Version {moved.from_version} is kept in the session as {moved.kept_as}.")
    return out


def _short(text: str, limit: int = 80) -> str:
    """One line, without anything a terminal would act on (answers are printed back)."""
    text = " ".join(strip_control(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
