"""Reading a plain step (one the author wrote out) into Steps, for-each copies included."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from interviewer.script.actions import _source
from interviewer.script.expressions import both, function_call
from interviewer.script.fields import Fields, Raw, level_entry
from interviewer.script.line_data import item_lines, line, line_of
from interviewer.script.model import (
    BUSINESS_ROLES,
    KINDS,
    PRIORITIES,
    PURPOSES,
    STEP_ROLES,
    Form,
    NextRule,
    Option,
    Step,
    one_of,
)
from interviewer.script.texts import ANSWER_REF, DEFAULT_TEMPLATES, QUOTABLE_KINDS, fill

UNIT_RE = re.compile(r"[A-Za-z][A-Za-z -]{0,38}[A-Za-z]")  # a plural noun: "models", "APIs"


def indicator_options(unit: str = "") -> tuple[Option, ...]:
    """An indicator's scale in the words of its statement: "Mostly — most releases, a few gaps"
    when the script names what it counts, else words that fit any statement."""
    return (
        Option("yes", "Yes — in place and routine"),
        Option(
            "mostly",
            f"Mostly — most {unit}, a few gaps" if unit else "Mostly — largely, a few gaps",
        ),
        Option(
            "partly",
            f"Partly — some {unit}, or done by hand"
            if unit
            else "Partly — in places, or done by hand",
        ),
        Option("no", "No"),
        Option("unknown", "Don't know"),
        Option("na", "Not applicable here"),
    )


def clarify_options(unit: str = "") -> tuple[Option, ...]:
    """A contradiction's clarifying question: which indicator answer is true today (no n/a)."""
    return tuple(o for o in indicator_options(unit) if o.value != "na")


INDICATOR_OPTIONS = indicator_options()
CLARIFY_OPTIONS = clarify_options()


def read_unit(f: Fields, raw: Raw, owner: str) -> str | None:
    """`unit:` as written (None when absent, "" for the neutral words), checked."""
    if "unit" not in raw:
        return None
    if raw.get("unit") is None:
        return ""
    unit = " ".join(f.text(raw, "unit", required=False).split())
    if unit and not UNIT_RE.fullmatch(unit):
        f.problem(
            line_of(raw, "unit"),
            f"{owner}: `unit` {unit[:60]!r} must be what the statement counts, a plural noun "
            "such as models, teams or releases (letters, spaces and '-', at most 40)",
        )
        return ""
    return unit


def options(f: Fields, raw: Raw) -> tuple[Option, ...]:
    opts: list[Option] = []
    seen: set[str] = set()
    items = f.sequence(raw, "options")
    for item, at in zip(items, item_lines(items), strict=True):
        matches: tuple[str, ...] = ()
        if isinstance(item, dict):
            value = f.text(item, "value")
            label = f.text(item, "label", required=False, default=value)
            matches = _phrases(f, item, "matches")
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            value = label = str(item)
        else:
            f.problem(at or line(raw), "an option must be text or {value, label}")
            continue
        if value in seen:
            f.problem(at or line(raw), f"duplicate option {value!r}")
        seen.add(value)
        opts.append(Option(value, label, matches))
    return tuple(opts)


MAX_SCALE_LABELS = 11  # a rating of 0-10 at most: more is a number, not a rating


def scale_labels(f: Fields, raw: Raw, step_id: str, low: float, high: float) -> tuple[Option, ...]:
    """`labels:` of a rating, what each of its numbers means ({1: Poor, ..., 5: Excellent}),
    as its options, so every front end lists them beside the numbers. Every number from
    `min` to `max` needs one."""
    if "labels" not in raw:
        return ()
    given = f.mapping(raw, "labels")
    at = line_of(raw, "labels")
    numbers = range(int(low), int(high) + 1)
    if low != int(low) or high != int(high) or len(numbers) > MAX_SCALE_LABELS:
        f.problem(at, f"step {step_id}: `labels` need whole `min` and `max` at most 10 apart")
        return ()
    wanted = {str(n) for n in numbers}
    extra = sorted(str(k)[:20] for k in given if str(k) not in wanted)
    if extra:
        f.problem(at, f"step {step_id}: `labels` has {', '.join(extra)}, outside {low:g}-{high:g}")
    opts = []
    for n in numbers:
        label = level_entry(given, n)
        if (
            isinstance(label, bool)
            or not isinstance(label, (str, int, float))
            or not str(label).strip()
        ):
            f.problem(at, f"step {step_id}: `labels` says nothing for {n}")
            continue
        opts.append(Option(str(n), " ".join(str(label).split())))
    return tuple(opts) if len(opts) == len(numbers) else ()


