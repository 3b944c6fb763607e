"""Which parts of a sentence speak of now and here, and whether a phrase in one is negated: a
settled answer (engine.settle) is read as the evidence reader reads a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from interviewer.evidence.words import (
    BOUNDARY_MARKS,
    NEGATION_WINDOW,
    NEGATIONS,
    TERMINATORS,
    about_elsewhere,
    tokens,
)

# a run of spaces is tried from its start only, and taken whole (possessive): linear in the
# sentence however many spaces it holds
_PART_END = re.compile(
    r"(?<!\s)\s*+(?:[;—–]|,?\s*+\b(?:but|however|although|though|whereas|yet|now)\b)\s*",
    re.I,
)


def parts_about_now(sentence: str) -> Iterator[tuple[int, str]]:
    """The parts of a sentence that speak of now, with where each starts: not the past ("it
    used to take weeks"), a wish ("we'd like it within minutes") or another team's."""
    at = 0
    for gap in [*_PART_END.finditer(sentence), None]:
        end = gap.start() if gap is not None else len(sentence)
        part = sentence[at:end]
        if part.strip() and not about_elsewhere(tokens(part)):
            yield at, part
        if gap is not None:
            at = gap.end()


def negated(before: str) -> bool:
    """A negation in the words before a phrase, back to the start of their clause ("nobody
    kicks it off by hand", "never six weeks")."""
    for word in reversed(tokens(before)[-NEGATION_WINDOW:]):
        if word in BOUNDARY_MARKS or word in TERMINATORS:
            return False
        if word in NEGATIONS:
            return True
    return False
