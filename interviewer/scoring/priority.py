"""Which one dimension the interviewee's stated top priority is about (pure).

Each dimension declares the words people use for it (`said_as`: "drift", "alert", "on-call"
for monitoring). What was said matches a dimension by how many of its words it holds, each
found at the start of a word ("monitor" finds "monitoring"). Among dimensions with as many,
the one named first wins (people name what matters most first: "model monitoring and cost
per prediction" is monitoring), then the one whose indicators, pain points and opportunities
share more of the rarer words of what was said (a word counts log(dimensions / dimensions
using it), so "model", which every dimension uses, counts nothing). The match must hold at
least one of its words: "model monitoring" is one area, not three, and "nothing in
particular" is none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from interviewer.script.model import Dimension

_WORD = re.compile(r"[a-z]{4,}")


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower())}


@lru_cache(maxsize=256)
def _phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + r"\s+".join(map(re.escape, phrase.split())))


@lru_cache(maxsize=64)
def _vocabulary(dim: Dimension) -> frozenset[str]:
    texts = [dim.name, *(i.text for i in dim.indicators)]
    texts += [p.text for p in dim.pain_points] + [o.text for o in dim.opportunities]
    return frozenset(_stems(" ".join(texts)))


def scores(said: str, dims: Iterable[Dimension]) -> dict[str, tuple[int, int, float]]:
    """Each dimension's match: (its words found, minus where the first of them is, the rarer
    shared words' weight); higher is better."""
    dims = list(dims)
    low = " ".join(said.lower().replace("\u2019", "'").split())
    words = _stems(low)
    vocab = {d.key: _vocabulary(d) for d in dims}
    out = {}
    for dim in dims:
        found = [m.start() for p in dim.said_as if (m := _phrase(p).search(low))]
        shared = sum(
            math.log(len(dims) / sum(w in v for v in vocab.values()))
            for w in words & vocab[dim.key]
        )
        out[dim.key] = (len(found), -min(found, default=len(low)), shared)
    return out


def priority_dimension(said: str, dims: Iterable[Dimension]) -> str | None:
    """The one dimension the stated priority is about, or None when no area stands out."""
    ranked = sorted(scores(said, dims).items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1][0] == 0:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]
