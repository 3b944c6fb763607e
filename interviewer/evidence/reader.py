"""The evidence reader: what a free-text answer says about a dimension's indicators.

Each sentence is split into words and lemmatised; an indicator's vocabulary term (script
`evidence:`) is found when all its words occur close together, in any order ("list of our
models" finds "model list"). Its polarity is read NegEx-style, with the ConText additions:

- a negation ("no", "not", "never", "nobody", "without", "lack", affixal "un-") up to
  NEGATION_WINDOW words before the term, inside it, or a "not"/"missing" just after it, in the
  same clause (a comma, "but", "because" … end a clause); two negations cancel ("nothing is run
  by hand"); pseudo-negations ("not only", "no problem with") negate nothing;
- an absence word ("by hand", "manually", "ad hoc", "from scratch") in the clause says a
  `for` term's practice is missing; an `against` term says so itself;
- a hedge ("some", "a few", "not all", "only the") anywhere in the sentence makes it partly;
- a historical ("used to", "until"), hypothetical ("would", "we plan to") or other-group
  ("the payments team", "another team") part of the sentence says nothing about now and here.

A sentence speaks to an indicator once; when it says both present and absent, an `against`
term wins (it is the more specific evidence), else it counts as partly. A term whose words lie
inside another indicator's longer term is dropped ("feature pipeline" inside "feature pipeline
test"). Deterministic and pure; the lemmatiser loads at the first sentence read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from interviewer.evidence import words as w
from interviewer.evidence.lemmas import lemma
from interviewer.script.model import Dimension, Indicator

POLARITIES = ("present", "absent", "partly")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
MAX_QUOTE = 240  # characters of a sentence kept in a quote


class Term(NamedTuple):
    indicator: str
    side: str  # "for" | "against"
    lemmas: tuple[str, ...]
    text: str


class Heard(NamedTuple):
    """One sentence's evidence on one indicator, with the words that decided it."""

    indicator: str
    polarity: str  # POLARITIES
    quote: str  # the sentence, as typed (trimmed to MAX_QUOTE)
    words: str  # the words heard as the indicator's concept
    cue: str  # the negation, absence or hedge words that set the polarity ("" if none)


class _Hit(NamedTuple):
    term: Term
    positions: frozenset[int]
    start: int
    end: int


class Lexicon:
    """A dimension's vocabulary, lemmatised once."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self.terms: list[Term] = []
        for ind in indicators:
            if ind.evidence is None:
                continue
            for side, texts in (("for", ind.evidence.for_terms), ("against", ind.evidence.against)):
                for text in texts:
                    lemmas = tuple(lemma(t) for t in w.content(w.tokens(text)))
                    if lemmas:
                        self.terms.append(Term(ind.id, side, lemmas, text))
        self.lemmas = frozenset(x for t in self.terms for x in t.lemmas)


_WORD = re.compile(r"\w")


@lru_cache(maxsize=64)
def lexicon(dim: Dimension) -> Lexicon:
    return Lexicon(dim.indicators)


def sentences(text: str) -> list[str]:
    """The sentences that hold a word: a run of stops (". . .") says nothing to read."""
    return [" ".join(s.split()) for s in SENTENCE_END.split(text) if _WORD.search(s)]


def read(text: str, lex: Lexicon) -> list[Heard]:
    """Every indicator each sentence of `text` speaks to, in the order said."""
    out: list[Heard] = []
    for sentence in sentences(text):
        out += read_sentence(sentence, lex)
    return out


@lru_cache(maxsize=4096)
def read_cached(text: str, lex: Lexicon) -> tuple[Heard, ...]:
    """`read`, remembered: the engine asks about the same answers at every step."""
    return tuple(read(text, lex))


def _spans(toks: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of each phrase; end inclusive."""
    found = []
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            if tuple(toks[i : i + n]) == phrase:
                found.append((i, i + n - 1))
    return found


def _covered(spans: list[tuple[int, int]]) -> set[int]:
    return {i for a, b in spans for i in range(a, b + 1)}


