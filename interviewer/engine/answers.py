"""Turning what someone typed into an answer value, or a reason to ask again."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from interviewer.script.model import INDICATOR_SHOWN, Step

MAX_TEXT = 10_000
VAGUE_PHRASES = {
    "not sure",
    "unsure",
    "no idea",
    "dunno",
    "idk",
    "don't know",
    "dont know",
    "i don't know",
    "i dont know",
    "maybe",
    "it depends",
    "depends",
    "hard to say",
    "n/a",
    "?",
    "pass",
}
INDICATOR_WORDS = {
    "yes": "yes",
    "y": "yes",
    "mostly": "mostly",
    "largely": "mostly",
    "most": "mostly",
    "m": "mostly",
    "partly": "partly",
    "partial": "partly",
    "partially": "partly",
    "some": "partly",
    "p": "partly",
    "no": "no",
    "n": "no",
    "unknown": "unknown",
    "don't know": "unknown",
    "dont know": "unknown",
    "dk": "unknown",
    "not sure": "unknown",
    "?": "unknown",
    "na": "na",
    "n/a": "na",
    "not applicable": "na",
}


class Parsed(NamedTuple):
    """An answer understood: the value to record and an optional note."""

    value: Any
    note: str | None = None


class Rejected(NamedTuple):
    """An answer not understood: why, to re-ask with."""

    message: str


def is_vague(text: str) -> bool:
    """Short or non-committal free text: worth one gentle follow-up."""
    t = " ".join(text.lower().strip().strip(".!").split())
    return t in VAGUE_PHRASES or len(t.split()) <= 2


def _option_list(step: Step) -> str:
    return ", ".join(f"{i}={o.value}" for i, o in enumerate(step.options, 1))


def _match_option(step: Step, token: str) -> str | None:
    token = token.strip()
    if token.isdecimal() and 1 <= int(token) <= len(step.options):
        return step.options[int(token) - 1].value
    low = token.lower()
    for opt in step.options:
        if low in (opt.value.lower(), opt.label.lower()):
            return opt.value
    return None


def _number(text: str) -> float | None:
    cleaned = re.sub(r"[\s,_]", "", text.strip()).lstrip("$€£¥")
    multiplier = 1.0
    if cleaned[-1:].lower() in ("k", "m"):
        multiplier = 1e3 if cleaned[-1].lower() == "k" else 1e6
        cleaned = cleaned[:-1]
    try:
        value = float(cleaned) * multiplier
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_answer(step: Step, raw: str) -> Parsed | Rejected:
    """Validate `raw` against the step's kind and range (constraints are checked by the engine)."""
    text = raw.strip()
    if not text:
        if step.required:
            return Rejected("Please type an answer, or /skip to leave this one out.")
        return Parsed("")
    if step.kind == "text":
        if len(text) > MAX_TEXT:
            return Rejected(f"That's longer than {MAX_TEXT:,} characters; please shorten it.")
        return Parsed(text)
    if step.kind == "choice":
        value = _match_option(step, text)
        if value is None:
            return Rejected(f"Please pick one option by number or name ({_option_list(step)}).")
        return Parsed(value)
    if step.kind == "multi":
        chosen: list[str] = []
        for token in text.split(","):
            if not token.strip():
                continue
            value = _match_option(step, token)
            if value is None:
                return Rejected(
                    f"{token.strip()!r} is not one of the options; pick one or more, separated "
                    f"by commas ({_option_list(step)})."
                )
            if value not in chosen:
                chosen.append(value)
        if "none" in chosen and len(chosen) > 1:
            return Rejected("“None of these” can't be combined with other options.")
        return Parsed(chosen)
    if step.kind == "scale":
        lo, hi = int(step.min or 1), int(step.max or 5)
        if not re.fullmatch(r"\d+", text) or not lo <= int(text) <= hi:
            return Rejected(f"Please answer with a whole number from {lo} to {hi}.")
        return Parsed(int(text))
    if step.kind == "number":
        number = _number(text)
        if number is None:
            return Rejected("Please answer with a number, for example 250000 or 1.5.")
        if step.min is not None and number < step.min:
            return Rejected(f"The number must be at least {step.min:g}.")
        if step.max is not None and number > step.max:
            return Rejected(f"The number must be at most {step.max:g}.")
        return Parsed(int(number) if number.is_integer() else number)
    if step.kind == "indicator":
        head, _, reason = text.partition(":")
        word = " ".join(head.lower().split())
        value = INDICATOR_WORDS.get(word)
        if value is None and word.isdecimal() and 1 <= int(word) <= len(step.options):
            value = step.options[int(word) - 1].value
        if value is None:
            return Rejected(
                "Please answer yes, mostly, partly, no, unknown (don't know) or na: reason."
            )
        if value == "na" and not reason.strip():
            return Parsed(value, note=None)
        return Parsed(value, note=reason.strip() or None)
    return Rejected(f"Unsupported question kind {step.kind!r}.")


def display_answer(step: Step, value: Any, note: str | None = None) -> str:
    """An answer as a person reads it: option labels rather than values, skips said plainly."""
    if value is None:
        return "(skipped)"
    labels = {o.value: o.label for o in step.options}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value) or "(none)"
    if step.kind == "indicator":
        text = INDICATOR_SHOWN.get(str(value), str(value))
        return f"{text}: {note}" if note else text
    if step.kind == "scale" and str(value) in labels:
        return f"{value} — {labels[str(value)]}"
    if step.kind == "choice":
        return labels.get(str(value), str(value))
    if step.kind == "number" and step.max == 100 and "percent" in step.text.lower():
        return f"{value}%"
    return str(value)
