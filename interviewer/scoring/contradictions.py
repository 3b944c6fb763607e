"""Contradictions: a dimension's declared cross-checks applied to its answers. Pure.

A check (script.checks) fires when its indicator was answered with one of its `claims` and
either its `when` expression is true on this dimension's answers (an outcome answer that does not
fit), one of its `phrases` is in this dimension's free text, or, for a `heard-` check, the
evidence reader heard the opposite of the claim there (scoring.heard). The engine asks one
clarifying question per fired check (`<dimension>.check.<id>`) and scoring flags it; both call
`find`.

The question is answered on the indicator's scale, and that answer becomes the indicator's answer
in force (engine.clarify). The check still fires on the answer it asked about (the claim, kept in
`Evidence.clarified`), so it stays quoted in the findings, resolved: `confirmed` when the claim
stands, `changed` when the indicator now has the answer chosen. A check whose indicator another
check's question already clarified is resolved by that answer, and not asked again. Sessions from
before the question offered answers answered it in words: resolved, `explained`, nothing changed.

Free text searched for phrases: every text answer of the dimension (open questions, follow-ups,
advanced questions, the perception-gap clarification, plain steps placed with `dimension:`),
except the answers to the clarifying questions of checks themselves. A phrase matches at the
start of a word, case and spacing aside, so "personal notebook" also finds "personal notebooks".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from interviewer.script.expressions import AnswerLookups
from interviewer.script.model import INDICATOR_SHOWN, Check, Dimension
from interviewer.script.steps import CLARIFY_OPTIONS

if TYPE_CHECKING:
    from interviewer.scoring.dimension import Evidence, Statement

MAX_QUOTE = 240  # characters of a free-text sentence kept in a quote
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
APOSTROPHES = str.maketrans("’‘`", "'''")


class Contradiction(NamedTuple):
    """One fired check: which indicator, the two answers that conflict, quoted."""

    check: str  # the check's id
    dimension: str
    indicator: str  # the indicator's id
    critical: bool  # the indicator is critical
    indicator_step: str  # `<dimension>.ind.<indicator>`
    other_step: str  # the outcome or free-text step whose answer contradicts it
    indicator_quote: str  # the indicator with the answer as shown: 'Yes to “Every …”'
    other_quote: str  # '“most experiments live in personal notebooks”' or '10 to “What …?”'
    clarify_step: str  # `<dimension>.check.<check>`, or another check's, that clarified it
    clarified: bool  # the clarifying question was answered (not skipped, not empty)
    phrase: str = ""  # for a phrase check, the phrase that was found
    source: str = "guide"  # the check's source: guide | added
    claim: str = ""  # the indicator answer the check fired on (yes, mostly, partly, no)
    outcome: str = ""  # clarified: confirmed | changed | explained (answered in words); or ""
    clarified_as: str = ""  # the indicator answer the clarification chose, if it chose one

    @property
    def steps(self) -> tuple[str, str]:
        """The two step ids whose answers conflict, indicator first."""
        return (self.indicator_step, self.other_step)

    @property
    def quotes(self) -> tuple[str, str]:
        return (self.indicator_quote, self.other_quote)


class AnswersOnly(AnswerLookups):
    """A Context over answers alone: a check's `when` (one dimension's answers) and an action's
    precondition look at nothing else (validate refuses the dimension functions in them)."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self.answers = answers

    def level(self, dimension: str) -> int:
        return 1

    def low(self, dimension: str) -> bool:
        return False

    def high(self, dimension: str) -> bool:
        return False

    def reachable(self, dimension: str, level: int) -> bool:
        return False

    def inconsistent(self, dimension: str) -> bool:
        return False

    def contradicted(self, dimension: str, check: str) -> bool:
        return False

    def absent(self, dimension: str, indicator: str) -> bool:
        return False

    def asks(self, dimension: str, indicator: str) -> bool:
        return False

    def routing(self, dimension: str) -> bool:
        return False


@lru_cache(maxsize=1024)
def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.translate(APOSTROPHES).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.IGNORECASE)


def quote(text: str) -> str:
    return f"“{text}”"


