"""Measuring the reader on a labelled sentence set: recall per polarity, false alarms.

A record is one sentence with its dimension, the indicators it speaks to (none for a sentence
about something else) and its polarity: present, absent, partly, or none (no evidence about
now and here: the past, a hypothetical, another team, or nothing at all).

- recall of a polarity: its sentences on which the reader heard that polarity for one of the
  labelled indicators;
- false absences: sentences not labelled absent on which the reader heard an absence of any
  indicator (each would contradict a yes); false presences likewise (each would contradict a no);
- precision of absences: of the sentences heard absent, those labelled absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewer.evidence.reader import POLARITIES, lexicon, read
from interviewer.script.model import Script


@dataclass
class Tally:
    hit: int = 0
    of: int = 0

    def add(self, ok: bool) -> None:
        self.hit += ok
        self.of += 1

    @property
    def rate(self) -> float:
        return self.hit / self.of if self.of else 0.0

    def __str__(self) -> str:
        return f"{self.rate:.2f} ({self.hit}/{self.of})"


@dataclass
class Figures:
    recall: dict[str, Tally] = field(default_factory=lambda: {p: Tally() for p in POLARITIES})
    false_absent: Tally = field(default_factory=Tally)
    false_present: Tally = field(default_factory=Tally)
    absent_precision: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)


def load_records(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def measure(script: Script, records: Iterable[dict[str, Any]]) -> Figures:
    out = Figures()
    for r in records:
        heard = read(r["text"], lexicon(script.dimensions[r["dimension"]]))
        got = {(h.indicator, h.polarity) for h in heard}
        polarity, labelled = r["polarity"], set(r["indicators"])
        if polarity in POLARITIES:
            ok = any((i, polarity) in got for i in labelled)
            out.recall[polarity].add(ok)
            if not ok:
                out.misses.append(f"{polarity} {sorted(labelled)}: {r['text']} -> {sorted(got)}")
        said_absent = any(p == "absent" for _, p in got)
        if polarity != "absent":
            out.false_absent.add(said_absent)
            if said_absent:
                out.misses.append(f"false absence ({polarity}): {r['text']} -> {sorted(got)}")
        if polarity != "present":
            said_present = any(p == "present" for _, p in got)
            out.false_present.add(said_present)
            if said_present:
                out.misses.append(f"false presence ({polarity}): {r['text']} -> {sorted(got)}")
        if said_absent:
            out.absent_precision.add(polarity == "absent")
    return out
