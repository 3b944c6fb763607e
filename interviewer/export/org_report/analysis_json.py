"""A session's analysis as JSON and back, exactly: every field is checked on the way back, so
a cache that was damaged or written by another version is refused (CacheDamaged), never half
trusted. Numbers keep their kind (3 stays 3, 3.0 stays 3.0): the reports print them as they
are."""

from __future__ import annotations

import math
import sys
from typing import Any

from interviewer.export.org_report.analysis import (
    ActionSeen,
    DimensionSeen,
    OverallSeen,
    PainSeen,
    Quote,
    SessionAnalysis,
)
from interviewer.scoring.business_case import BusinessCase
from interviewer.scoring.recommend import Elsewhere
from interviewer.scoring.said import Said


class CacheDamaged(ValueError):
    """A cached analysis that does not read back as one."""


# -- to JSON ----------------------------------------------------------------------------------


def analysis_to_json(a: SessionAnalysis) -> dict[str, Any]:
    return {
        "status": a.status,
        "answered": a.answered,
        "overall": [a.overall.score, a.overall.coverage, a.overall.covered],
        "dimensions": [[d.key, d.name, d.level, d.score, d.unmet] for d in a.dimensions],
        "pains": [[p.dimension, p.pain_id, p.text, p.severity, p.worst] for p in a.pains],
        "actions": [_action_json(x) for x in a.actions],
        "missing_owners": list(a.missing_owners),
        "quotes": [[q.step, q.label, q.question, q.answer] for q in a.quotes],
        "regulations": list(a.regulations),
        "said": {role: [s.text, s.turn] for role, s in a.said.items()},
        "business": None if a.business is None else _business_json(a.business),
        "platform_inputs": a.platform_inputs,
        "asked_by": list(a.asked_by),
    }


def _action_json(x: ActionSeen) -> list[Any]:
    elsewhere = [[e.id, e.title, e.dimension] for e in x.elsewhere]
    return [
        x.id,
        x.dimension,
        x.title,
        x.owner,
        x.effort,
        x.phase,
        x.metric,
        list(x.depends_on),
        x.source,
        x.priority,
        x.clears,
        list(x.addresses),
        elsewhere,
    ]


def _business_json(b: BusinessCase) -> dict[str, Any]:
    return {
        "investment": b.investment,
        "annual_benefit": b.annual_benefit,
        "years": b.years,
        "discount_rate": b.discount_rate,
        "currency": b.currency,
        "yearly_cost": b.yearly_cost,
        "running_given": b.running_given,
        "baseline": b.baseline,
        "one_off": b.one_off,
        "yearly": b.yearly,
        "benefits": b.benefits,
        "ramp": None if b.ramp is None else list(b.ramp),
        "ramp_source": b.ramp_source,
        "not_given": list(b.not_given),
        "rate_default": b.rate_default,
        "years_default": b.years_default,
        "steps": b.steps,
    }


# -- from JSON --------------------------------------------------------------------------------


def analysis_from_json(doc: Any) -> SessionAnalysis:
    """The analysis `analysis_to_json` wrote, or CacheDamaged."""
    d = _object(doc)
    score, coverage, covered = _items(d["overall"], 3)
    business = d["business"]
    return SessionAnalysis(
        status=_text(d["status"]),
        answered=_flag(d["answered"]),
        overall=OverallSeen(_number(score), _number(coverage), _flag(covered)),
        dimensions=tuple(_dimension(x) for x in _list(d["dimensions"])),
        pains=tuple(_pain(x) for x in _list(d["pains"])),
        actions=tuple(_action(x) for x in _list(d["actions"])),
        missing_owners=_texts(d["missing_owners"]),
        quotes=tuple(_quote(x) for x in _list(d["quotes"])),
        regulations=_texts(d["regulations"]),
        said={_text(k): _said(v) for k, v in _object(d["said"]).items()},
        business=None if business is None else _business(business),
        platform_inputs={_text(k): _answer(v) for k, v in _object(d["platform_inputs"]).items()},
        asked_by=_texts(d["asked_by"]),
    )


def _dimension(doc: Any) -> DimensionSeen:
    key, name, level, score, unmet = _items(doc, 5)
    first = None if unmet is None else _text(unmet)
    return DimensionSeen(_text(key), _text(name), _whole(level), _number(score), first)