def _sentence(text: str, pattern: re.Pattern[str]) -> str | None:
    """The sentence of `text` in which `pattern` occurs, trimmed to MAX_QUOTE around it."""
    for sentence in SENTENCE_END.split(text):
        found = pattern.search(sentence.translate(APOSTROPHES))
        if found is None:
            continue
        sentence = " ".join(sentence.split())
        if len(sentence) <= MAX_QUOTE:
            return sentence
        start = max(0, min(found.start() - MAX_QUOTE // 3, len(sentence) - MAX_QUOTE))
        cut = sentence[start : start + MAX_QUOTE].strip()
        return ("…" if start else "") + cut + ("…" if start + MAX_QUOTE < len(sentence) else "")
    return None


def _free_text(said: Statement) -> bool:
    return said.kind == "text" and said.purpose != "contradiction" and isinstance(said.value, str)


def _heard(check: Check, dim: Dimension, ev: Evidence, claim: str) -> tuple[str, str, str] | None:
    """The first sentence heard saying the opposite of the claim: absent against yes or
    mostly, present against no."""
    from interviewer.scoring.heard import heard_on  # the reader: not before the first answer

    wanted = "present" if claim == "no" else "absent"
    for found in heard_on(dim, ev, check.indicator):
        if found.heard.polarity == wanted:
            return found.step, quote(found.heard.quote), found.heard.words
    return None


def _other(check: Check, dim: Dimension, ev: Evidence, claim: str) -> tuple[str, str, str] | None:
    """(step, quote, phrase) of the answer that contradicts the claim, or None."""
    statements = ev.statements
    if check.heard:
        return _heard(check, dim, ev, claim)
    if check.when is not None:
        values = {step: said.value for step, said in statements.items()}
        if not check.when(AnswersOnly(values)):
            return None
        for kind, step in check.when.references:
            said = statements.get(step)
            if kind == "step" and said is not None and step != f"{dim.key}.ind.{check.indicator}":
                answer = quote(said.shown) if said.kind in ("choice", "multi") else said.shown
                return step, f"{answer} to {quote(said.question)}", ""
        return None
    for step, said in statements.items():
        if not _free_text(said):
            continue
        for phrase in check.phrases:
            sentence = _sentence(str(said.value), _pattern(phrase))
            if sentence is not None:
                return step, quote(sentence), phrase
    return None


def _outcome(answer: Statement | None, claim: str, in_force: object) -> tuple[str, str]:
    """How a clarifying question's answer settled a claim: (outcome, the answer chosen)."""
    if answer is None or not str(answer.value).strip():
        return "", ""
    chosen = str(answer.value)
    if chosen not in CHOSEN:  # words, as sessions asked it before it offered answers
        return "explained", ""
    if chosen == claim:
        return "confirmed", chosen
    if chosen == in_force:
        return "changed", chosen
    # words that happen to be an answer ("no", in a session from before), or an answer the
    # indicator was given again since: the clarification's words, not a choice in force
    return "explained", ""


CHOSEN = frozenset(o.value for o in CLARIFY_OPTIONS)


def claim_of(dim: Dimension, ev: Evidence, indicator: str) -> str | None:
    """The answer an indicator's checks test: the one a clarification asked about, when a
    clarifying question gave the indicator its answer in force, else that answer."""
    came = ev.clarified.get(indicator)
    if came is not None:
        return came.claim
    said = ev.statements.get(f"{dim.key}.ind.{indicator}")
    return None if said is None else str(said.value)


def _fires(check: Check, dim: Dimension, ev: Evidence) -> tuple[str, str, str] | None:
    claim = claim_of(dim, ev, check.indicator)
    if claim is None or claim not in check.claims:
        return None
    return _other(check, dim, ev, claim)


def find(dim: Dimension, ev: Evidence, only: str | None = None) -> list[Contradiction]:
    """The dimension's fired checks (`only`: just that check), in the order declared. A heard
    check does not fire when a declared check on the same indicator does: one question each."""
    out: list[Contradiction] = []
    indicators = {i.id: i for i in dim.indicators}
    for check in dim.checks:
        if only is not None and check.id != only:
            continue
        indicator = indicators.get(check.indicator)
        ind_step = f"{dim.key}.ind.{check.indicator}"
        said = ev.statements.get(ind_step)
        if indicator is None or said is None:
            continue
        claim = claim_of(dim, ev, indicator.id)
        if claim is None or claim not in check.claims:
            continue
        other = _other(check, dim, ev, claim)
        if other is None or (
            check.heard
            and any(
                c.indicator == check.indicator and not c.heard and _fires(c, dim, ev)
                for c in dim.checks
            )
        ):
            continue
        step, other_quote, phrase = other
        clarify_step = f"{dim.key}.check.{check.id}"
        came = ev.clarified.get(indicator.id)
        if came is not None and clarify_step not in ev.statements:
            clarify_step = came.step  # another check's question clarified the indicator
        outcome, chosen = _outcome(ev.statements.get(clarify_step), claim, said.value)
        out.append(
            Contradiction(
                check=check.id,
                dimension=dim.key,
                indicator=indicator.id,
                critical=indicator.critical,
                indicator_step=ind_step,
                other_step=step,
                indicator_quote=f"{INDICATOR_SHOWN.get(claim, claim)} to {quote(said.question)}",
                other_quote=other_quote,
                clarify_step=clarify_step,
                clarified=bool(outcome),
                phrase=phrase,
                source=check.source,
                claim=claim,
                outcome=outcome,
                clarified_as=chosen,
            )
        )
    return out
