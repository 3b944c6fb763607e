"""One dimension's assessment: level, range, score, confidence, flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from interviewer.scoring import levels as lv
from interviewer.scoring import route
from interviewer.scoring.confidence import Heard, confidence
from interviewer.scoring.contradictions import Contradiction, find
from interviewer.script.model import INDICATOR_SHOWN, Dimension, Kind, Purpose
from interviewer.transcript import CHANGED, CONFIRMED, Clarified


class Statement(NamedTuple):
    """One answer of the dimension, as the interviewee saw and gave it (for quoting)."""

    question: str  # the step's text
    value: object  # the answer's value, never a skip
    shown: str  # the answer as displayed: "Yes", an option's label, the text itself
    kind: Kind  # the step's kind
    purpose: Purpose  # the step's purpose


@dataclass(eq=False)
class Evidence:
    """What the interview has learnt about one dimension so far."""

    indicators: dict[str, str | None] = field(default_factory=dict)
    self_rating: int | None = None
    target: int | None = None
    texts: list[str] = field(default_factory=list)
    statements: dict[str, Statement] = field(default_factory=dict)  # every answer, by step id
    # indicator id -> the clarifying question its answer came from, and the answer it asked about
    clarified: dict[str, Clarified] = field(default_factory=dict)
    heard_against: list[Heard] = field(default_factory=list)  # free text against an answer
    # on the adaptive route (README, "How the interview adapts"): the indicators asked, answered
    # or skipped, from which the practices taken as in place unasked are worked out
    asked: set[str] | None = None

    def doubted(self, dim: Dimension) -> set[str]:
        """The practices in doubt, never taken as in place unasked: those the interviewee's
        words put in doubt (heard missing or partly there), and those worded by a practice
        that is missing (`forms:`: answered no, or heard missing before it was asked)."""
        from interviewer.scoring.heard import heard  # the reader: off the first frame

        said = heard(dim, self)
        doubted = {h.heard.indicator for h in said if h.heard.polarity != "present"}
        heard_as: dict[str, set[str]] = {}
        for h in said:
            heard_as.setdefault(h.heard.indicator, set()).add(h.heard.polarity)

        def missing(p: str) -> bool:
            if p in self.indicators:
                return self.indicators[p] == "no"
            return heard_as.get(p) == {"absent"}

        return doubted | {
            i.id for i in dim.indicators if any(missing(p) for p in route.premises(dim, i))
        }

    def inferred(self, dim: Dimension) -> dict[str, int]:
        """The practices taken as in place unasked -> the level they are inferred from."""
        if self.asked is None:
            return {}
        return route.inferred(dim, self.indicators, self.asked, self.doubted(dim))

    def values(self, dim: Dimension) -> dict[str, str | None]:
        """The answers a level is scored on: those given, and the inferred ones as yes."""
        return self.with_inferred(self.inferred(dim))

    def with_inferred(self, inferred: Mapping[str, int]) -> dict[str, str | None]:
        return (
            {**self.indicators, **dict.fromkeys(inferred, "yes")} if inferred else self.indicators
        )

    def matches(self, cues: tuple[str, ...]) -> list[str]:
        joined = " \n".join(t.lower() for t in self.texts)
        return [c for c in cues if c and c in joined]


class Flag(NamedTuple):
    """Something a reader of the scores should know (perception gap, …)."""

    code: str
    severity: str
    message: str


class DimensionScore(NamedTuple):
    """One dimension's level, range, confidence and flags."""

    key: str
    name: str
    level: int  # the point: from the known answers
    level_optimistic: int  # the top of the range: every open answer a yes
    score: float
    score_optimistic: float
    level_pessimistic: int  # the bottom of the range: every open answer a no
    score_pessimistic: float
    high_water: int
    self_rating: int | None
    target: int | None
    confidence: str
    confidence_value: float
    reasons: list[str]
    flags: list[Flag]
    answered: int
    unknown: int
    covered: bool
    contradictions: tuple[Contradiction, ...] = ()  # fired cross-checks, with both quotes
    # on the adaptive route: each practice taken as in place unasked -> the level it is
    # inferred from; None on the climb route of scripts from before `route:`
    inferred: dict[str, int] | None = None

    @property
    def range(self) -> tuple[int, int]:
        return (self.level_pessimistic, self.level_optimistic)

    @property
    def shown(self) -> str:
        """The level with its score beside it, as every view shows it: "3 (3.4)"."""
        return f"{self.level} ({self.score:.1f})"

    @property
    def described(self) -> str:
        """ "level 3 (3.4)", with the range when open answers could move it: "level 3 (3.4),
        range 2–4"."""
        low, high = self.range
        return f"level {self.shown}" + ("" if low == high else f", range {low}–{high}")

    def scorecard_cells(self) -> list[str]:
        """One scorecard row as text, in the order of SCORECARD_HEADER (plain mode, reports)."""
        return [
            self.name,
            str(self.level),
            "{}–{}".format(*self.range),
            f"{self.score:.1f}",
            self.confidence,
            "-" if self.self_rating is None else str(self.self_rating),
            "-" if self.target is None else str(self.target),
        ]


