"""A contradiction's clarifying question, answered on the indicator's own scale.

The question (`<dimension>.check.<id>`) quotes both statements and offers the indicator's answers,
the one it asks about worded as the one that stands ("Yes, that stands: in place and routine"),
and "don't know". A key (y m p n d), an option's number or name, or `no: a reason` picks one; a
sentence ("my yes was wrong, it's a no", "actually only partly", "it stands") is read for the
answer it gives and said back, so a wrong reading is one /back away. Words that give no answer
are asked about again, and kept as the reason when an option is then picked.

The choice is recorded twice: as the answer to the clarifying question (the words as its note),
and as an answer to the indicator noted `clarified by <question> from <claim>`, so the
indicator's answer in force, and everything scored from it, is the clarified one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from interviewer.engine.answers import INDICATOR_WORDS, display_answer
from interviewer.engine.settle import ACKNOWLEDGEMENT
from interviewer.records import Answer
from interviewer.script.model import INDICATOR_SHOWN, Option, Step
from interviewer.script.steps import CLARIFY_OPTIONS
from interviewer.transcript import CHANGED, CONFIRMED, clarified_from
from interviewer.whole_numbers import whole_number

CLARIFY_VALUES = frozenset(o.value for o in CLARIFY_OPTIONS)
KEYS = {"y": "yes", "m": "mostly", "p": "partly", "n": "no", "d": "unknown"}
STANDS = "stands"
MANUAL = "manual"  # done by hand: no answer in itself, and never one that says it is in place
QUOTED_WORDS = 120  # characters of what was typed quoted back

# What a sentence says, longest phrase first: a phrase inside a longer one found first
# ("no" in "no idea", "not" in "not sure") is not read again.
PHRASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "don't know",
            "dont know",
            "do not know",
            "not sure",
            "unsure",
            "no idea",
            "no clue",
            "dunno",
            "can't say",
            "cannot say",
            "hard to say",
            "can't tell",
        ],
        "unknown",
    ),
    **dict.fromkeys(
        [
            "stands",
            "stand",
            "still holds",
            "holds",
            "still true",
            "still right",
            "stand by",
            "stick with",
            "keep it",
            "keep my answer",
            "as i said",
        ],
        STANDS,
    ),
    **dict.fromkeys(["yes", "yeah", "yep", "yup", "fully", "all of them", "every one"], "yes"),
    **dict.fromkeys(
        [
            "mostly",
            "largely",
            "most of",
            "most",
            "nearly all",
            "almost all",
            "mainly",
            "mostly yes",
            "largely yes",
        ],
        "mostly",
    ),
    **dict.fromkeys(
        [
            "partly",
            "partially",
            "in part",
            "some",
            "a few",
            "half",
            "somewhat",
            "partly yes",
        ],
        "partly",
    ),
    **dict.fromkeys(
        [
            "no",
            "nope",
            "not at all",
            "not really",
            "not yet",
            "not in place",
            "none",
            "never",
            "nothing",
            "not",
            "don't",
            "dont",
            "doesn't",
            "isn't",
            "aren't",
            "haven't",
            "didn't",
            "do not",
            "does not",
            "is not",
            "are not",
        ],
        "no",
    ),
    **dict.fromkeys(["by hand", "manually", "manual"], "manual"),
    # the earlier answer was wrong: no answer in itself
    **dict.fromkeys(
        [
            "wrong",
            "mistake",
            "incorrect",
            "not right",
            "not correct",
            "not true",
            "not fully",
            "not completely",
            "not entirely",
            "not quite",
            "overstated",
            "too generous",
            "too optimistic",
        ],
        "",
    ),
}
_PHRASE = re.compile(
    r"(?<![\w'])("
    + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True))
    + r")(?![\w'])"
)
# a word naming the earlier answer rather than giving one: "my yes", "I said yes"
EARLIER = frozenset(["my", "the", "that", "said", "answered", "earlier", "original", "first"])
_MY_ANSWER = re.compile(r"\b(?:my|the|that)(?: earlier| first| original)? answer\b")
# said of the earlier answer (never of the other statement: "10% is right" gives nothing)
_RIGHT = re.compile(r"\b(?:(not|isn't|wasn't) )?(?:right|correct|true|accurate)\b")


class Reading(NamedTuple):
    """An answer to the clarifying question: the indicator answer it gives, and the words."""

    value: str
    words: str  # the reason, or the sentence it was read from; "" for a key alone
    sentence: bool  # read out of a sentence (so said back), rather than picked


def options(claim: str | None, offered: tuple[Option, ...] = CLARIFY_OPTIONS) -> tuple[Option, ...]:
    """The indicator's answers (`offered`, in its statement's words), the one claimed worded as
    the answer that stands."""
    out = []
    for option in offered:
        if option.value != claim:
            out.append(option)
            continue
        shown, _, detail = option.label.partition(" — ")
        out.append(
            Option(option.value, f"{shown}, that stands" + (f": {detail}" if detail else ""))
        )
    return tuple(out)


def _normal(text: str) -> str:
    said = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(said.strip().strip(".!").split())


def _picked(word: str, step: Step, claim: str | None) -> str | None:
    """A key, an option's number, value or label, or an indicator word ("no", "largely")."""
    if word in KEYS:
        return KEYS[word]
    number = whole_number(word)
    if number is not None and 1 <= number <= len(step.options):
        return step.options[number - 1].value
    for option in step.options:
        if word in (option.value, option.label.lower()):
            return option.value
    value = INDICATOR_WORDS.get(word)
    return value if value in CLARIFY_VALUES else None


