"""How sure a dimension's level is: high, medium or low, a value, and the reasons in words.

The rule (README, "Scoring"): the share of the relevant indicators (those that bear on the
level) answered, with "don't know", skipped and not-asked ones counting against it, times one
minus the penalty of the flags and of what was heard against an answer, gives a value; the value
and the width of the range give the label; then each of these keeps it from "high": a quarter or
more of the relevant indicators open, open answers that could move the level (the range is wider
than the level), an unresolved contradiction, something said in the interview that speaks
against an answer, and answers too thin to carry the level (fewer than one level's worth of
indicator answers, the level's own practices mostly unanswered, or nothing said in the
interviewee's own words); with no indicator answered at all it is "low". A clarified
contradiction neither caps it nor counts in the penalty. Every reason is a sentence a client can
read.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from interviewer.scoring.levels import CREDIT, JUDGED, level_share
from interviewer.script.model import INDICATOR_SHOWN, Dimension, Indicator

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


class Heard(NamedTuple):
    """Something said in the interview that speaks against an indicator answer, with the words
    (what an evidence reader finds in free text)."""

    indicator: str  # the indicator's id
    quote: str


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


def _open(unknown: int, missing: int) -> str:
    """'1 “don't know” answer', '2 answers not given (skipped or not asked)', or both."""
    parts = []
    if unknown:
        parts.append(f"{unknown} “don't know” answer{'s' if unknown > 1 else ''}")
    if missing:
        parts.append(
            f"{missing} answer{'s' if missing > 1 else ''} not given (skipped or not asked)"
        )
    return " and ".join(parts) or "the open answers"


def _of(count: int, total: int, singular: str, plural: str) -> str:
    """'3 of the 5 indicators that bear on the level were': what the count counts, since the
    interviewee may have answered more (levels the answers beneath rule out)."""
    verb = singular if count == 1 else plural
    return f"{count} of the {total} indicators that bear on the level {verb}"


def _beyond(
    dim: Dimension, values: Mapping[str, str | None], top: int, said: int, taken: Container[str]
) -> str:
    """'8 indicators were answered in all; 4 of them, above level 3, cannot change the level',
    or '' when every answer bears on the level. `said`: the answers among those that bear on
    it; `taken`: practices taken as in place without being asked, which nobody answered."""
    answered = sum(values.get(i.id) in CREDIT and i.id not in taken for i in dim.indicators)
    above = answered - said
    if above <= 0:
        return ""
    them = "1 of them" if above == 1 else f"{above} of them"
    return (
        f"{answered} indicators were answered in all; {them}, above level {top}, "
        f"cannot change the level"
    )


def confidence(
    dim: Dimension,
    values: Mapping[str, str | None],
    levels: tuple[int, int, int],
    flags: Sequence[Flag],
    texts: Sequence[str] = (),
    heard: Sequence[Heard] = (),
    inferred: Mapping[str, int] | None = None,
) -> Confidence:
    """Confidence in the point level of `levels` (low, point, high) from the answers, flags,
    texts and what was heard against an answer. `inferred`: the practices the adaptive route
    took as in place without asking (in `values` as yes), said apart in the reasons."""
    pess, point, opt = levels
    inds = relevant(dim, values, opt)
    total = len(inds)
    definite = sum(values.get(i.id) in CREDIT for i in inds)
    unknown = sum(values.get(i.id) == "unknown" for i in inds)
    missing = total - definite - unknown
    share = definite / total if total else 0.0
    against = [h for h in heard if values.get(h.indicator) in CREDIT]
    penalty = min(
        MAX_PENALTY,
        sum(SEVERITY_WEIGHT.get(f.severity, 0.0) for f in flags if f.code != CLARIFIED)
        + SEVERITY_WEIGHT["medium"] * len(against),
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
        span = "level 2" if top == 2 else f"levels 2 to {top}"
        taken = [i for i in inds if inferred and i.id in inferred]
        if taken:
            said = _of(definite - len(taken), total, "was", "were")
            reasons.append(
                f"{said} answered and {len(taken)} taken as in place without being asked, "
                f"as the levels they belong to hold ({span})"
            )
        else:
            reasons.append(f"{_of(definite, total, 'was', 'were')} answered ({span})")
        beyond = _beyond(dim, values, top, definite - len(taken), inferred or {})
        if beyond:
            reasons.append(beyond)
        if unknown:
            reasons.append(_of(unknown, total, "was", "were") + " “don't know”")
        if missing:
            reasons.append(_of(missing, total, "was", "were") + " skipped or not asked")
        if unknown + missing >= OPEN_SHARE * total:
            caps.append(
                "with a quarter or more of the indicators that bear on the level open, "
                "confidence cannot be high"
            )
    else:
        reasons.append("no indicator applies, so nothing supports the level")
    if band:
        reasons.append(
            f"the level could be {pess} to {opt} depending on " + _open(unknown, missing)
        )
        caps.append("while open answers could move the level, confidence cannot be high")
    texts_of = {i.id: i.text for i in dim.indicators}
    for h in against:
        said = INDICATOR_SHOWN.get(str(values.get(h.indicator)), "")
        reasons.append(
            f"“{h.quote}” was said in the interview, which speaks against the answer {said} to "
            f"“{texts_of.get(h.indicator, h.indicator)}”"
        )
    if against:
        caps.append("while something said speaks against an answer, confidence cannot be high")
    if point >= 2:
        own = level_share(dim, values, point, "point")
        if own.known < JUDGED * own.applicable:
            caps.append(
                f"level {point} rests on {own.known} of its {own.applicable} practices, too few "
                "for high confidence"
            )
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