def _phrases(f: Fields, raw: Raw, key: str) -> tuple[str, ...]:
    """A list of phrases, kept lower case with single spaces (matched whole-word, any case)."""
    items = raw.get(key)
    if items is None:
        return ()
    if not isinstance(items, list) or not items:
        f.problem(line_of(raw, key), f"`{key}` must be a list of phrases")
        return ()
    out = []
    for item in items:
        said = " ".join(str(item).lower().replace("\u2019", "'").split())
        if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not said:
            f.problem(line_of(raw, key), f"`{key}`: {item!r:.40} is not a phrase")
            continue
        out.append(said)
    return tuple(out)


def settled_refs(f: Fields, raw: Raw, step_id: str) -> tuple[str, ...]:
    """`settled_by:` as a tuple of step ids (one id, or a list of them)."""
    value = raw.get("settled_by")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        f.problem(
            line_of(raw, "settled_by"),
            f"step {step_id}: `settled_by` must be a step id or a list of step ids",
        )
        return ()
    return tuple(v.strip() for v in items)


FORM_KEYS = ("when", "text", "source")


def read_forms(f: Fields, raw: Raw, owner: str) -> tuple[Form, ...]:
    """`forms:`, the question's other wordings: each `{when, text}`, tried in order."""
    items = f.sequence(raw, "forms")
    out = []
    for item, at in zip(items, item_lines(items), strict=True):
        if not isinstance(item, dict):
            f.problem(at or line_of(raw, "forms"), f"{owner}: a form is {{when, text}}")
            continue
        for key in item:
            if key not in FORM_KEYS:
                f.problem(line_of(item, key), f"{owner}: unknown key {str(key)[:40]!r} in a form")
        if "source" in item:  # guide | added: where the wording comes from
            _source(f, item, f"{owner}: a form")
        when, text = f.expr(item, "when"), f.text(item, "text")
        if when is None and "when" not in item:
            f.problem(line(item), f"{owner}: a form needs `when`")
        if when is not None and text:
            out.append(Form(when, text, line(item)))
    return tuple(out)


def _check_answer_refs(
    f: Fields, raw: Raw, step: Step, earlier: Callable[[str], Step | None]
) -> None:
    """Each `{answer:<id>}` in the text (and its forms) names a text, choice, number or scale
    step asked before this one in the track."""
    texts = [step.text, *(form.text for form in step.forms)]
    for ref in ANSWER_REF.findall("\n".join(texts)):
        said = earlier(ref)
        if said is None:
            f.problem(
                line_of(raw, "text"),
                f"step {step.id}: {{answer:{ref[:60]}}} names no step that comes before it",
            )
        elif said.kind not in QUOTABLE_KINDS:
            f.problem(
                line_of(raw, "text"),
                f"step {step.id}: {{answer:{ref}}} quotes a {said.kind} step; only a "
                f"{', '.join(QUOTABLE_KINDS[:-1])} or {QUOTABLE_KINDS[-1]} answer can be quoted",
            )


def _rules(f: Fields, raw: Raw, step_id: str) -> list[NextRule]:
    rules: list[NextRule] = []
    next_raw = raw.get("next")
    if next_raw is None:
        return rules
    if not isinstance(next_raw, list):
        f.problem(line_of(raw, "next"), f"step {step_id}: `next` must be a list of rules")
        return rules
    for rule, at in zip(next_raw, item_lines(next_raw), strict=True):
        if not isinstance(rule, dict) or not (("if" in rule and "goto" in rule) or "else" in rule):
            f.problem(at or line(raw), f"step {step_id}: a rule is {{if, goto}} or {{else}}")
            continue
        if "else" in rule:
            rules.append(NextRule(str(rule["else"]), None, at))
        else:
            rules.append(NextRule(str(rule["goto"]), f.expr(rule, "if"), at))
    return rules


