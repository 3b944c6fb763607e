"""Reading the shared levels and the dimensions: levels, indicators, pain points, ..."""

from __future__ import annotations

from interviewer.script.actions import _lower_phrases, _source, load_actions, load_metrics
from interviewer.script.checks import heard_checks, load_checks
from interviewer.script.fields import Fields, Raw, level_entry
from interviewer.script.line_data import line, line_of
from interviewer.script.model import (
    PAIN_KINDS,
    Dimension,
    Indicator,
    Level,
    Opportunity,
    PainKind,
    PainPoint,
    one_of,
)
from interviewer.script.steps import read_forms, read_unit
from interviewer.script.vocabulary import load_vocabulary


def load_levels(f: Fields, doc: Raw) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    raw = f.mapping(doc, "levels")
    for n in range(1, 6):
        entry = level_entry(raw, n)
        if entry is None:
            if raw:
                f.problem(line(raw), f"`levels` is missing level {n}")
            levels[n] = Level(n, f"Level {n}", "")
            continue
        if isinstance(entry, dict):
            levels[n] = Level(n, f.text(entry, "name"), f.text(entry, "summary", required=False))
        else:
            levels[n] = Level(n, str(entry), "")
    return levels


def load_dimension(f: Fields, key: str, raw: Raw) -> Dimension:
    dim = Dimension(
        key=key,
        name=f.text(raw, "name"),
        weight=f.number(raw, "weight") or 0.0,
        intro=f.text(raw, "intro", required=False),
        line=line(raw),
    )
    levels = f.mapping(raw, "levels")
    for n in range(1, 6):
        entry = level_entry(levels, n)
        if entry is not None:
            dim.levels[n] = str(entry).strip()
        else:
            f.problem(line(levels, line(raw)), f"dimension {key}: `levels` is missing level {n}")
            dim.levels[n] = ""
    seen: set[str] = set()
    unit = read_unit(f, raw, f"dimension {key}") or ""
    for item in f.sequence(raw, "indicators", required=True):
        if not isinstance(item, dict):
            f.problem(line(raw), f"dimension {key}: an indicator must be a mapping")
            continue
        ind_id = f.ident(item)
        if ind_id in seen:
            f.problem(line(item), f"duplicate indicator id {ind_id!r} in {key}")
        seen.add(ind_id)
        level = item.get("level")
        if isinstance(level, bool) or level not in (2, 3, 4, 5):
            f.problem(line_of(item, "level"), f"indicator {ind_id}: `level` must be 2, 3, 4 or 5")
            level = 2
        dim.indicators.append(
            Indicator(
                ind_id,
                int(level),
                f.text(item, "text"),
                bool(item.get("critical", False)),
                load_vocabulary(f, item, f"indicator {ind_id}"),
                own if (own := read_unit(f, item, f"indicator {ind_id}")) is not None else unit,
                read_forms(f, item, f"indicator {ind_id}"),
            )
        )
    for n in (2, 3, 4, 5):
        if not dim.indicators_at(n):
            f.problem(line_of(raw, "indicators"), f"dimension {key}: no indicators for level {n}")
        if sum(i.critical for i in dim.indicators_at(n)) > 2:
            f.problem(
                line_of(raw, "indicators"), f"dimension {key}: more than 2 critical at level {n}"
            )

    def linked(item: Raw) -> tuple[str, ...]:
        refs = tuple(str(x) for x in f.sequence(item, "indicators"))
        for ref in refs:
            if ref not in seen:
                f.problem(line_of(item, "indicators"), f"unknown indicator {ref!r} in {key}")
        return refs

    def linked_items(field: str, label: str) -> list[tuple[str, str, tuple[str, ...]]]:
        """(id, text, linked indicators) for pain points and opportunities, ids unique."""
        out: list[tuple[str, str, tuple[str, ...]]] = []
        ids: set[str] = set()
        for item in f.sequence(raw, field):
            if isinstance(item, dict):
                item_id = f.ident(item)
                if item_id in ids:
                    f.problem(line(item), f"duplicate {label} id {item_id!r} in {key}")
                ids.add(item_id)
                out.append((item_id, f.text(item, "text"), linked(item)))
        return out

    kinds: dict[str, PainKind] = {}
    for item in f.sequence(raw, "pain_points"):
        if isinstance(item, dict) and item.get("kind") is not None:
            kind = one_of(str(item.get("kind")), PAIN_KINDS)
            if kind is None:
                f.problem(line_of(item, "kind"), "pain point: `kind` must be event or state")
            else:
                kinds[str(item.get("id"))] = kind
    dim.pain_points = [
        PainPoint(*x, kind=kinds.get(x[0], "event"))
        for x in linked_items("pain_points", "pain point")
    ]
    dim.opportunities = [Opportunity(*x) for x in linked_items("opportunities", "opportunity")]
    dim.metrics = load_metrics(f, dim, raw)
    dim.actions = load_actions(f, dim, raw)
    dim.checks = load_checks(f, dim, raw) + heard_checks(dim)
    dim.said_as = _lower_phrases(f, raw, "said_as", f"dimension {key}")
    check_sources(f, key, raw)
    return dim


# The items that say where they come from (`source: guide | added`), with how a problem names
# them. Metrics, actions and checks have their value checked where they are read, outcome
# questions as steps (script.steps); the others here.
SOURCED = (
    ("open", "open question"),
    ("indicators", "indicator"),
    ("pain_points", "pain point"),
    ("opportunities", "opportunity"),
    ("advanced", "advanced question"),
    ("outcomes", "outcome question"),
    ("metrics", "metric"),
    ("actions", "action"),
    ("checks", "cross-check"),
)
CHECKED_ELSEWHERE = ("outcomes", "metrics", "actions", "checks")


def check_sources(f: Fields, key: str, raw: Raw) -> None:
    """Each item's `source` is guide or added; once a dimension marks one of its questions,
    indicators, pain points or opportunities, every item of it must say (the built-in script
    marks all): one without is a problem with its line. A dimension that marks none of those
    reads as before, every item the guide's unless it says otherwise."""
    items = [
        (part, label, item)
        for part, label in SOURCED
        if isinstance(raw.get(part), list)
        for item in raw[part]
        if isinstance(item, dict)
    ]
    # marked: any of its questions, indicators, pain points or opportunities says (metrics,
    # actions and checks took `source` first, so marking only those keeps the old reading)
    marked = any("source" in item for part, _, item in items if part not in CHECKED_ELSEWHERE[1:])
    for part, label, item in items:
        what = f"{key}: {label} {item.get('id')}"
        if "source" in item:
            if part not in CHECKED_ELSEWHERE:
                _source(f, item, what)
        elif marked:
            f.problem(
                line(item),
                f"{what} has no `source` (guide or added), as the dimension's other items have",
            )
