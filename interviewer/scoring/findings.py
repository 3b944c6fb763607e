"""Per dimension what was found, in words and with the interviewee's own, and the ranked next
actions (pure functions).

A finding is one sentence from the indicators (what is in place, what holds the level back),
the level with its range and confidence reasons, quoted evidence (free-text answers, clarifying
answers and facilitators' quotes; never a skip or a non-answer such as "not sure"), confirmed
pain, and the baseline of each success metric next to the guide's benchmark and the target.
The actions come from `recommend`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from interviewer.engine.answers import is_vague
from interviewer.scoring import Scorecard
from interviewer.scoring.annotations import Facilitated, Quote
from interviewer.scoring.dimension import DimensionScore
from interviewer.scoring.pain import PainScore
from interviewer.scoring.recommend import ANSWER_WORDS, Context, NextAction, next_actions
from interviewer.script.model import Dimension, Indicator, Script, Track
from interviewer.transcript import Transcript

_THIRD_PERSON = [
    (re.compile(r"\byourselves\b"), "themselves"),
    (re.compile(r"\byour\b"), "their"),
    (re.compile(r"\bYour\b"), "Their"),
    (re.compile(r"\byou\b"), "they"),
    (re.compile(r"\bYou\b"), "They"),
]
QUOTED_PURPOSES = ("open", "followup", "advanced", "clarify", "contradiction", "facilitator")


@dataclass
class Evidence:
    turn: int
    text: str
    source: str  # "interviewee" or the facilitator's name (a quote tag)


class Baseline(NamedTuple):
    """Where a success metric stands today, against the guide's benchmark and the target."""

    metric: str
    baseline: str  # the interviewee's answer, as displayed
    benchmark: str
    target: str  # "level 3 (Defined)"


class ContradictionFinding(NamedTuple):
    """Two answers that do not fit together, quoted with the turns they were given in."""

    indicator: str  # the indicator's id
    quotes: tuple[str, str]  # the indicator answer, the statement that contradicts it
    turns: tuple[int | None, int | None]  # the turns of those two answers
    resolved: bool  # the clarifying question was answered
    clarification: str  # its answer, quoted
    clarified_turn: int | None


@dataclass
class DimensionFinding:
    key: str
    name: str
    score: DimensionScore
    level: int  # the override if there is one
    override: str | None  # "level 3 by kim: saw the pipeline"
    finding: str = ""
    baseline: list[Baseline] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    pains: list[PainScore] = field(default_factory=list)
    contradictions: list[ContradictionFinding] = field(default_factory=list)
    verify: list[str] = field(default_factory=list)

    @property
    def confidence_reasons(self) -> list[str]:
        """The score's reasons, less the contradictions' own messages (they are listed apart,
        with their turns)."""
        own = {f.message for f in self.score.flags if f.code.startswith("contradiction")}
        return [r for r in self.score.reasons if r not in own]


@dataclass
class Findings:
    dimensions: list[DimensionFinding]
    actions: list[NextAction]
    open_questions: list[str]


def _clause(indicator: Indicator) -> str:
    """An indicator's statement as a short clause: its first sentence, cut before asides and
    examples, no final full stop, lower-cased unless it opens with an acronym."""
    text = " ".join(indicator.text.split())
    text = text.split(". ")[0].rstrip(".")
    for you, they in _THIRD_PERSON:  # statements put to the interviewee, reported about them
        text = you.sub(they, text)
    for cut in (
        ", rather than",
        ", not ",
        ", so ",
        " (",
        "; ",
        ", for example",
        ", each",
        ", with ",
    ):
        head, sep, _ = text.partition(cut)
        if sep and len(head) > 25:
            text = head
    first = text.split()[0] if text else ""
    if not (len(first) > 1 and first.replace("/", "").isupper()):  # keep "CI/CD", "KPI"
        text = text[:1].lower() + text[1:]
    return text


def finding_sentence(dim: Dimension, level: int, level_name: str, values: Mapping[str, Any]) -> str:
    """One sentence: the level, the strongest practice in place, the gaps that hold it back."""
    ceiling = min(5, level + 1)
    met = [
        i for i in dim.indicators if i.level <= ceiling and values.get(i.id) in ("yes", "mostly")
    ]
    gaps = [
        i for i in dim.indicators if i.level <= ceiling and values.get(i.id) not in ("yes", "na")
    ]
    gaps.sort(key=lambda i: (i.level, not i.critical, values.get(i.id) == "mostly"))
    head = f"{dim.name} is at level {level}, {level_name}"
    if met:
        best = max(met, key=lambda i: (i.level, i.critical, values.get(i.id) == "yes"))
        head += f": {_clause(best)}"
    elif level == 1:
        head += ": none of the level-2 practices is fully in place"
    if not gaps:
        return head + (", and every practice checked up to this level is in place." if met else ".")
    shown = [
        f"{_clause(i)} ({ANSWER_WORDS.get(values.get(i.id), str(values.get(i.id)))})"
        for i in gaps[:2]
    ]
    return f"{head}; not yet: {' and '.join(shown)}."