def read(step: Step, text: str, claim: str | None) -> Reading | None:
    """What `text` answers to the clarifying question `step` about `claim`; None when it
    names no answer, or more than one."""
    typed = " ".join(text.split())
    value = _picked(_normal(typed), step, claim)
    if value is not None:
        return Reading(value, "", False)
    head, colon, reason = typed.partition(":")
    value = _picked(_normal(head), step, claim) if colon else None
    if value is not None:
        return Reading(value, reason.strip(), False)
    value = read_sentence(typed, claim)
    return Reading(value, typed, True) if value is not None else None


def read_sentence(text: str, claim: str | None) -> str | None:
    """The one indicator answer a sentence gives. A mention of the earlier answer ("my yes
    was wrong") gives none, unless it is said to be right ("my answer is right"); a leading
    "yes" or "no" before another answer is a reply to the question, not the answer ("no, only
    partly"); so is "no" beside another answer ("mostly, but not the old ones")."""
    said = _normal(text)
    mentions: list[str] = []
    wrong = False
    earlier = _MY_ANSWER.search(said)  # "my answer is right", "the yes is correct"
    for found in _PHRASE.finditer(said):
        value = PHRASES[found.group(1)]
        before = said[: found.start()].split()
        if value == STANDS:
            mentions.append(claim or "")
        elif not value:
            wrong = True
        elif value == claim and before and before[-1] in EARLIER:
            earlier = earlier or found
        else:
            mentions.append(value)
    right = _RIGHT.search(said, earlier.end()) if earlier is not None else None
    if right is not None and right.group(1):
        wrong = True
    elif right is not None and not wrong:
        mentions.append(claim or "")
    named = [m for m in dict.fromkeys(mentions) if m and m != MANUAL]
    words = said.split()
    reply = len(words) > 1 and (words[0][-1] in ",;:.!-—" or words[1] == "but")
    if len(named) > 1 and reply and words[0].strip(",;:.!-—") in ("yes", "no", "yeah", "nope"):
        named = named[1:]  # "no, only partly", "yes but mostly": a reply, then the answer
    if len(named) > 1 and "no" in named and set(named) <= {"no", "mostly", "partly"}:
        named.remove("no")  # "mostly, but not the old ones": the part that is missing
    if MANUAL in mentions and set(named) & {"yes", "mostly"}:
        return None  # done by hand, yet in place: which is it
    if len(named) != 1 or (wrong and named[0] == claim):
        return None
    return named[0]


def unread(text: str) -> str:
    """Why a typed answer is asked again."""
    words = " ".join(text.split())
    if len(words) > QUOTED_WORDS:
        words = words[: QUOTED_WORDS - 1].rstrip() + "…"
    return (
        f"I couldn't tell from “{words}” which is true today. Please pick one: y (yes), "
        "m (mostly), p (partly), n (no) or d (don't know), or its number; what you wrote is "
        "kept as the reason."
    )


def said_back(reading: Reading, indicator: Step, before: str | None) -> str | None:
    """What the interviewee is told: a sentence's reading, or that the indicator's answer
    changed from `before` (the claim, or what an earlier clarification made it)."""
    question = " ".join(indicator.text.replace("**", "").split())
    if question and question[-1] not in ".?!":
        question += "."
    noted = INDICATOR_SHOWN[reading.value]
    if reading.sentence:
        return (
            ACKNOWLEDGEMENT.replace("{earlier}", f"You said “{reading.words}”")
            .replace("{noted}", noted)
            .replace("{question}", question)
        )
    if before is None or reading.value == before:
        return None
    return (
        f"I've changed your answer to “{question}” from {INDICATOR_SHOWN.get(before, before)} "
        f"to {noted}. Type /back if that's wrong."
    )


def shown(step: Step, event: Answer) -> str:
    """An answer as the transcript shows it: an indicator answer a clarification gave says
    so; an answer to a clarifying question typed as words (sessions from before it offered
    answers) reads as those words."""
    if step.purpose == "contradiction" and event.value not in CLARIFY_VALUES | {None}:
        return str(event.value)
    came = clarified_from(event.note)
    if came is None:
        return display_answer(step, event.value, event.note, event.currency)
    mark = CONFIRMED if event.value == came.claim else CHANGED
    return f"{display_answer(step, event.value)} ({mark})"
