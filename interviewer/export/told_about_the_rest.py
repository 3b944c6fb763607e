"""What a session heard about the areas it did not assess, as hypotheses for the sessions that
do, and which sessions to run next, with whom (pure).

Each sentence of the interviewee's labelled answers (challenges, priorities, success criteria
...) is matched to one area by the words people use for it (`said_as`, as the stated top
priority is: scoring.priority); a sentence about an area this session did not assess is a
hypothesis, and the evidence reader names the practices it says are missing or partly there,
for that area's session to check. The sessions to run next cover every area not assessed,
those that test the most hypotheses first; the people named for the technical sessions (the
`invitees` answer) go to the session whose `invite_as` words their description holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from interviewer.answer_words import is_vague
from interviewer.evidence.reader import lexicon, read, sentences
from interviewer.markdown_text import inline
from interviewer.scoring.priority import priority_dimension
from interviewer.script.model import Script, Track
from interviewer.transcript import Transcript

HEARD_AS = {"absent": "missing", "partly": "partly in place"}
_PARTS = re.compile(r"[;\n]|\band\b|\bplus\b")


class Hypothesis(NamedTuple):
    dimension: str
    quote: str  # the sentence, as said
    label: str  # the step's summary label: "Challenges"
    turn: int
    checks: tuple[str, ...]  # practices the sentence says are missing or partly there


class Invitee(NamedTuple):
    text: str  # the part of the answer that names them
    turn: int


class NextSession(NamedTuple):
    track: str
    title: str
    minutes: float
    covers: tuple[str, ...]  # the areas not assessed so far it assesses
    tests: tuple[str, ...]  # those with a hypothesis to test
    invite: tuple[Invitee, ...]


class TheRest(NamedTuple):
    assessed: tuple[str, ...]
    hypotheses: list[Hypothesis]
    sessions: list[NextSession]
    unmatched: list[Invitee]  # named for the technical sessions, matched to no session


def _labelled(transcript: Transcript) -> Iterable[tuple[str, str, int]]:
    for t in transcript:
        value = t.event.value
        if (
            t.step.summary
            and not transcript.superseded(t)
            and isinstance(value, str)
            and value.strip()
            and not is_vague(value)
        ):
            yield t.step.summary, value, t.number


def hypotheses(script: Script, transcript: Transcript, assessed: Iterable[str]) -> list[Hypothesis]:
    """The sentences about an area not assessed, in the order said, each once."""
    done = set(assessed)
    dims = list(script.dimensions.values())
    out: list[Hypothesis] = []
    seen: set[str] = set()
    for label, text, turn in _labelled(transcript):
        for sentence in sentences(text):
            key = priority_dimension(sentence, dims)
            if key is None or key in done or sentence in seen:
                continue
            seen.add(sentence)
            dim = script.dimensions[key]
            by_id = {i.id: i.text for i in dim.indicators}
            checks = tuple(
                dict.fromkeys(
                    f"{by_id[h.indicator].rstrip('.')} (heard {HEARD_AS[h.polarity]})"
                    for h in read(sentence, lexicon(dim))
                    if h.polarity in HEARD_AS
                )
            )
            out.append(Hypothesis(key, sentence, label, turn, checks))
    return out


def _invitees(transcript: Transcript, track: Track) -> list[Invitee]:
    step = next((s for s in track.steps if s.role == "invitees"), None)
    turn = transcript.in_force(step.id) if step else None
    if turn is None or not isinstance(turn.event.value, str) or is_vague(turn.event.value):
        return []
    people: list[str] = []
    for part in _PARTS.split(turn.event.value):
        for n, piece in enumerate(" ".join(part.split()).strip(" .").split(",")):
            piece = piece.strip()
            if n and piece[:1].islower() and people:  # "Priya, who leads ...": one person
                people[-1] += f", {piece}"
            elif piece:
                people.append(piece)
    return [Invitee(p, turn.number) for p in people]


def _names(part: str, words: Iterable[str]) -> bool:
    low = part.lower()
    return any(re.search(rf"(?<![a-z0-9]){re.escape(w)}", low) for w in words)


def the_rest(
    script: Script, track: Track, transcript: Transcript, assessed: Iterable[str]
) -> TheRest | None:
    """None when the session assessed every area."""
    done = tuple(assessed)
    left = [k for k in script.dimensions if k not in done]
    if not left:
        return None
    found = hypotheses(script, transcript, done)
    heard = Counter(h.dimension for h in found)
    every = set(script.dimensions)
    roles = [t for t in script.tracks.values() if t.key != track.key and set(t.dimensions) != every]
    sessions: list[NextSession] = []
    todo = set(left)
    while todo:
        best = max(
            roles,
            key=lambda t: (
                sum(heard[k] for k in todo & set(t.dimensions)),
                len(todo & set(t.dimensions)),
            ),
            default=None,
        )
        if best is None or not todo & set(best.dimensions):
            break
        covers = tuple(k for k in left if k in todo and k in best.dimensions)
        todo -= set(covers)
        roles.remove(best)
        tests = tuple(k for k in covers if k in heard)
        sessions.append(NextSession(best.key, best.title, best.minutes, covers, tests, ()))
    invited = _invitees(transcript, track)
    unmatched = []
    for person in invited:
        placed = False
        for n, s in enumerate(sessions):
            if _names(person.text, script.tracks[s.track].invite_as):
                sessions[n] = s._replace(invite=(*s.invite, person))
                placed = True
        if not placed:
            unmatched.append(person)
    return TheRest(done, found, sessions, unmatched)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def the_rest_lines(script: Script, rest: TheRest | None, coverage: float) -> list[str]:
    """The report's section: the hypotheses by area, then the sessions to run next."""
    if rest is None:
        return []
    names = {k: d.name for k, d in script.dimensions.items()}
    done = [inline(names[k]) for k in rest.assessed if k in names]
    out = ["## What you told us about the rest", ""]
    assessed = f"This session assessed {_join(done)}, {coverage:.0%} of the model. " if done else ""
    out += [
        assessed + "What was said about the other areas is not scored here: it is what the "
        "session that assesses each area should test.",
        "",
    ]
    if not rest.hypotheses:
        out += ["Nothing said in this session was about another area.", ""]
    for key in dict.fromkeys(h.dimension for h in rest.hypotheses):
        out += [f"### {inline(names[key])}", ""]
        for h in (h for h in rest.hypotheses if h.dimension == key):
            line = f"- “{inline(h.quote)}” ({inline(h.label)}, turn {h.turn})"
            if h.checks:
                line += f". To check: {inline('; '.join(h.checks))}"
            out.append(line + ".")
        out.append("")
    out += ["### Sessions to run next", ""]
    for n, s in enumerate(rest.sessions, 1):
        line = (
            f"{n}. **{inline(s.title)}** ({s.minutes:g} minutes): assesses "
            f"{_join([inline(names[k]) for k in s.covers])}"
        )
        if s.tests:
            line += f"; tests what was said about {_join([inline(names[k]) for k in s.tests])}"
        if s.invite:
            line += "; invite " + ", ".join(f"“{inline(p.text)}” (turn {p.turn})" for p in s.invite)
        out.append(line + ".")
    if rest.unmatched:
        named = ", ".join(f"“{inline(p.text)}” (turn {p.turn})" for p in rest.unmatched)
        out += ["", f"Named for the technical sessions, not matched to one of them: {named}."]
    return [*out, ""]