def _turn_number(transcript: Transcript, step_id: str) -> int | None:
    turn = transcript.in_force(step_id)
    return turn.number if turn is not None else None


def _contradictions(score: DimensionScore, transcript: Transcript) -> list[ContradictionFinding]:
    out = []
    for c in score.contradictions:
        clarify = transcript.in_force(c.clarify_step)
        said = clarify.event.value if clarify is not None and c.clarified else None
        out.append(
            ContradictionFinding(
                c.indicator,
                c.quotes,
                (
                    _turn_number(transcript, c.indicator_step),
                    _turn_number(transcript, c.other_step),
                ),
                c.clarified,
                said.strip() if isinstance(said, str) else "",
                clarify.number if clarify is not None and c.clarified else None,
            )
        )
    return out


def _evidence(key: str, transcript: Transcript, notes: Facilitated) -> list[Evidence]:
    out: list[Evidence] = []
    for turn in transcript:
        step = turn.step
        if step.dimension != key or step.kind != "text" or transcript.superseded(turn):
            continue
        value = turn.event.value
        if step.purpose not in QUOTED_PURPOSES and not step.purpose.startswith("clarify"):
            continue
        if not isinstance(value, str) or not value.strip() or is_vague(value):
            continue  # never quote a skip or a non-answer as evidence
        if any(e.text == value.strip() for e in out):
            continue  # the same words said twice are one piece of evidence
        out.append(Evidence(turn.number, value.strip(), "interviewee"))
    out += [Evidence(q.turn, q.text, q.by) for q in notes.quotes if q.dimension == key]
    return out


def _baselines(
    dim: Dimension, target: str, transcript: Transcript
) -> tuple[list[Baseline], dict[tuple[str, str], str]]:
    rows: list[Baseline] = []
    by_metric: dict[tuple[str, str], str] = {}
    for metric in dim.metrics:
        if not metric.baseline:
            continue
        turn = transcript.in_force(f"{dim.key}.outcome.{metric.baseline}")
        if turn is None or turn.event.value is None:
            continue
        by_metric[(dim.key, metric.id)] = turn.answer
        rows.append(Baseline(metric.text, turn.answer, metric.benchmark, target))
    return rows, by_metric


def findings(
    script: Script,
    track: Track,
    card: Scorecard,
    answers: Mapping[str, Any],
    transcript: Transcript,
    notes: Facilitated | None = None,
    trimmed: list[str] | None = None,
) -> Findings:
    notes = notes or Facilitated()
    out: list[DimensionFinding] = []
    levels: dict[str, int] = {}
    targets: dict[str, int] = {}
    baselines: dict[tuple[str, str], str] = {}
    for key, score in card.dimensions.items():
        if not score.covered:
            continue
        dim = script.dimensions[key]
        override = notes.overrides.get(key)
        level = override.level if override else score.level
        levels[key] = level
        if score.target is not None:
            targets[key] = score.target
        values = {i.id: answers.get(f"{key}.ind.{i.id}") for i in dim.indicators}
        contradictions = _contradictions(score, transcript)
        for c in contradictions:  # an unclarified claim is not presented as in place
            if not c.resolved and values.get(c.indicator) in ("yes", "mostly"):
                values[c.indicator] = "disputed"
        target = score.target if score.target is not None else min(5, level + 1)
        rows, found = _baselines(dim, f"level {target} ({script.levels[target].name})", transcript)
        baselines.update(found)
        finding = DimensionFinding(
            key,
            dim.name,
            score,
            level,
            f"level {override.level} by {override.by}: {override.reason}" if override else None,
            finding=finding_sentence(dim, level, script.levels[level].name, values),
            baseline=rows,
            evidence=_evidence(key, transcript, notes),
            pains=[p for p in card.pains if p.dimension == key and p.severity],
            contradictions=contradictions,
        )
        finding.verify = [f.message for f in score.flags if not f.code.startswith("contradiction")]
        unknown = [i for i in dim.indicators if values[i.id] == "unknown"]
        finding.verify += [f"Nobody was sure: {_clause(i)}." for i in unknown[:3]]
        out.append(finding)

    said = " ".join(
        str(answers.get(k) or "") for k in ("top-priority", "strategic-priorities")
    ).lower()
    disputed = frozenset(
        (f.key, c.indicator) for f in out for c in f.contradictions if not c.resolved
    )
    ctx = Context(answers, levels, targets, list(card.pains), baselines, said, disputed)
    actions = next_actions(script, [f.key for f in out], ctx)
    open_questions = [track.index[s].text for s in (trimmed or []) if s in track.index]
    for f in out:
        if f.score.level != f.score.level_optimistic:
            open_questions.append(
                f"{f.name}: {f.score.unknown} indicator(s) answered “don't know” leave the level "
                f"between {f.score.level} and {f.score.level_optimistic}."
            )
    return Findings(out, actions, open_questions)


__all__ = [
    "Baseline",
    "ContradictionFinding",
    "DimensionFinding",
    "Evidence",
    "Findings",
    "NextAction",
    "Quote",
    "finding_sentence",
    "findings",
]
