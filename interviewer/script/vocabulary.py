"""Reading an indicator's evidence vocabulary (`evidence:`) and checking that it can be heard.

    evidence:
      source: added
      for: [model registry, registry, approved by]
      against: [pickle file, shared drive]

`for` names the practice (required), `against` names its absence (optional); each is a list of
concepts, a word or a few, not whole sentences: the reader (interviewer.evidence) matches their
words in any order, after lemmatising, and hears negation, absence and hedges itself. A term
that can never match as written (only stop words, a negation in it, too many words) is a
problem at its line, as is an unknown key or an empty list. A script read back from the cache
was checked when it was cached: its terms are not checked again.
"""

from __future__ import annotations

from typing import Any

from interviewer.script.actions import _source
from interviewer.script.fields import Fields, Raw
from interviewer.script.line_data import line, line_of
from interviewer.script.model import Vocabulary

KEYS = ("source", "for", "against")


def _terms(f: Fields, raw: Raw, key: str, what: str) -> tuple[str, ...]:
    from interviewer.evidence.words import term_problem  # checked only when linting

    at = line_of(raw, key)
    terms: list[str] = []
    for term in f.sequence(raw, key):
        if isinstance(term, bool) or not isinstance(term, (str, int, float)):
            f.problem(at, f"{what}: an evidence term must be text, not {term!r}"[:160])
            continue
        text = " ".join(str(term).split())
        problem = term_problem(text) if f.lint else None
        if problem is not None:
            f.problem(at, f"{what}: evidence term {text[:60]!r} {problem}")
        elif text.lower() in terms:
            f.problem(at, f"{what}: evidence term {text[:60]!r} is listed twice")
        else:
            terms.append(text.lower())
    if isinstance(raw.get(key), list) and not raw.get(key):
        f.problem(at, f"{what}: evidence `{key}` is empty")
    return tuple(terms)


def load_vocabulary(f: Fields, item: Raw, what: str) -> Vocabulary | None:
    raw: Any = item.get("evidence")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        f.problem(line_of(item, "evidence"), f"{what}: `evidence` must be a mapping")
        return None
    for key in raw:
        if key not in KEYS:
            f.problem(
                line_of(raw, key),
                f"{what}: unknown key {str(key)[:40]!r} in `evidence` ({', '.join(KEYS)})",
            )
    if raw.get("for") is None:
        f.problem(line(raw), f"{what}: `evidence` needs `for`: the words that name the practice")
    for_terms = _terms(f, raw, "for", what)
    against = _terms(f, raw, "against", what)
    clash = sorted(set(for_terms) & set(against))
    if clash:
        f.problem(line(raw), f"{what}: evidence term {clash[0]!r} is both for and against")
    return Vocabulary(for_terms, against, _source(f, raw, f"{what}: evidence"), line(raw))