SCORECARD_HEADER = ["Dimension", "Level", "Range", "Score", "Confidence", "Self-rating", "Target"]


def critical_gap(dim: Dimension, ev: Evidence) -> bool:
    """A critical level 2 or 3 indicator answered no."""
    return any(
        ind.critical and ind.level <= 3 and ev.indicators.get(ind.id) == "no"
        for ind in dim.indicators
    )


def is_low(dim: Dimension, ev: Evidence, pain_cues: tuple[str, ...]) -> bool:
    return (
        lv.level(dim, ev.values(dim), "point") <= 2
        or critical_gap(dim, ev)
        or bool(ev.matches(pain_cues))
    )


def is_high(dim: Dimension, ev: Evidence) -> bool:
    return lv.level(dim, ev.values(dim), "point") >= 4


def perception_gap(dim: Dimension, ev: Evidence) -> Flag | None:
    if ev.self_rating is None or not ev.indicators:
        return None
    values = ev.values(dim)
    pess = lv.level(dim, values, "low")
    opt = lv.level(dim, values, "high")
    if ev.self_rating - opt >= 2:
        top = lv.score(dim, values, "high")
        return Flag(
            "perception_gap",
            "high",
            f"Self-rated {ev.self_rating}, but the indicators support at most level {opt} "
            f"({top:.1f}).",
        )
    if pess - ev.self_rating >= 2:
        bottom = lv.score(dim, values, "low")
        return Flag(
            "perception_gap",
            "medium",
            f"Self-rated {ev.self_rating}, below the level {pess} ({bottom:.1f}) the indicators "
            "show.",
        )
    return None


def contradiction_flags(found: list[Contradiction]) -> list[Flag]:
    """One flag per fired cross-check: `contradiction` (high on a critical indicator) until its
    clarifying question is answered, then `contradiction_clarified` (low), saying whether the
    answer was confirmed or changed."""
    flags = []
    for c in found:
        both = f"{c.indicator_quote}, and {c.other_quote}"
        if c.clarified:
            said = INDICATOR_SHOWN.get(c.clarified_as, c.clarified_as)
            how = {
                "confirmed": f"{CONFIRMED}",
                "changed": f"{CHANGED} to {said}",
            }.get(c.outcome, "clarified in the interview")
            flags.append(
                Flag("contradiction_clarified", "low", f"Indicator {c.indicator}: {both}; {how}.")
            )
        else:
            flags.append(
                Flag(
                    "contradiction",
                    "high" if c.critical else "medium",
                    f"Indicator {c.indicator}: {both}; not clarified.",
                )
            )
    return flags


def is_inconsistent(dim: Dimension, ev: Evidence) -> bool:
    """The perception gap that the dimension's `clarify` question asks about."""
    return perception_gap(dim, ev) is not None


def assess(dim: Dimension, ev: Evidence, cues: dict[str, tuple[str, ...]]) -> DimensionScore:
    inferred = ev.inferred(dim)
    values = ev.with_inferred(inferred)
    point, low, high = (lv.level(dim, values, r) for r in ("point", "low", "high"))
    hw = lv.high_water(dim, values)
    answered = [v for v in values.values() if v is not None]
    unknown = sum(v == "unknown" for v in answered)
    na = sum(v == "na" for v in answered)

    flags: list[Flag] = []
    if gap := perception_gap(dim, ev):
        flags.append(gap)
    if missing := lv.gaps(dim, values, hw):
        flags.append(
            Flag(
                "skipped_foundation",
                "medium",
                f"Level {hw} practices are in place while level {missing[0]} is not fully in "
                "place.",
            )
        )
    contradictions = tuple(find(dim, ev))
    flags += contradiction_flags(list(contradictions))
    scored = len(answered) - na
    if scored and unknown / scored > 0.25:
        flags.append(
            Flag(
                "too_many_unknowns",
                "medium",
                f"{unknown} of {scored} indicators were “don't know”.",
            )
        )
    if answered and na / len(answered) > 0.25:
        flags.append(Flag("excess_na", "low", f"{na} indicators were marked not applicable."))

    conf = confidence(dim, values, (low, point, high), flags, ev.texts, ev.heard_against, inferred)
    return DimensionScore(
        key=dim.key,
        name=dim.name,
        level=point,
        level_optimistic=high,
        score=lv.score(dim, values, "point"),
        score_optimistic=lv.score(dim, values, "high"),
        level_pessimistic=low,
        score_pessimistic=lv.score(dim, values, "low"),
        high_water=hw,
        self_rating=ev.self_rating,
        target=ev.target,
        confidence=conf.label,
        confidence_value=conf.value,
        reasons=conf.reasons,
        flags=flags,
        answered=len(answered),
        unknown=unknown,
        covered=bool(answered),
        contradictions=contradictions,
        inferred=None if ev.asked is None else inferred,
    )