def plain_step(
    f: Fields,
    raw: Raw,
    dimensions: Collection[str],
    templates: dict[str, str],
    earlier: Callable[[str], Step | None],
) -> list[Step]:
    """The step `raw` describes; with `for_each`, one copy per option of the earlier step
    `earlier(id)` returns."""
    step_id = f.ident(raw)
    written = f.text(raw, "kind", required=False, default="text")
    kind = one_of(written, KINDS)
    if kind is None:
        f.problem(line_of(raw, "kind"), f"step {step_id}: unknown kind {written!r}")
        kind = "text"
    written = f.text(raw, "purpose", required=False, default="context")
    purpose = one_of(written, PURPOSES)
    if purpose is None:
        f.problem(line_of(raw, "purpose"), f"step {step_id}: unknown purpose {written!r}")
        purpose = "context"
    written = f.text(raw, "priority", required=False, default="normal")
    priority = one_of(written, PRIORITIES)
    if priority is None:
        f.problem(line_of(raw, "priority"), f"step {step_id}: unknown priority {written!r}")
        priority = "normal"
    dimension = raw.get("dimension")
    if dimension is not None and (not isinstance(dimension, str) or dimension not in dimensions):
        f.problem(line_of(raw, "dimension"), f"step {step_id}: unknown dimension {dimension!r}")
        dimension = None
    opts = options(f, raw)
    if kind in ("choice", "multi") and not opts:
        f.problem(line(raw), f"step {step_id}: a {kind} step needs `options`")
    if kind == "indicator":
        opts = indicator_options(read_unit(f, raw, f"step {step_id}") or "")
    low, high = f.number(raw, "min", False), f.number(raw, "max", False)
    if kind == "scale":
        low, high = low if low is not None else 1, high if high is not None else 5
        opts = scale_labels(f, raw, step_id, low, high) or opts
    elif "labels" in raw:
        f.problem(line_of(raw, "labels"), f"step {step_id}: `labels` are for a scale step")
    if low is not None and high is not None and low > high:
        f.problem(line_of(raw, "min"), f"step {step_id}: `min` is greater than `max`")
    followup_raw = raw.get("followup")
    followup = None
    if kind == "text" and followup_raw is not False:
        if isinstance(followup_raw, str):
            followup = followup_raw.strip()
        elif purpose in ("open", "advanced"):
            followup = templates.get("followup") or DEFAULT_TEMPLATES["followup"]
    step = Step(
        id=step_id,
        kind=kind,
        purpose=purpose,
        text=f.text(raw, "text"),
        say=f.text(raw, "say", required=False),
        help=f.text(raw, "help", required=False),
        options=opts,
        min=low,
        max=high,
        dimension=dimension,
        priority=priority,
        required=bool(raw.get("required", True)),
        when=f.expr(raw, "when"),
        constraint=f.expr(raw, "constraint"),
        constraint_message=f.text(raw, "constraint_message", required=False),
        next=_rules(f, raw, step_id),
        followup=followup,
        summary=f.text(raw, "summary", required=False),
        settled_by=settled_refs(f, raw, step_id),
        role=f.text(raw, "role", required=False),
        seconds=f.number(raw, "seconds", False),
        forms=read_forms(f, raw, f"step {step_id}"),
        line=line(raw),
    )
    _check_answer_refs(f, raw, step, earlier)
    if step.seconds is not None and step.seconds <= 0:
        f.problem(line_of(raw, "seconds"), f"step {step_id}: `seconds` must be more than 0")
        step.seconds = None
    if any(o.matches for o in opts) and kind not in ("choice", "multi"):
        f.problem(line_of(raw, "options"), f"step {step_id}: `matches` is for choice options")
    if "source" in raw:  # guide | added: where the question comes from (docs/script-format.md)
        _source(f, raw, f"step {step_id}")
    if step.summary and kind not in ("text", "choice"):
        f.problem(
            line_of(raw, "summary"),
            f"step {step_id}: only a text answer or a choice can be quoted",
        )
    if step.role and step.role not in STEP_ROLES:
        f.problem(
            line_of(raw, "role"),
            f"step {step_id}: unknown role {step.role!r} (one of {', '.join(STEP_ROLES)})",
        )
    elif step.role and kind != (needed := BUSINESS_ROLES.get(step.role, "text")):
        which = "a role" if needed == "text" else f"role {step.role!r}"
        f.problem(line_of(raw, "role"), f"step {step_id}: {which} is read from a {needed} answer")
    if step.constraint is not None and not raw.get("constraint_message"):
        f.problem(line_of(raw, "constraint"), f"step {step_id}: `constraint` needs a message")
    for_each = raw.get("for_each")
    if for_each is None:
        return [step]
    source = earlier(for_each) if isinstance(for_each, str) else None
    if source is None or source.kind not in ("multi", "choice"):
        f.problem(
            line_of(raw, "for_each"),
            f"step {step_id}: for_each must name an earlier multi or choice step",
        )
        return [step]
    out = []
    for opt in source.options:
        if opt.value == "none":
            continue
        copy = Step(**{**step.__dict__})
        copy.id = f"{step_id}.{opt.value}"
        copy.text = fill(step.text, label=opt.label)
        copy.when = both(function_call("selected", source.id, opt.value), step.when)
        out.append(copy)
    return out