class _Sentence:
    """One sentence's words, lemmas and cues."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        toks = w.tokens(text)
        self.toks = toks
        self.lemmas = [lemma(t) for t in toks]
        self.affixed: set[int] = set()  # "untested": read as "test", negated
        for i, t in enumerate(toks):
            if t.startswith("un") and len(t) > 5 and t not in w.TROUBLE:
                rest = lemma(t[2:])
                if self.lemmas[i] not in lex.lemmas and rest in lex.lemmas:
                    self.lemmas[i] = rest
                    self.affixed.add(i)
        pseudo = _covered(_spans(toks, w.PSEUDO_NEGATIONS))
        self.hedges = [(a, b) for a, b in _spans(toks, w.HEDGES) if a not in pseudo]
        quiet = _covered(self.hedges) | pseudo
        negations = {
            i
            for i, t in enumerate(toks)
            if t in w.NEGATIONS and i not in quiet and not self._of_trouble(i)
        }
        self.absences = []
        for a, b in _spans(toks, w.ABSENCE_PHRASES):
            negated = {i for i in negations if a - 3 <= i < a}
            if negated:  # "without manual steps", "never by hand": both cancel
                negations -= negated
            else:
                self.absences.append((a, b))
        self.negations = negations
        self.clause = self._number(lambda t: t in w.BOUNDARY_MARKS or t in w.TERMINATORS)
        self.part = self._number(lambda t: t in w.CONTRAST or t == ";")
        self.elsewhere = self._elsewhere()

    def _of_trouble(self, i: int) -> bool:
        """The negation at `i` negates a problem ("no issues with", "never had trouble") or is
        a gate ("cannot be promoted unless …")."""
        return any(t in w.TROUBLE for t in self.toks[i + 1 : i + 4]) or any(
            t in w.GATES for t in self.toks[i + 1 : i + 7]
        )

    def _number(self, ends: object) -> list[int]:
        """Each token's clause (or part) number; the boundary token starts the next one."""
        out, n = [], 0
        for t in self.toks:
            if ends(t):  # type: ignore[operator]
                n += 1
            out.append(n)
        return out

    def _elsewhere(self) -> set[int]:
        """Parts of the sentence about the past, a hypothetical or another group."""
        words: dict[int, list[str]] = {}  # each part's words, gathered in one pass
        for token, part in zip(self.toks, self.part, strict=True):
            words.setdefault(part, []).append(token)
        return {part for part, toks in words.items() if w.about_elsewhere(toks)}

    def hits(self, lex: Lexicon) -> list[_Hit]:
        where: dict[str, list[int]] = {}
        for i, lem in enumerate(self.lemmas):
            where.setdefault(lem, []).append(i)
        hits: list[_Hit] = []
        for term in lex.terms:
            if not all(x in where for x in term.lemmas):
                continue
            limit = 2 * len(term.lemmas) + 2
            for first in where[term.lemmas[0]]:
                chosen = {first}
                for other in term.lemmas[1:]:
                    chosen.add(min(where[other], key=lambda p: abs(p - first)))
                start, end = min(chosen), max(chosen)
                one_clause = self.clause[start] == self.clause[end]
                if len(chosen) == len(term.lemmas) and end - start < limit and one_clause:
                    hits.append(_Hit(term, frozenset(chosen), start, end))
        return [
            h
            for h in hits
            if not any(
                h.positions < o.positions and o.term.indicator != h.term.indicator for o in hits
            )
        ]

    def polarity(self, hit: _Hit) -> tuple[str, str] | None:
        """(present | absent | partly, cue words) for one hit; None when it is not about now."""
        if self.part[hit.start] in self.elsewhere:
            return None
        clause = self.clause[hit.start]
        cues: list[int] = []
        for i in sorted(self.negations):
            if i in hit.positions:
                continue
            before = i < hit.start and hit.start - i <= w.NEGATION_WINDOW
            inside = hit.start < i < hit.end
            after = hit.end < i <= hit.end + w.POST_WINDOW and self.toks[i] in w.POST_NEGATIONS
            if (before or inside or after) and self.clause[i] == clause:
                cues.append(i)
        flips = len(cues) + len(hit.positions & self.affixed)
        cues += sorted(hit.positions & self.affixed)
        if hit.term.side == "for":
            for a, b in self.absences:
                if self.clause[a] == clause and not hit.positions & set(range(a, b + 1)):
                    flips += 1
                    cues += range(a, b + 1)
        else:
            flips += 1
        polarity = "absent" if flips % 2 else "present"
        hedges = [(a, b) for a, b in self.hedges if not hit.positions & set(range(a, b + 1))]
        if hedges:
            polarity = "partly"
            cues += range(hedges[0][0], hedges[0][1] + 1)
        return polarity, " ".join(self.toks[i] for i in sorted(set(cues)))


def read_sentence(sentence: str, lex: Lexicon) -> list[Heard]:
    s = _Sentence(sentence, lex)
    found: dict[str, list[tuple[str, str, _Hit]]] = {}
    for hit in s.hits(lex):
        verdict = s.polarity(hit)
        if verdict is not None:
            found.setdefault(hit.term.indicator, []).append((*verdict, hit))
    quote = sentence if len(sentence) <= MAX_QUOTE else sentence[: MAX_QUOTE - 1] + "…"
    out = []
    for indicator, judged in found.items():
        polarity, cue, hit = _combine(judged)
        words = " ".join(s.toks[hit.start : hit.end + 1])
        out.append(Heard(indicator, polarity, quote, words, cue))
    return out


def _combine(judged: list[tuple[str, str, _Hit]]) -> tuple[str, str, _Hit]:
    """One verdict from a sentence's hits on one indicator."""
    polarities = {p for p, _, _ in judged}
    if len(polarities) == 1:
        return judged[0]
    if "partly" not in polarities:
        against = [j for j in judged if j[0] == "absent" and j[2].term.side == "against"]
        if against:
            return against[0]
    mixed = next(j for j in judged if j[0] != "present")
    return "partly", mixed[1], mixed[2]
