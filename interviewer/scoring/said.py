"""What the interviewee said at the steps that play a role (`role:` in the script): who works
on ML, what stops a first model, who sponsors the programme, their priority and their own
success criteria. Pure functions; the analysis never names a step of the script, only roles.

A role's answer is the step's answer with its follow-up, if one was asked (a short first
answer gets one), so "The CFO." followed by "she chairs the steering group" reads as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from interviewer.answer_words import is_non_answer
from interviewer.script.model import Action, Owner, Track
from interviewer.transcript import Transcript

# a first clause opening with one of these says nobody is named ("nobody yet, we need one")
_NOBODY = re.compile(
    r"^(?:no|nobody|none|noone|no-one|no one|not|unclear|unknown|tbd|tbc|undecided|n/a|"
    r"to be (?:decided|confirmed|agreed|found)|still (?:looking|open|to be)|"
    r"we (?:do not|don't|dont|have not|haven't) |there is(?:n't| no)|we have no|"
    r"i (?:do not|don't|dont) know|(?:it|that)(?: is|'s) (?:unclear|not|open|undecided|tbd))\b"
)
_CLAUSE = re.compile(r"[.;:,!?\n]|\bbut\b|\bthough\b")


class Said(NamedTuple):
    """A role's answer: the words, and the turn they were given at (the first of them)."""

    text: str
    turn: int


def role_answers(track: Track, transcript: Transcript) -> dict[str, Said]:
    """Each role played in this track that was answered with words, and what was said."""
    out: dict[str, Said] = {}
    for step in track.steps:
        if not step.role:
            continue
        turns = [transcript.in_force(sid) for sid in track.with_followup(step.id)]
        words = [
            (t.number, " ".join(t.event.value.split()))
            for t in turns
            if t is not None
            and isinstance(t.event.value, str)
            and t.event.value.strip()
            and not is_non_answer(t.event.value)
        ]
        if words:  # "The CFO" and its follow-up read as two sentences
            text = " ".join(w if w[-1] in ".!?…" else f"{w}." for _, w in words[:-1])
            out[step.role] = Said(f"{text} {words[-1][1]}".strip(), words[0][0])
    return out


def names_someone(text: str) -> bool:
    """The answer names someone or something, rather than saying there is nobody yet: its
    first clause does not open with "no", "nobody", "not yet", "we don't have" and the like."""
    said = text.lower().replace("\u2019", "'").strip()
    first = _CLAUSE.split(said, maxsplit=1)[0].strip()
    return bool(first) and not _NOBODY.match(first)


# words that change nothing about whether a role is there: "no dedicated platform team" says
# what "no platform team" says, and "we do not have" what "we don't have" says
_FILLER = frozenset(
    [
        "a",
        "an",
        "any",
        "the",
        "dedicated",
        "separate",
        "real",
        "proper",
        "formal",
        "specific",
        "own",
    ]
)


def _plain(text: str) -> str:
    said = text.lower().replace("\u2019", "'").replace("do not", "don't").replace("n't", " not")
    return " " + " ".join(w for w in re.findall(r"[\w/'-]+", said) if w not in _FILLER) + " "


def missing_owners(owners: Mapping[str, Owner], said: Mapping[str, Said]) -> frozenset[str]:
    """The owner roles the organisation does not have: the team answer holds one of the
    role's `missing` phrases (as whole words; "a", "dedicated", "separate" and the like aside),
    or the answer of the role it is `named_by` names nobody."""
    team = said.get("team")
    words = _plain(team.text) if team else ""
    return frozenset(
        o.name
        for o in owners.values()
        if (words and any(_plain(p) in words for p in o.missing))
        or (o.named_by in said and not names_someone(said[o.named_by].text))
    )


def owner_for(action: Action, owners: Mapping[str, Owner], missing: Iterable[str]) -> str:
    """The first of the action's owner and fallbacks the organisation has; the script's check
    (`validate`) makes sure one of them can never be ruled out."""
    ruled_out = set(missing)
    return next((name for name in action.owners(owners) if name not in ruled_out), action.owner)
