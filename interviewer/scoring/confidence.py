"""How far a dimension's level can be trusted: high, medium or low, a value, and the reasons.

The rule (README, "Scoring"): the share of the relevant indicators answered, with "don't know",
skipped and not-asked ones counting against it, times one minus the flag penalty, gives a value;
the value and the width of the range give the label; then each of these keeps it from "high":
a quarter or more of the relevant indicators open, an unresolved contradiction, and thin
evidence (fewer than one level's worth of indicator answers, or nothing said in the
interviewee's own words); with no indicator answered at all it is "low". A clarified
contradiction neither caps it nor counts in the penalty. Every reason is a sentence a client
can read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from interviewer.scoring.levels import CREDIT
from interviewer.script.model import Dimension, Indicator

if TYPE_CHECKING:
    from interviewer.scoring.dimension import Flag

UNRESOLVED = "contradiction"  # a declared check found answers that disagree, not yet clarified
CLARIFIED = "contradiction_clarified"  # asked about and explained: no longer lowers confidence
SEVERITY_WEIGHT = {"high": 0.30, "medium": 0.15, "low": 0.05}
MAX_PENALTY = 0.6
HIGH, MEDIUM = 0.75, 0.5
OPEN_SHARE = 0.25  # this share of the relevant indicators open or more: never "high"
MIN_ANSWERED = (
    4  # definite answers "high" needs: one level's worth (the script's level 2, at most 4)
)
NON_ANSWERS = {"i don't know", "i dont know", "i'm not sure", "im not sure", "hard to say"}


class Confidence(NamedTuple):
    """The label, the value behind it (0-1) and why, in plain sentences."""

    label: str
    value: float
    reasons: list[str]


def relevant(dim: Dimension, values: Mapping[str, str | None], opt: int) -> list[Indicator]:
    """The applicable indicators that could still move the level: levels 2 up to one above the
    highest level the open answers leave possible."""
    top = min(5, opt + 1)
    return [i for i in dim.indicators if 2 <= i.level <= top and values.get(i.id) != "na"]


def described(text: str) -> bool:
    """A free-text answer that says something: three words or more, and not a non-answer."""
    words = text.lower().strip().strip(".!").split()
    return len(words) >= 3 and " ".join(words) not in NON_ANSWERS


def _of(count: int, total: int, singular: str, plural: str) -> str:
    return f"{count} of {total} relevant indicators {singular if count == 1 else plural}"


def confidence(
    dim: Dimension,
    values: Mapping[str, str | None],
    pess: int,
    opt: int,
    flags: Sequence[Flag],
    texts: Sequence[str] = (),
) -> Confidence:
    """Confidence in the level `pess` (range `pess`..`opt`) from the answers, flags and texts."""
    inds = relevant(dim, values, opt)
    total = len(inds)
    definite = sum(values.get(i.id) in CREDIT for i in inds)
    unknown = sum(values.get(i.id) == "unknown" for i in inds)
    missing = total - definite - unknown
    share = definite / total if total else 0.0
    penalty = min(
        MAX_PENALTY, sum(SEVERITY_WEIGHT.get(f.severity, 0.0) for f in flags if f.code != CLARIFIED)
    )
    value = share * (1 - penalty)
    band = opt - pess
    if value >= HIGH and band == 0:
        label = "high"
    elif value >= MEDIUM and band <= 1:
        label = "medium"
    else:
        label = "low"

    reasons: list[str] = []
    caps: list[str] = []  # each keeps the label from "high"
    if total:
        top = max(i.level for i in inds)
        levels = "level 2" if top == 2 else f"levels 2 to {top}"
        reasons.append(f"{_of(definite, total, 'was', 'were')} answered ({levels})")
        if unknown:
            reasons.append(_of(unknown, total, "was", "were") + " “don't know”")
        if missing:
            reasons.append(_of(missing, total, "was", "were") + " skipped or not asked")
        if unknown + missing >= OPEN_SHARE * total:
            caps.append(
                "with a quarter or more of the relevant indicators open, confidence cannot be high"
            )
    else:
        reasons.append("no indicator applies, so nothing supports the level")
    if band:
        reasons.append(f"the level could be {pess} to {opt} depending on the unknowns")
    own_words = sum(described(t) for t in texts)
    if own_words:
        plural = "s" if own_words > 1 else ""
        reasons.append(f"{own_words} answer{plural} in the interviewee's own words")
    else:
        caps.append(
            "nothing was described in the interviewee's own words, so confidence cannot be high"
        )
    needed = min(MIN_ANSWERED, len(dim.indicators_at(2)))
    if 0 < definite < needed:
        said = "1 indicator was" if definite == 1 else f"{definite} indicators were"
        caps.append(f"only {said} answered, fewer than the {needed} high confidence needs")
    if any(f.code == UNRESOLVED for f in flags):
        caps.append(
            "a contradiction in the answers is not yet clarified, so confidence cannot be high"
        )
    if caps and label == "high":
        label = "medium"
    if not definite:
        label = "low"
    reasons.extend(caps)
    reasons.extend(f.message for f in flags)
    return Confidence(label, value, reasons)
