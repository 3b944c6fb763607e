"""Earlier answers quoted in a question (`{answer:<step>}` in its text): untrusted words, so
each is made one short line of literal Markdown that every front end shows as typed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interviewer.engine.answers import display_answer
from interviewer.markdown_text import inline
from interviewer.script.model import Track
from interviewer.script.texts import ANSWER_REF
from interviewer.textsafe import visible_control

MAX_QUOTED = 80  # characters of an answer quoted in a question
NOT_ANSWERED = "(not answered)"


def quoted(text: str) -> str:
    """`text` as literal Markdown on one line: control characters as their pictures (␛), markup
    escaped, cut to MAX_QUOTED characters."""
    flat = " ".join(visible_control(text).split())
    if len(flat) > MAX_QUOTED:
        flat = flat[: MAX_QUOTED - 1].rstrip() + "…"
    return inline(flat)


def with_answers(text: str, track: Track, answers: Mapping[str, Any]) -> str:
    """`text` with each `{answer:<step>}` replaced by that answer as the interviewee gave it
    (a choice by its label), or NOT_ANSWERED."""
    if "{answer:" not in text:
        return text

    def one(ref: str) -> str:
        value, step = answers.get(ref), track.index.get(ref)
        if step is None or value is None or value == "" or value == []:
            return NOT_ANSWERED
        return quoted(str(value) if step.kind == "text" else display_answer(step, value))

    return ANSWER_REF.sub(lambda m: one(m.group(1)), text)
