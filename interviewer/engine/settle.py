"""Settling a step from an earlier answer (`settled_by:`): a fact the interviewee already gave
is read out of what they said and noted, rather than asked a second time.

A number is the first amount in the free text that fits the question ("about 25 people" 25,
"six weeks" 6 when the question counts weeks); a choice is the option one of whose `matches`
phrases occurs in it, whole words, any case (two options named: nothing is read); a closed
answer of the same kind and options is copied. Nothing readable: the step is asked as usual.
A choice is read as the evidence reader reads: a part of a sentence about the past ("it used to
take weeks"), a wish or another team names nothing, nor does a negated phrase ("never weeks"),
and durations are read in their usual forms ("within the hour" is "an hour").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import NamedTuple

from interviewer.answer_words import is_non_answer
from interviewer.engine.amounts import spell_numbers
from interviewer.engine.answers import Parsed, display_answer, parse_answer
from interviewer.records import AnswerValue
from interviewer.script.model import Step
from interviewer.transcript import SETTLED_NOTE

ACKNOWLEDGEMENT = "{earlier}, so I've noted “{noted}” for “{question}” Type /back if that's wrong."
QUOTE_WORDS = 14  # a longer sentence is quoted as the words around what was read

_BOUNDARY = re.compile(r"(?<=[.!?;])\s+|\n+")
_AMOUNT = re.compile(
    r"(?<![\w.,/£$€¥-])"
    r"(?:us\$|[£$€¥])?\s?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:-|–|to)\s?[£$€]?\d[\d,]*(?:\.\d+)?)?"
    r"(?:\s?%|\s?(?:per\s?cent|percent|k|mn|m|bn|b|thousand|million|billion"
    r"|years?|yrs?|months?|mths?)\b)?"
    r"(?:\s?[£$€])?"
    r"(?![\w/])",
    re.I,
)
_AFTER = re.compile(r"\s*([a-z]+)", re.I)
_WORD = re.compile(r"\w")
# Units read_amount does not convert: "six weeks" is no answer to "how many years", nor to
# "how many models", unless the question itself counts weeks.
TIME_WORDS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "hour": "hour",
    "hours": "hour",
    "minute": "minute",
    "minutes": "minute",
    "quarter": "quarter",
    "quarters": "quarter",
    "sprint": "sprint",
    "sprints": "sprint",
}
_YEAR = re.compile(r"(?:19|20)\d\d")
_DURATION_THE = re.compile(r"\bthe (hour|week|month|minute)\b", re.I)  # "within the hour"
_DURATION_ONE = re.compile(r"\b(?:1|one) (hour|week|month|minute|day|year)\b", re.I)


class Reading(NamedTuple):
    """A value read for a step from an earlier answer, with what is quoted back."""

    value: AnswerValue
    said: str  # the words it was read from, or the earlier answer as shown
    source: str  # the step it was read from
    from_text: bool  # read out of free text (quoted "You mentioned"), else copied
    currency: str | None = None


def settled_from(note: str | None) -> str | None:
    """The step an answer was settled by, from its note; None for an answer typed."""
    return note[len(SETTLED_NOTE) :] if note and note.startswith(SETTLED_NOTE) else None


def read_settled(
    step: Step, source: Step, value: AnswerValue, currency: str | None = None
) -> Reading | None:
    """What `source`'s answer `value` says for `step`, or None when nothing can be read."""
    if value is None or value == "" or value == []:
        return None
    if source.kind == "text":
        if not isinstance(value, str) or is_non_answer(value):
            return None
        if step.kind == "number":
            return _amount_in(step, source.id, value)
        return _options_in(step, source.id, value)
    if source.kind != step.kind:
        return None
    if step.kind in ("choice", "multi"):
        allowed = {o.value for o in step.options}
        chosen = value if isinstance(value, list) else [value]
        if not chosen or not all(str(v) in allowed for v in chosen):
            return None
        return Reading(value, display_answer(source, value), source.id, False)
    if step.kind == "number" and isinstance(value, int | float):
        if (step.min is not None and value < step.min) or (
            step.max is not None and value > step.max
        ):
            return None
        shown = display_answer(source, value, currency=currency)
        return Reading(value, shown, source.id, False, currency)
    return None