def _pain(doc: Any) -> PainSeen:
    dimension, pain_id, text, severity, worst = _items(doc, 5)
    return PainSeen(_text(dimension), _text(pain_id), _text(text), _whole(severity), _flag(worst))


# an action's fields in order, by kind: the first seven are text
_ACTION = (str, str, str, str, str, str, str, list, str, int | float, bool, list, list)


def _action(doc: Any) -> ActionSeen:
    row = _items(doc, len(_ACTION))
    if not all(map(isinstance, row, _ACTION)):  # the hot loop of a report read from caches
        raise CacheDamaged("an action's field is not of its kind")
    id_, dimension, title, owner, effort, phase, metric = map(sys.intern, row[:7])
    depends_on, source, priority, clears, addresses, elsewhere = row[7:]
    return ActionSeen(
        id=id_,
        dimension=dimension,
        title=title,
        owner=owner,
        effort=effort,
        phase=phase,
        metric=metric,
        depends_on=_texts(depends_on),
        source=sys.intern(source),
        priority=_number(priority),
        clears=clears,
        addresses=_texts(addresses),
        elsewhere=tuple(Elsewhere(*_texts(e, 3)) for e in elsewhere),
    )


def _quote(doc: Any) -> Quote:
    step, label, question, answer = _items(doc, 4)
    said = None if answer is None else _text(answer)
    return Quote(_text(step), _text(label), _text(question), said)


def _said(doc: Any) -> Said:
    text, turn = _items(doc, 2)
    return Said(_text(text), _whole(turn))


def _business(doc: Any) -> BusinessCase:
    d = _object(doc)
    ramp = d["ramp"]
    baseline = d["baseline"]
    return BusinessCase(
        investment=_number(d["investment"]),
        annual_benefit=_number(d["annual_benefit"]),
        years=_whole(d["years"]),
        discount_rate=_number(d["discount_rate"]),
        currency=_text(d["currency"]),
        yearly_cost=_number(d["yearly_cost"]),
        running_given=_flag(d["running_given"]),
        baseline=None if baseline is None else _number(baseline),
        one_off=_amounts(d["one_off"]),
        yearly=_amounts(d["yearly"]),
        benefits=_amounts(d["benefits"]),
        ramp=None if ramp is None else _ramp(ramp),
        ramp_source=_text(d["ramp_source"]),
        not_given=_texts(d["not_given"]),
        rate_default=_flag(d["rate_default"]),
        years_default=_flag(d["years_default"]),
        steps={_text(k): _text(v) for k, v in _object(d["steps"]).items()},
    )


def _ramp(doc: Any) -> tuple[float, float, float, float]:
    f, a, o, i = _items(doc, 4)
    return _number(f), _number(a), _number(o), _number(i)


def _amounts(doc: Any) -> dict[str, float]:
    return {_text(k): _number(v) for k, v in _object(doc).items()}


def _answer(value: Any) -> Any:
    """An answer as the event log holds one: text, a number, a list of text, or nothing."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        return [_text(v) for v in value]
    return _number(value)


# the checks: each returns the value as it is, or raises CacheDamaged


class _Fields(dict[str, Any]):
    """A JSON object whose missing field is CacheDamaged, not a KeyError."""

    def __missing__(self, key: str) -> Any:
        raise CacheDamaged(f"no {key!r}")


def _object(value: Any) -> _Fields:
    if not isinstance(value, dict):
        raise CacheDamaged(f"not an object: {type(value).__name__}")
    return _Fields(value)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise CacheDamaged(f"not a list: {type(value).__name__}")
    return value


def _items(value: Any, n: int) -> list[Any]:
    found = _list(value)
    if len(found) != n:
        raise CacheDamaged(f"{len(found)} values where {n} belong")
    return found


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise CacheDamaged(f"not text: {type(value).__name__}")
    return sys.intern(value)  # ids, names and titles repeat in every session


def _texts(value: Any, n: int | None = None) -> tuple[str, ...]:
    found = _list(value) if n is None else _items(value, n)
    for v in found:
        if not isinstance(v, str):
            raise CacheDamaged(f"not text: {type(v).__name__}")
    return tuple(map(sys.intern, found))


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CacheDamaged(f"not a whole number: {type(value).__name__}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CacheDamaged(f"not a number: {value!r:.40}")
    if isinstance(value, float) and not math.isfinite(value):
        raise CacheDamaged(f"not a finite number: {value!r}")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise CacheDamaged(f"not true or false: {type(value).__name__}")
    return value
