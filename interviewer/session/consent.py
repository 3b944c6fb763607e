"""Notice and consent: what the interviewee agrees to before anything they say is recorded.

A script's `notice:` is shown before the first question. Accepting it records `consent_given`
with the notice's SHA-256; declining records `consent_declined` and ends the session, which then
holds its header (`started`) and the decline, and no names (see SessionRunner.decline). A
resumed session is asked again only when the notice in force is not the one accepted. Headless.
"""

from __future__ import annotations

import time
from typing import NamedTuple

from interviewer.records import ConsentDeclined, ConsentGiven, Event, SessionMeta
from interviewer.script import Script, ScriptError, load_script
from interviewer.script.model import Notice, Option, Step

QUESTION = "Do you agree to take part on these terms?"
ACCEPT = Option("accept", "Yes, I agree: start the interview")
DECLINE = Option("decline", "No: stop here, and nothing is recorded")
STEP = Step(
    id="consent",
    kind="choice",
    purpose="consent",
    text=QUESTION,
    options=(ACCEPT, DECLINE),
    help="Nothing is recorded until you agree; declining ends the interview here.",
)
HINT = "Please answer yes to agree and start, or no to stop here (nothing is recorded)."
HELP = (
    "Answer yes to agree and start the interview, or no to stop here: nothing you say is "
    "recorded until you agree. /pause leaves it for later."
)
DECLINED = (
    "You declined, so the interview ends here. Nothing you said is recorded: the session keeps "
    "only that the notice was declined."
)
_YES = {"y", "yes", "1", "accept", "agree", "i agree", "ok", "okay"}
_NO = {"n", "no", "2", "decline", "i decline", "disagree", "stop"}


class ConsentState(NamedTuple):
    """`needed`: ask before anything else; `previous`: the acceptance a changed notice
    replaces (its time), or None."""

    needed: bool
    previous: float | None = None
    declined: bool = False


def consent_state(events: list[Event], notice: Notice | None) -> ConsentState:
    """Whether the notice in force must be asked: never without one; otherwise unless the
    latest answer to a notice accepted this very wording."""
    if notice is None:
        return ConsentState(False)
    last = next(
        (e for e in reversed(events) if isinstance(e, ConsentGiven | ConsentDeclined)), None
    )
    if isinstance(last, ConsentGiven):
        if last.notice_hash == notice.sha256:
            return ConsentState(False)
        return ConsentState(True, previous=last.ts)
    return ConsentState(True, declined=last is not None)


def parse_consent(raw: str) -> bool | None:
    """True for yes, False for no, None for anything else (asked again)."""
    text = " ".join(raw.strip().lower().rstrip(".!").split())
    if text in _YES or text == ACCEPT.label.lower():
        return True
    if text in _NO or text == DECLINE.label.lower():
        return False
    return None


def notice_in_force(meta: SessionMeta, pinned: Script) -> Notice | None:
    """The notice a resumed session is held to. Its pinned script keeps the questions, but the
    notice is the terms of whoever runs the interviews now: a session started on the built-in
    script gets the built-in script's current notice (a consultancy that edits it reaches the
    sessions in progress); any other keeps its copy's."""
    if not meta.script_builtin:
        return pinned.notice
    try:
        current = load_script(None)
    except ScriptError:
        return pinned.notice
    return current.notice if current.id == pinned.id else pinned.notice


def when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))