def acknowledgement(step: Step, reading: Reading) -> str:
    """What the interviewee is told instead of the question: what was heard, what was noted,
    and how to change it."""
    verb = "You mentioned" if reading.from_text else "You answered"
    question = " ".join(step.text.replace("**", "").split())
    if question and question[-1] not in ".?!":
        question += "."
    noted = display_answer(step, reading.value, currency=reading.currency)
    return (
        ACKNOWLEDGEMENT.replace("{earlier}", f"{verb} “{reading.said}”")
        .replace("{noted}", noted)
        .replace("{question}", question)
    )


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence (or line) of `text` with where it starts."""
    start = 0
    for gap in _BOUNDARY.finditer(text):
        yield start, text[start : gap.start()]
        start = gap.end()
    yield start, text[start:]


def _quote(sentence: str, at: int) -> str:
    """The sentence, or the words around position `at` when it is long; no closing stop."""
    words = sentence.split()
    if len(words) > QUOTE_WORDS:
        index = len(sentence[:at].split())
        first = max(0, index - QUOTE_WORDS // 2)
        part = words[first : first + QUOTE_WORDS]
        quoted = ("… " if first else "") + " ".join(part)
        words_after = first + len(part) < len(words)
        return quoted.rstrip(".,;:!") + (" …" if words_after else "")
    return " ".join(words).rstrip(".;:!")


def _amount_in(step: Step, source: str, text: str) -> Reading | None:
    question = step.text.lower()
    for _, sentence in _sentences(text):
        spelled = spell_numbers(sentence)
        for found in _AMOUNT.finditer(spelled):
            candidate = found.group(0).strip()
            if _YEAR.fullmatch(candidate):  # "since 2021": a year, not an amount
                continue
            after = _AFTER.match(spelled, found.end())
            unit = TIME_WORDS.get(after.group(1).lower()) if after else None
            if unit is not None and unit not in question:
                continue
            parsed = parse_answer(step, candidate)
            if isinstance(parsed, Parsed) and isinstance(parsed.value, int | float):
                said = _quote(sentence, int(found.start() * len(sentence) / len(spelled)))
                return Reading(parsed.value, said, source, True, parsed.currency)
    return None


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """`phrase` as whole words, any case and spacing."""
    words = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.I)


class _Part(NamedTuple):
    """A part of a sentence as phrases are looked for in it: durations in their usual forms
    ("within the hour" is "an hour", "one week" is "a week"), and with number words as digits
    ("6 weeks" and "six weeks" are the same phrase). Made once, looked in for every phrase."""

    text: str
    said: str
    spelled: str

    @classmethod
    def of(cls, part: str) -> _Part:
        said = _DURATION_THE.sub(_a_unit, _DURATION_ONE.sub(_a_unit, part.replace("\u2019", "'")))
        return cls(part, said, spell_numbers(said))


def _named_at(phrase: str, part: _Part, negated: Callable[[str], bool]) -> int | None:
    """Where an option's phrase is said in `part`, not negated ("never weeks")."""
    found = _phrase_pattern(phrase).search(part.said)
    at = found.start() if found is not None else None
    if at is None and (found := _phrase_pattern(spell_numbers(phrase)).search(part.spelled)):
        at = int(found.start() * len(part.said) / max(1, len(part.spelled)))
    if at is None or negated(part.said[:at]):
        return None
    return int(at * len(part.text) / max(1, len(part.said)))


def _a_unit(found: re.Match[str]) -> str:
    unit = found.group(1)
    return ("an " if unit.lower().startswith("h") else "a ") + unit


def _options_in(step: Step, source: str, text: str) -> Reading | None:
    from interviewer.evidence.now import negated, parts_about_now  # not before an answer

    first: dict[str, tuple[int, int, str]] = {}  # option -> (where in text, in sentence, sentence)
    for start, sentence in _sentences(text):
        for offset, words in parts_about_now(sentence):
            if not _WORD.search(words):
                continue  # nothing said here (". . ."): no phrase can be
            part = _Part.of(words)
            for option in step.options:
                for phrase in option.matches:
                    at = _named_at(phrase, part, negated)
                    if at is not None and option.value not in first:
                        first[option.value] = (start + offset + at, offset + at, sentence)
    if not first or (step.kind == "choice" and len(first) > 1):
        return None  # nothing named, or two answers named: asking settles it
    _, at, sentence = min(first.values())
    value: AnswerValue = (
        next(iter(first))
        if step.kind == "choice"
        else [o.value for o in step.options if o.value in first]
    )
    return Reading(value, _quote(sentence, at), source, True)
