"""What the evidence reader heard in one dimension's answers: for each indicator, the sentences
of the interviewee's free text that speak to it, present, absent or partly (pure).

Read: every free-text answer of the dimension (open questions, follow-ups, advanced questions,
the perception-gap clarification, plain steps placed with `dimension:`), not the answers to
clarifying questions. Pain points ticked are not read: "sounds familiar" may be the past, and
their link to indicators is declared already (`indicators:`). Used by the cross-checks
(a heard absence against a yes is a contradiction), by the confidence (partly heard against a
yes or a no), by the engine (an indicator heard before it is asked is asked with the quote),
by the findings and by recommendations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from interviewer.evidence.reader import Heard, lexicon, read_cached
from interviewer.scoring.confidence import Heard as HeardAgainst
from interviewer.script.model import Dimension

if TYPE_CHECKING:
    from interviewer.scoring.dimension import Evidence


class HeardIn(NamedTuple):
    """A sentence heard on an indicator, with the step whose answer it is in."""

    step: str
    heard: Heard


def heard(dim: Dimension, ev: Evidence) -> list[HeardIn]:
    """Everything heard in the dimension's answers so far, in the order they were given."""
    if not any(i.evidence for i in dim.indicators):
        return []
    lex = lexicon(dim)
    out: list[HeardIn] = []
    for step, said in ev.statements.items():
        if said.kind == "text" and said.purpose != "contradiction" and isinstance(said.value, str):
            out += [HeardIn(step, h) for h in read_cached(said.value, lex)]
    return out


def heard_on(dim: Dimension, ev: Evidence, indicator: str) -> list[HeardIn]:
    return [h for h in heard(dim, ev) if h.heard.indicator == indicator]


def heard_present(dim: Dimension, ev: Evidence) -> set[str]:
    """The indicators the interviewee's own words say are in place: heard present, and never
    heard absent or partly."""
    return _heard_only(dim, ev, "present")


def _heard_only(dim: Dimension, ev: Evidence, polarity: str) -> set[str]:
    said: dict[str, set[str]] = {}
    for h in heard(dim, ev):
        said.setdefault(h.heard.indicator, set()).add(h.heard.polarity)
    return {ind for ind, polarities in said.items() if polarities == {polarity}}


def heard_absent(dim: Dimension, ev: Evidence) -> set[str]:
    """The indicators the interviewee's own words say are missing ("we don't track ML
    spend"): heard absent, and never heard present or partly."""
    return _heard_only(dim, ev, "absent")


def heard_pairs(
    dimensions: Mapping[str, Dimension], evidence: Mapping[str, Evidence]
) -> frozenset[tuple[str, str]]:
    """(dimension, indicator) for every practice `heard_present` in each dimension's answers."""
    return frozenset(
        (key, indicator)
        for key, ev in evidence.items()
        if key in dimensions
        for indicator in heard_present(dimensions[key], ev)
    )


def heard_against(dim: Dimension, ev: Evidence) -> list[HeardAgainst]:
    """A practice heard partly in place ("some models have an owner") where it was answered
    yes or no: not a contradiction to ask about, but it speaks against the answer, so the
    confidence says so (one per practice). An absence against a yes, or a presence against a
    no, is a contradiction instead (scoring.contradictions)."""
    out: dict[str, HeardAgainst] = {}
    for found in heard(dim, ev):
        h = found.heard
        if h.polarity == "partly" and ev.indicators.get(h.indicator) in ("yes", "no"):
            out.setdefault(h.indicator, HeardAgainst(h.indicator, h.quote))
    return list(out.values())
