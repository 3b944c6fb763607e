"""The words the evidence reader works with: tokens, and the cue lists that decide polarity.

Nothing here needs a lemmatiser, so the script loader checks an indicator's vocabulary with it
(a term that can never match) without loading one. Cues are written as they are tokenised:
lower case, "don't" read as "do not", hyphens and slashes as spaces.
"""

from __future__ import annotations

import re

_APOSTROPHES = str.maketrans("’‘`", "'''")
_OPENED = {
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "n't": " not",
    "'m": " am",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'d": " would",
    "'s": "",
}
_CONTRACTION = re.compile(r"\b(?:can't|cannot|won't|shan't)\b|n't\b|'(?:m|re|ve|ll|d|s)\b")
_SPELLING = (  # British and American spellings read as one
    (re.compile(r"\b(\w{3,})iz(e|es|ed|ing|ation|ations|er|ers)\b"), r"\1is\2"),
    (re.compile(r"\bcatalog(s?)\b"), r"catalogue\1"),
)
_TOKEN = re.compile(r"[a-z0-9]+|[,;:()!?]|[—–]")
BOUNDARY_MARKS = frozenset(",;:()!?—–")

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "as",
        "and",
        "or",
        "but",
        "our",
        "we",
        "us",
        "my",
        "me",
        "i",
        "you",
        "your",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "it",
        "its",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "this",
        "that",
        "these",
        "those",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "so",
        "there",
        "here",
        "into",
        "onto",
        "about",
        "than",
        "then",
        "very",
        "really",
    ]
)

NEGATIONS = frozenset(
    [
        "no",
        "not",
        "never",
        "nobody",
        "none",
        "nothing",
        "neither",
        "nor",
        "without",
        "lack",
        "lacks",
        "lacking",
        "unable",
        "nowhere",
        "unclear",
        "unsure",
        "noone",
    ]
)
POST_NEGATIONS = frozenset(
    ["not", "never", "missing", "absent", "lacking", "nonexistent", "nowhere"]
)
PSEUDO_NEGATIONS = (
    ("not", "only"),
    ("not", "just"),
    ("not", "necessarily"),
    ("no", "matter"),
    ("whether", "or", "not"),
    ("not", "to", "mention"),
    ("if", "not"),
)
# a negation before one of these is a gate, not an absence ("can't go live unless it passes")
GATES = frozenset(["unless", "until"])
# a negation of one of these negates the trouble, not the practice ("never had a problem")
TROUBLE = frozenset(
    [
        "problem",
        "problems",
        "issue",
        "issues",
        "trouble",
        "confusion",
        "complaint",
        "complaints",
        "incident",
        "incidents",
        "surprise",
        "surprises",
        "fail",
        "fails",
        "failed",
        "failure",
        "failures",
        "break",
        "breaks",
        "broke",
        "outage",
        "outages",
        "error",
        "errors",
        "bug",
        "bugs",
        "doubt",
        "doubts",
        "worry",
        "worries",
        "concern",
        "concerns",
        "delay",
        "delays",
        "unnoticed",
        "hiccup",
        "hiccups",
        "drama",
    ]
)
ABSENCE_PHRASES = (  # how this domain says a practice is missing without a negation
    ("by", "hand"),
    ("manually",),
    ("manual",),
    ("ad", "hoc"),
    ("adhoc",),
    ("by", "eye"),
    ("hand", "set"),
    ("hand", "built"),
    ("hand", "tuned"),
    ("hand", "crafted"),
    ("from", "scratch"),
    ("a", "guess"),
    ("guesswork",),
    ("someone", "has", "to"),
    ("someone", "needs", "to"),
    ("somebody", "has", "to"),
    ("a", "person", "to"),
    ("needs", "a", "person"),
)
HEDGES = (  # partly
    ("some",),
    ("a", "few"),
    ("few", "of"),
    ("a", "couple"),
    ("couple", "of"),
    ("partly",),
    ("partially",),
    ("in", "places"),
    ("not", "all"),
    ("not", "every"),
    ("not", "always"),
    ("not", "yet", "for", "all"),
    ("not", "for", "all"),
    ("a", "handful"),
    ("half",),
    ("sometimes",),
    ("occasionally",),
    ("patchy",),
    ("here", "and", "there"),
    ("parts", "of"),
    ("the", "rest"),
    ("others",),
    ("only", "the"),
    ("only", "our"),
    ("only", "one"),
    ("only", "a"),
    ("only", "two"),
    ("just", "one"),
    ("just", "the"),
    ("now", "and", "then"),
)
HISTORICAL = (
    ("used", "to"),
    ("until", "last"),
    ("until", "recently"),
    ("until", "we"),
    ("until", "then"),
    ("previously",),
    ("formerly",),
    ("in", "the", "past"),
    ("back", "in"),
    ("back", "then"),
    ("ago",),
    ("at", "one", "point"),
    ("once", "upon"),
)
HYPOTHETICAL = (
    ("would", "like"),
    ("would", "love"),
    ("would", "be"),
    ("would", "help"),
    ("we", "would"),
    ("i", "would"),
    ("wish",),
    ("should",),
    ("ideally",),
    ("want",),
    ("wants",),
    ("plan", "to"),
    ("plans", "to"),
    ("planning", "to"),
    ("planning",),
    ("like", "to"),
    ("love", "to"),
    ("hope", "to"),
    ("hoping",),
    ("thinking", "about"),
    ("considering",),
    ("one", "day"),
    ("someday",),
    ("some", "day"),
    ("some", "point"),
    ("eventually",),
    ("roadmap",),
    ("next", "year"),
    ("next", "quarter"),
    ("in", "the", "future"),
    ("aim", "to"),
    ("going", "to"),
    ("intend",),
    ("intend", "to"),
    ("might",),
    ("if", "we", "had"),
    ("if", "we", "ever"),
    ("if", "we", "get"),
)
OTHER_EXPERIENCER = (  # anywhere in the part of the sentence: somebody else's practice
    ("other", "team"),
    ("other", "teams"),
    ("another", "team"),
    ("sister", "company"),
    ("another", "company"),
    ("previous", "company"),
    ("previous", "job"),
    ("last", "job"),
    ("other", "companies"),
)
# "The payments team has …", "In the insurance division …": another group named first
GROUPS = frozenset(["team", "teams", "division", "department", "unit", "group", "business"])
OWN_GROUP = frozenset(
    [
        "ml",
        "data",
        "science",
        "machine",
        "learning",
        "whole",
        "entire",
        "same",
        "our",
        "my",
        "own",
        "modelling",
        "analytics",
    ]
)
DEPARTMENTS = frozenset(["marketing", "finance", "sales", "legal", "procurement", "hr"])
# where a negation's scope, and a part of a sentence, ends
TERMINATORS = frozenset(
    [
        "and",
        "but",
        "however",
        "although",
        "though",
        "whereas",
        "except",
        "unless",
        "because",
        "while",
        "yet",
    ]
)
CONTRAST = frozenset(["but", "however", "although", "though", "whereas", "except", "yet", "now"])
NEGATION_WINDOW = 8  # tokens after a negation that it can reach
POST_WINDOW = 3  # tokens after a concept in which a "not" can still negate it
MAX_TERM_WORDS = 6


