"""Word stems, so that "deployments", "deployed" and "deploying" are one word to the reader.

The Snowball English stemmer (snowballstemmer: pure Python, no data to load) with the irregular
verbs it cannot know ("ran" -> "run", "kept" -> "keep"). It is imported at the first call,
never at import: nothing that draws the app's first frame reads evidence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_stem: Any = None
IRREGULAR = {
    w: base
    for base, forms in {
        "run": "ran",
        "build": "built",
        "keep": "kept",
        "catch": "caught",
        "go": "went gone",
        "take": "took taken",
        "tell": "told",
        "get": "got gotten",
        "find": "found",
        "make": "made",
        "do": "did done",
        "have": "had has",
        "be": "was were been is are am",
        "know": "knew known",
        "see": "saw seen",
        "write": "wrote written",
        "give": "gave given",
        "break": "broke broken",
        "bring": "brought",
        "buy": "bought",
        "come": "came",
        "fall": "fell fallen",
        "feel": "felt",
        "hold": "held",
        "lead": "led",
        "leave": "left",
        "lose": "lost",
        "mean": "meant",
        "pay": "paid",
        "put": "put",
        "say": "said",
        "sell": "sold",
        "send": "sent",
        "set": "set",
        "spend": "spent",
        "stand": "stood",
        "think": "thought",
        "understand": "understood",
        "choose": "chose chosen",
        "drive": "drove driven",
        "forget": "forgot forgotten",
        "grow": "grew grown",
        "hide": "hid hidden",
        "rise": "rose risen",
        "show": "showed shown",
        "speak": "spoke",
        "begin": "began begun",
        "draw": "drew drawn",
        "throw": "threw thrown",
        "rebuild": "rebuilt",
        "rerun": "reran",
        "retake": "retook",
    }.items()
    for w in (base, *forms.split())
}


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The stem of a lower-case word: "deployments" -> "deploy", "ran" -> "run"."""
    global _stem
    if not word.isalpha():
        return word
    if word in IRREGULAR:
        word = IRREGULAR[word]
    if _stem is None:
        import snowballstemmer

        _stem = snowballstemmer.stemmer("english").stemWord
    found = str(_stem(word))
    if len(found) > 3 and found.endswith("s") and not found.endswith("ss"):
        return found[:-1]  # "kpis", "slas": plurals of abbreviations, cut on both sides
    return found
