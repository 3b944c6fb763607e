"""Per dimension what was found, in words and with the interviewee's own, and the ranked next
actions (pure functions).

A finding is one sentence from the indicators (what is in place, what holds the level back),
the level with its range and confidence reasons, quoted evidence (free-text answers, clarifying
answers and facilitators' quotes; never a skip or a non-answer such as "not sure"), what the
evidence reader heard about each indicator in those answers (in place, not, or partly, with the
sentence), confirmed pain, and the baseline of each success metric next to the guide's
benchmark and the target. The actions come from `recommend`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from interviewer.answer_words import is_vague
from interviewer.scoring import Scorecard, evidence_from_answers
from interviewer.scoring.annotations import Facilitated, Quote
from interviewer.scoring.dimension import DimensionScore
from interviewer.scoring.dimension import Evidence as DimensionEvidence
from interviewer.scoring.heard import heard as sentences_heard
from interviewer.scoring.heard import heard_pairs
from interviewer.scoring.pain import PainScore
from interviewer.scoring.priority import priority_dimension
from interviewer.scoring.recommend import (
    ANSWER_WORDS,
    Context,
    NextAction,
    next_actions,
    practice_values,
)
from interviewer.scoring.said import Said, missing_owners, role_answers
from interviewer.scoring.targets import metric_target
from interviewer.script.model import (
    INDICATOR_SHOWN,
    Dimension,
    Indicator,
    Purpose,
    Script,
    Track,
)
from interviewer.transcript import Transcript

_THIRD_PERSON = [
    (re.compile(r"\byourselves\b"), "themselves"),
    (re.compile(r"\byour\b"), "their"),
    (re.compile(r"\bYour\b"), "Their"),
    (re.compile(r"\byou\b"), "they"),
    (re.compile(r"\bYou\b"), "They"),
]
FULLY = ("yes", "heard")  # in place without a gap: answered yes, or heard in their words
QUOTED_PURPOSES: tuple[Purpose, ...] = (
    "open",
    "followup",
    "advanced",
    "clarify",
    "contradiction",
    "facilitator",
)


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
    target: str  # the client's own target where stated ("deploy lead time under a day"), else
    # the guide's benchmark
    target_source: str = ""  # "client" | "guide" | "" (no target)
    target_turn: int | None = None  # the turn the client stated it in


class StatedPriority(NamedTuple):
    """The interviewee's stated top priority and the one dimension it was matched to."""

    said: Said
    dimension: str | None  # None: no one area stands out in what they said
    role: str = "top_priority"  # or "priorities", when the track asks for those instead


class HeardFinding(NamedTuple):
    """A sentence of the interviewee's in which the evidence reader heard an indicator."""

    indicator: str  # the indicator's id
    practice: str  # the indicator as a clause: "every production model has a named owner"
    polarity: str  # present | absent | partly
    quote: str  # the sentence
    words: str  # the words heard as the practice, and the negation or hedge that decided it
    turn: int | None


HEARD_SHOWN = {"present": "in place", "absent": "not in place", "partly": "partly in place"}


