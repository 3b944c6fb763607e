"""Reading a dimension's cross-checks: answers that contradict one of its indicators.

Two kinds, both declared in the script and never derived from wording:

- `when:` an expression over this dimension's answers (usually an outcome question) that is true
  when that answer contradicts the indicator answer, e.g. *yes* on "every production model is
  monitored" next to "10%" on "what share of your models is monitored?";
- `phrases:` phrases that, in this dimension's free-text answers, contradict the indicator
  answer, e.g. "personal notebooks" next to *yes* on shared experiment tracking.

A check fires when the indicator's answer is one of its `claims` and the other answer or a phrase
is there (scoring.contradictions decides, for the engine and the scores alike). Here the check is
read and checked on its own; the linter checks its expression against each track it is asked in.

Each indicator with an evidence vocabulary (`evidence:`) also has a check of its own,
`heard-<indicator>`: the evidence reader heard the practice absent in the free text against a
yes or mostly, or present against a no. Those ids are reserved.
"""

from __future__ import annotations

from typing import Any

from interviewer.script.actions import _source
from interviewer.script.fields import Fields, Raw
from interviewer.script.line_data import line, line_of
from interviewer.script.model import CLAIMS, Check, Dimension, followup_id

DEFAULT_CLAIMS = ("yes", "mostly")
HEARD = "heard-"  # the checks made from indicators' evidence vocabularies
HEARD_CLAIMS = ("yes", "mostly", "no")
PART_PREFIXES = {"open": "open", "advanced": "adv", "outcomes": "outcome"}


def _ids(f: Fields, raw: Raw, key: str) -> list[str]:
    return [str(i["id"]) for i in f.sequence(raw, key) if isinstance(i, dict) and "id" in i]


def step_ids(f: Fields, dim: Dimension, raw: Raw) -> set[str]:
    """Every step id this dimension can expand into (see script.expand)."""
    k = dim.key
    ids = {f"{k}.{name}" for name in ("self_rating", "target", "clarify", "pains", "opportunities")}
    for part, prefix in PART_PREFIXES.items():
        for item_id in _ids(f, raw, part):
            ids.add(f"{k}.{prefix}.{item_id}")
            if prefix != "outcome":
                ids.add(followup_id(f"{k}.{prefix}.{item_id}"))
    ids.update(f"{k}.ind.{i.id}" for i in dim.indicators)
    for pain in dim.pain_points:
        ids.update(f"{k}.pain.{pain.id}.{d}" for d in ("frequency", "impact"))
    return ids


def _claims(f: Fields, item: Raw, what: str) -> tuple[str, ...]:
    if item.get("claims") is None:
        return DEFAULT_CLAIMS
    claims: list[str] = []
    for value in f.sequence(item, "claims"):
        # YAML 1.1 reads a bare yes / no as a boolean: take it as the answer it spells
        word: Any = (
            {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
        )
        if word not in CLAIMS:
            f.problem(
                line_of(item, "claims"),
                f"{what}: claim {str(word)[:40]!r} is not an indicator answer "
                f"({', '.join(CLAIMS)})",
            )
        elif word not in claims:
            claims.append(word)
    if not claims:
        f.problem(line_of(item, "claims"), f"{what}: `claims` names no indicator answer")
        return DEFAULT_CLAIMS
    return tuple(claims)


def load_checks(f: Fields, dim: Dimension, raw: Raw) -> list[Check]:
    indicators = {i.id for i in dim.indicators}
    own_steps = step_ids(f, dim, raw)
    checks: list[Check] = []
    for item in f.sequence(raw, "checks"):
        if not isinstance(item, dict):
            f.problem(line(raw), f"dimension {dim.key}: a check must be a mapping")
            continue
        check_id = f.ident(item)
        what = f"check {check_id}"
        if any(c.id == check_id for c in checks):
            f.problem(line(item), f"duplicate check id {check_id!r} in {dim.key}")
        if check_id.startswith(HEARD):
            f.problem(
                line_of(item, "id"),
                f"{what}: ids starting {HEARD!r} are the evidence reader's (one per indicator "
                "with `evidence:`)",
            )
        indicator = f.text(item, "indicator")
        if indicator and indicator not in indicators:
            f.problem(
                line_of(item, "indicator"), f"{what}: unknown indicator {indicator!r} in {dim.key}"
            )
        claims = _claims(f, item, what)
        has_when, has_phrases = item.get("when") is not None, item.get("phrases") is not None
        if has_when == has_phrases:
            f.problem(
                line(item),
                f"{what}: give exactly one of `when` (an answer that contradicts) "
                "or `phrases` (free text that contradicts)",
            )
        when = f.expr(item, "when") if has_when else None
        if when is not None:
            at = line_of(item, "when")
            if when.uses_value:
                f.problem(at, f"{what}: `value` means nothing in a check's `when`")
            for kind, name in when.references:
                if kind != "step":
                    f.problem(
                        at,
                        f"{what}: `when` may only look at answers (answer, answered, "
                        f"selected), not at {name.split(':')[0]!r} as a whole",
                    )
                elif not name.startswith(f"{dim.key}."):
                    f.problem(
                        at,
                        f"{what}: `when` refers to {name!r}; a check looks only at the "
                        f"answers of its own dimension ({dim.key}.…)",
                    )
                elif name not in own_steps:
                    f.problem(at, f"{what}: `when` refers to unknown step {name!r}")
        phrases: list[str] = []
        if has_phrases:
            for phrase in f.sequence(item, "phrases"):
                if isinstance(phrase, bool) or not isinstance(phrase, (str, int, float)):
                    f.problem(line_of(item, "phrases"), f"{what}: a phrase must be text")
                elif not str(phrase).strip():
                    f.problem(line_of(item, "phrases"), f"{what}: a phrase is empty")
                else:
                    phrases.append(" ".join(str(phrase).lower().split()))
            if not phrases and isinstance(item.get("phrases"), list):
                f.problem(line_of(item, "phrases"), f"{what}: `phrases` is empty")
        checks.append(
            Check(
                id=check_id,
                indicator=indicator,
                claims=claims,
                when=when,
                phrases=tuple(phrases),
                source=_source(f, item, what),
                line=line(item),
            )
        )
    return checks


def heard_checks(dim: Dimension) -> list[Check]:
    """One check per indicator with an evidence vocabulary, after the declared ones."""
    return [
        Check(
            id=f"{HEARD}{ind.id}",
            indicator=ind.id,
            claims=HEARD_CLAIMS,
            source=ind.evidence.source,
            line=ind.evidence.line,
            heard=True,
        )
        for ind in dim.indicators
        if ind.evidence is not None
    ]