def tokens(text: str) -> list[str]:
    """Lower-case words and clause marks, contractions opened ("don't" -> "do", "not")."""
    text = _CONTRACTION.sub(lambda m: _OPENED[m.group(0)], text.translate(_APOSTROPHES).lower())
    for pattern, replacement in _SPELLING:
        text = pattern.sub(replacement, text)
    return _TOKEN.findall(text)


def content(words: list[str]) -> list[str]:
    """The words of a term that must be found: stop words and marks dropped."""
    return [w for w in words if w not in STOPWORDS and w not in BOUNDARY_MARKS]


def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return index


# looked up by each token's first word: one pass over a part, however many phrases there are
_ELSEWHERE = _by_first_word(HISTORICAL + HYPOTHETICAL + OTHER_EXPERIENCER)


def _has(toks: list[str], index: dict[str, list[tuple[str, ...]]]) -> bool:
    return any(
        tuple(toks[i : i + len(p)]) == p for i, t in enumerate(toks) for p in index.get(t, ())
    )


def about_elsewhere(part: list[str]) -> bool:
    """The tokens of one part of a sentence speak of the past, a hypothetical or another
    group ("the payments team", "in the insurance division", "marketing"), not of now and us."""
    if _has(part, _ELSEWHERE):
        return True
    words = [t for t in part if t not in CONTRAST and t not in (";", ",")]
    if words[:1] and words[0] in ("in", "at"):
        words = words[1:]
    if words[:1] and words[0] in DEPARTMENTS:
        return True
    if words[:1] == ["the"]:
        group = next((k for k in range(2, 5) if k < len(words) and words[k] in GROUPS), 0)
        return bool(group) and not any(x in OWN_GROUP for x in words[1:group])
    return False


def term_problem(term: str) -> str | None:
    """Why `term` can never be heard as written, or None: the reader hears negation and
    absence itself, and matches only the words that are left once stop words are dropped."""
    words = tokens(term)
    kept = content(words)
    if not kept:
        return "has no word left to match once stop words are dropped"
    negation = next((w for w in words if w in NEGATIONS), None)
    if negation is not None:
        return (
            f"holds the negation {negation!r}: name the practice and let the reader hear "
            "the negation"
        )
    if len(kept) > MAX_TERM_WORDS:
        return (
            f"has {len(kept)} words to match; a concept is at most {MAX_TERM_WORDS} "
            "(write the idea, not a whole sentence)"
        )
    return None