class ContradictionFinding(NamedTuple):
    """Two answers that do not fit together, quoted with the turns they were given in, and
    what the clarifying question made of them."""

    indicator: str  # the indicator's id
    quotes: tuple[str, str]  # the indicator answer, the statement that contradicts it
    turns: tuple[int | None, int | None]  # the turns of those two answers
    resolved: bool  # the clarifying question was answered
    clarification: str  # the words it was answered with (a reason, a sentence), quoted
    clarified_turn: int | None
    outcome: str = ""  # confirmed | changed | explained (words only, sessions from before) | ""
    answer: str = ""  # the indicator answer it chose, as shown: "No"


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
    heard: list[HeardFinding] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The level with the computed score beside it, "3 (3.4)"; a facilitator's override has
        no score of its own, so it shows the level alone."""
        return str(self.level) if self.override else self.score.shown

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
    priority: StatedPriority | None = None
    blocker: Said | None = None  # what they said stops a first model reaching production
    missing_owners: tuple[str, ...] = ()  # owner roles the answers ruled out, sorted


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


def _inferred(
    dim: Dimension, values: Mapping[str, Any], level: int, route: Mapping[str, int] | None
) -> list[str]:
    """What the finding says of the practices taken as in place unasked: on the adaptive route
    one line per level, inferred from a level above ("Level 2 inferred from level 3,
    spot-checked") or left unasked as the level holds whatever they are ("Level 4 holds
    without them"); on the climb route of scripts from before, a line per practice (three)."""
    taken = [i for i in dim.indicators if values[i.id] == "inferred"]
    if route is None:
        return [
            f"Not asked, taken as in place as level {level} is met: {_clause(i)}."
            for i in taken[:3]
        ]
    lines = []
    for at in sorted({i.level for i in taken}):
        here = [i for i in taken if i.level == at]
        names = "; ".join(_clause(i) for i in here[:3])
        more = f" and {len(here) - 3} more" if len(here) > 3 else ""
        source = max(route[i.id] for i in here)
        how = (
            f"Level {at} holds without them"
            if source == at
            else f"Level {at} inferred from level {source}, spot-checked"
        )
        lines.append(f"{how}; not asked: {names}{more}.")
    return lines


def finding_sentence(
    dim: Dimension,
    level: int,
    level_name: str,
    values: Mapping[str, Any],
    score: float | None = None,
) -> str:
    """One sentence: the level (with its score, unless a facilitator set it), the strongest
    practice in place, the gaps that hold it back.
    A practice is named once: one answered "mostly" is in place with a gap, so it is either the
    strongest practice ("(mostly in place)") or among the gaps, never both."""
    ceiling = min(5, level + 1)
    checked = [i for i in dim.indicators if i.level <= ceiling]
    full = [i for i in checked if values.get(i.id) in FULLY]
    mostly = [i for i in checked if values.get(i.id) == "mostly"]
    gaps = [i for i in checked if values.get(i.id) not in (*FULLY, "mostly", "na", "inferred")]
    gaps.sort(key=lambda i: (i.level, not i.critical))
    mostly.sort(key=lambda i: (i.level, not i.critical))
    at = f"{level}" if score is None else f"{level} ({score:.1f})"
    head = f"{dim.name} is at level {at}, {level_name}"
    strongest = max(full or mostly, key=lambda i: (i.level, i.critical), default=None)
    if strongest is not None:
        head += f": {_clause(strongest)}"
        if strongest in mostly:
            head += " (mostly in place)"
            mostly.remove(strongest)
    elif level == 1:
        head += ": none of the level-2 practices is fully in place"
    if not gaps and not mostly:
        done = ", and every practice checked up to this level is in place."
        return head + (done if strongest is not None else ".")
    parts = []
    if gaps:
        parts.append("not yet: " + " and ".join(_with_answer(i, values) for i in gaps[:2]))
    if mostly and len(gaps) < 2:
        parts.append("with a gap: " + " and ".join(_with_answer(i, values) for i in mostly[:1]))
    return f"{head}; {'; '.join(parts)}."


def _with_answer(indicator: Indicator, values: Mapping[str, Any]) -> str:
    value = values.get(indicator.id)
    return f"{_clause(indicator)} ({ANSWER_WORDS.get(value, str(value))})"


def _turn_number(transcript: Transcript, step_id: str) -> int | None:
    turn = transcript.in_force(step_id)
    return turn.number if turn is not None else None


def _claim_turn(transcript: Transcript, step_id: str) -> int | None:
    """The turn the claim was made in: the indicator's answer in force, or, when a
    clarification gave that answer, the last one before it that none gave."""
    turn = transcript.in_force(step_id)
    if turn is None or turn.clarified is None:
        return turn.number if turn is not None else None
    earlier = [
        t.number
        for t in transcript
        if t.step.id == step_id and t.number < turn.number and t.clarified is None
    ]
    return earlier[-1] if earlier else None


def _contradictions(score: DimensionScore, transcript: Transcript) -> list[ContradictionFinding]:
    out = []
    for c in score.contradictions:
        clarify = transcript.in_force(c.clarify_step) if c.clarified else None
        words: object = None
        if clarify is not None:  # chosen: its words are the note; before, the words were all
            words = clarify.event.note if c.clarified_as else clarify.event.value
        out.append(
            ContradictionFinding(
                c.indicator,
                c.quotes,
                (
                    _claim_turn(transcript, c.indicator_step),
                    _turn_number(transcript, c.other_step),
                ),
                c.clarified,
                words.strip() if isinstance(words, str) else "",
                clarify.number if clarify is not None else None,
                c.outcome,
                INDICATOR_SHOWN.get(c.clarified_as, c.clarified_as),
            )
        )
    return out


def _heard(dim: Dimension, ev: DimensionEvidence, transcript: Transcript) -> list[HeardFinding]:
    """What was heard about each indicator in the interviewee's own free text, once per
    indicator and sentence."""
    indicators = {i.id: i for i in dim.indicators}
    out: list[HeardFinding] = []
    for found in sentences_heard(dim, ev):
        h = found.heard
        if any((x.indicator, x.quote) == (h.indicator, h.quote) for x in out):
            continue
        words = f"{h.words} ({h.cue})" if h.cue else h.words
        practice = _clause(indicators[h.indicator])
        turn = _turn_number(transcript, found.step)
        out.append(HeardFinding(h.indicator, practice, h.polarity, h.quote, words, turn))
    return out


def _evidence(key: str, transcript: Transcript, notes: Facilitated) -> list[Evidence]:
    out: list[Evidence] = []
    for turn in transcript:
        step = turn.step
        worded = step.kind == "text" or step.purpose == "contradiction"  # words, or a choice
        if step.dimension != key or not worded or transcript.superseded(turn):
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
    dim: Dimension, transcript: Transcript, said: Mapping[str, Said]
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
        rows.append(
            Baseline(metric.text, turn.answer, metric.benchmark, *metric_target(metric, said))
        )
    return rows, by_metric


def findings(
    script: Script,
    track: Track,
    card: Scorecard,
    answers: Mapping[str, Any],
    transcript: Transcript,
    notes: Facilitated | None = None,
    trimmed: list[str] | None = None,
    heard: frozenset[tuple[str, str]] = frozenset(),
) -> Findings:
    """`heard`: (dimension, indicator) pairs heard present in the interviewee's free text, beside
    those the evidence reader hears in `answers`; a practice not answered but heard is in place
    for the finding and the actions."""
    notes = notes or Facilitated()
    said = role_answers(track, transcript)
    evidence = evidence_from_answers(track, answers)
    heard = heard | heard_pairs(script.dimensions, evidence)
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
        contradictions = _contradictions(score, transcript)
        # an unclarified claim is not presented as in place
        disputed = frozenset((key, c.indicator) for c in contradictions if not c.resolved)
        routed = {} if score.inferred is None else {key: frozenset(score.inferred)}
        values = practice_values(
            dim,
            Context(answers, {key: level}, {}, [], {}, None, disputed, heard, inferred=routed),
        )
        rows, found = _baselines(dim, transcript, said)
        baselines.update(found)
        finding = DimensionFinding(
            key,
            dim.name,
            score,
            level,
            f"level {override.level} by {override.by}: {override.reason}" if override else None,
            finding=finding_sentence(
                dim, level, script.levels[level].name, values, None if override else score.score
            ),
            baseline=rows,
            evidence=_evidence(key, transcript, notes),
            pains=[p for p in card.pains if p.dimension == key and p.severity],
            contradictions=contradictions,
            heard=_heard(dim, evidence.get(key) or DimensionEvidence(), transcript),
        )
        finding.verify = [f.message for f in score.flags if not f.code.startswith("contradiction")]
        unknown = [i for i in dim.indicators if values[i.id] == "unknown"]
        finding.verify += [f"Nobody was sure: {_clause(i)}." for i in unknown[:3]]
        finding.verify += _inferred(dim, values, level, score.inferred)
        out.append(finding)

    priority_role = "top_priority" if "top_priority" in said else "priorities"
    priority_said = said.get(priority_role)
    priority = (
        priority_dimension(priority_said.text, script.dimensions.values())
        if priority_said
        else None
    )
    ctx = Context(
        answers,
        levels,
        targets,
        list(card.pains),
        baselines,
        priority,
        frozenset((f.key, c.indicator) for f in out for c in f.contradictions if not c.resolved),
        heard,
        said,
        missing_owners(script.owners, said),
        {f.key: f.score.score for f in out if not f.override},
        {f.key: frozenset(f.score.inferred) for f in out if f.score.inferred is not None},
    )
    actions = next_actions(script, [f.key for f in out], ctx)
    open_questions = [track.index[s].text for s in (trimmed or []) if s in track.index]
    for f in out:
        low, high = f.score.range
        if low != high:
            open_questions.append(
                f"{f.name}: {f.score.unknown} indicator(s) answered “don't know” leave the level "
                f"between {low} and {high} (the answers given put it at {f.score.shown})."
            )
    stated = StatedPriority(priority_said, priority, priority_role) if priority_said else None
    missing = tuple(sorted(ctx.missing_owners))
    return Findings(out, actions, open_questions, stated, said.get("blocker"), missing)


__all__ = [
    "Baseline",
    "ContradictionFinding",
    "DimensionFinding",
    "Evidence",
    "Findings",
    "HeardFinding",
    "NextAction",
    "Quote",
    "StatedPriority",
    "finding_sentence",
    "findings",
]
