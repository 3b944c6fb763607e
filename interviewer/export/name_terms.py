"""The words that can name a person or an organisation in free text, for the anonymiser.

People write names the way they say them, not the way the session's metadata spells them:
"Zoe" for Zoë, "Brien" or "OBrien" for O'Brien-Smith, "AcmeCorp", "acme-corp" or `acme-corp.com`
for Acme Corp. Matching is done on a folded copy of the text (accents and curly apostrophes
off, one character for one, so a match's place is its place in the text). A name part that is
also an everyday word ("Will", "Data", "May") is matched only where it is written as a name,
capitalised, so "we will ship when the data is ready" keeps its words.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# particles, initials and legal forms are not names on their own
_NOT_NAMES = (
    "van von der den de del della di da du la le los las bin al st mr mrs ms dr the and of "
    "corp corporation inc ltd llc plc gmbh ag sa bv nv co company group holding holdings "
    "limited"
)
NOT_NAMES = frozenset(_NOT_NAMES.split())
# everyday English words that are also first names or surnames, or short enough to be either;
# the script's own words are added to these (see `script_words`)
_EVERYDAY = """a an and are as at be been but by can could did do does for from had has have he her
    here him his how i if in into is it its may me might my no not now of off on one or our
    out over she should so than that the their them then there these they this those to too
    under up us was we were what when where which who why will with would yes you your
    april august autumn bill bishop brown cook dawn faith frank grace green guy hall hill
    hope hunter jack joy june king lane long mark miles may page pat price ray rich rose
    sky stone summer sue victor ward white will wood young"""
EVERYDAY = frozenset(_EVERYDAY.split())
# letters with no decomposition that people type without their mark
_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}
)
_SPLIT = re.compile(r"[\s._-]+")
_DOMAIN_LABEL = r"[\w-]{1,63}"
DOMAIN = rf"(?<![\w.@-])(?:{_DOMAIN_LABEL}\.){{1,8}}[a-zA-Z]{{2,24}}(?![\w-])"


def fold(text: str) -> str:
    """`text` (NFC) with each letter's accents and curly apostrophes taken off, one character
    for one: "Zoë O’Brien" -> "Zoe O'Brien"."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    if text.isascii():
        return text
    return "".join(c if c.isascii() else unicodedata.normalize("NFD", c)[0] for c in text)


def term_key(term: str) -> str:
    """How a term is looked up: folded, lower case, single spaces."""
    return " ".join(fold(term).lower().split())


def _word_forms(word: str) -> list[str]:
    """One word of a name as people write it: as spelled, without its apostrophes ("OBrien"),
    and its part after an apostrophe ("Brien")."""
    forms = [word]
    if "'" in word:
        forms.append(word.replace("'", ""))
        forms += [p for p in word.split("'")[1:] if len(p) >= 3]
    return forms


def name_forms(name: str) -> tuple[list[str], list[str]]:
    """(the whole name's forms, its parts' forms) for a person's name. A hyphenated name is
    also written with a space; each word of a name of two or more words can stand for it, and
    so can each piece of a hyphenated or dotted one ("O'Brien-Smith", "Smith", "alex.kim")."""
    name = " ".join(fold(name).split())
    whole = [name]
    if "-" in name:
        whole.append(name.replace("-", " "))
    tokens, pieces = name.split(), _SPLIT.split(name)
    words = [*(tokens if len(tokens) >= 2 else []), *(pieces if len(pieces) >= 2 else [])]
    parts: list[str] = []
    for word in words:
        parts += _word_forms(word) + ([word.replace("-", " ")] if "-" in word else [])
    if len(pieces) < 2:  # one word: what it is written as without its apostrophe
        parts += _word_forms(name)[1:]
    keep = [p for p in parts if len(p) >= 2 and p.lower() not in NOT_NAMES]
    return whole, list(dict.fromkeys(keep))


def org_forms(org: str) -> tuple[list[str], list[str]]:
    """(the whole organisation's forms, its parts) for an organisation: as written, run
    together ("AcmeCorp"), hyphenated or underscored ("acme-corp"), with or without its legal
    form ("Acme Corp", "AcmeCorpLtd" for "Acme Corp Ltd"); its parts are its names' words."""
    whole_name = " ".join(fold(org).split())
    parts = name_forms(org)[1]
    words = _SPLIT.split(whole_name)
    forms = [whole_name]
    for start in range(len(words)):  # every run of two to six words with a name in it
        for end in range(start + 2, min(start + 6, len(words)) + 1):
            run = words[start:end]
            if any(w.lower() not in NOT_NAMES for w in run):
                forms += ["".join(run), "-".join(run), "_".join(run), " ".join(run)]
    return list(dict.fromkeys(forms)), parts


def cased_pattern(term: str) -> str:
    """A pattern matching the one-word `term` as a whole word only where it starts with a
    capital: the first letter as a capital, the rest in any case."""
    return rf"(?<!\w){re.escape(term[0].upper())}(?i:{re.escape(term[1:])})(?!\w)"


def any_case_pattern(term: str) -> str:
    """A pattern matching `term` as whole words in any case, any run of spaces between them."""
    words = [re.escape(w) for w in term.split()]
    return r"(?<!\w)(?i:" + r"\s+".join(words) + r")(?!\w)"


def script_words(script: Any) -> set[str]:
    """Every word the script's own texts use (questions, options, indicators, actions …),
    folded and in lower case: words an interviewee is likely to use as words. Tracks are left
    out (they are built from the same texts)."""
    words: set[str] = set()
    seen: set[int] = set()
    stack: list[Any] = [script]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            words.update(re.findall(r"[a-z]+", fold(value).lower()))
            continue
        if id(value) in seen or value is None or isinstance(value, bool | int | float):
            continue
        seen.add(id(value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            stack += [getattr(value, f.name) for f in fields if f.name != "tracks"]
        elif isinstance(value, dict):
            stack += list(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            stack += list(value)
    return words


def everyday(extra: Iterable[str] = ()) -> frozenset[str]:
    """The everyday words: the built-in ones and `extra` (a script's words)."""
    return EVERYDAY | {term_key(w) for w in extra}
