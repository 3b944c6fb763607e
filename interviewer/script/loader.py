"""Read a YAML interview script into the model, expanding dimensions and for-each steps.

Every problem found on the way is collected with its line rather than raised, so `validate`
can report them all at once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from interviewer.script.expressions import Expr, ExpressionError, compile_expression
from interviewer.script.line_data import LineDict, LineList
from interviewer.script.model import (
    DIMENSION_KEYS,
    END,
    KINDS,
    PRIORITIES,
    PURPOSES,
    Dimension,
    Indicator,
    Level,
    NextRule,
    Opportunity,
    Option,
    PainPoint,
    Script,
    Segment,
    Step,
    Track,
)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED_IDS = {END, "state", "trigger", "initial", "start"}
DIMENSION_PARTS = (
    "open",
    "self_rating",
    "indicators",
    "pain",
    "advanced",
    "clarify",
    "target",
    "outcomes",
)

INDICATOR_OPTIONS = (
    Option("yes", "Yes — in place and routine"),
    Option("partly", "Partly — some models, or done by hand"),
    Option("no", "No"),
    Option("unknown", "Don't know"),
    Option("na", "Not applicable here"),
)
FREQUENCY_OPTIONS = (
    Option("weekly", "Weekly or more often"),
    Option("monthly", "About monthly"),
    Option("quarterly", "Quarterly or less"),
)
IMPACT_OPTIONS = (
    Option("hours", "Hours — an annoyance"),
    Option("team_days", "Team-days of work, or customers can see it"),
    Option("revenue", "Revenue, regulatory or safety consequences"),
)
NONE_OPTION = Option("none", "None of these")

DEFAULT_TEMPLATES = {
    "self_rating": "Where would you put {dimension} today? If you're between two levels, "
    "pick the lower one.",
    "pains": "Do any of these sound familiar when it comes to {dimension}?",
    "pain_frequency": "How often does this happen: “{pain}”?",
    "pain_impact": "And when it does, what does it cost you?",
    "opportunities": "Which of these would make the biggest difference for {dimension}?",
    "clarify": "You rated {dimension} at {self_rating}, and what you described sounds more like "
    "level {level} ({level_name}). What did you have in mind?",
    "target": "Where do you need {dimension} to be in 12 months?",
    "followup": "Could you say a bit more — perhaps with a recent example?",
}


class Problem(NamedTuple):
    """A finding about a script, reported as file:line: message."""

    line: int
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.message}"


class ScriptError(Exception):
    """The script cannot be used; `problems` holds every reason with its line."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(p.format(path) for p in problems))


def _level(mapping: dict, n: int) -> Any:
    """Level keys are integers in YAML and strings once cached as JSON."""
    return mapping.get(n, mapping.get(str(n)))


def _line(obj: Any, default: int = 0) -> int:
    return getattr(obj, "line", default) or default


class _Builder:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    # -- small typed getters --------------------------------------------------------------

    def mapping(self, parent: LineDict, key: str, required: bool = True) -> LineDict:
        value = parent.get(key)
        if isinstance(value, dict):
            return value
        if value is not None:
            self.problem(parent.line_of(key), f"`{key}` must be a mapping")
        elif required:
            self.problem(_line(parent, 1), f"missing `{key}`")
        empty = LineDict()
        empty.line = parent.line_of(key) or 1
        return empty

    def sequence(self, parent: LineDict, key: str, required: bool = False) -> LineList:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(_line(parent), f"missing `{key}`")
            return LineList()
        if not isinstance(value, list):
            self.problem(parent.line_of(key), f"`{key}` must be a list")
            return LineList()
        return value if isinstance(value, LineList) else LineList.of(value)

    def text(self, parent: LineDict, key: str, required: bool = True, default: str = "") -> str:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(_line(parent), f"missing `{key}`")
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(parent.line_of(key), f"`{key}` must be text")
            return default
        return str(value).strip()

    def number(self, parent: LineDict, key: str, required: bool = True) -> float | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(_line(parent), f"missing `{key}`")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(parent.line_of(key), f"`{key}` must be a number")
            return None
        return float(value)

    def ident(self, parent: LineDict, key: str = "id") -> str:
        value = self.text(parent, key)
        if value and not ID_RE.match(value):
            self.problem(
                parent.line_of(key),
                f"id {value!r} is not a name a state can take: use lower-case letters, "
                "digits and '-' (it must start with a letter or digit)",
            )
        if value in RESERVED_IDS:
            self.problem(parent.line_of(key), f"id {value!r} is reserved")
        return value

    def expr(self, parent: LineDict, key: str, line: int | None = None) -> Expr | None:
        source = parent.get(key) if isinstance(parent, dict) else None
        if source is None:
            return None
        where = line or parent.line_of(key)
        if isinstance(source, bool):
            source = str(source)
        try:
            return compile_expression(str(source))
        except ExpressionError as exc:
            self.problem(where, str(exc))
            return None


def _options(b: _Builder, raw: LineDict) -> tuple[Option, ...]:
    opts: list[Option] = []
    seen: set[str] = set()
    items = b.sequence(raw, "options")
    for item, line in zip(items, items.item_lines, strict=False):
        if isinstance(item, dict):
            value = b.text(item, "value")
            label = b.text(item, "label", required=False, default=value)
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            value = label = str(item)
        else:
            b.problem(line, "an option must be text or {value, label}")
            continue
        if value in seen:
            b.problem(line, f"duplicate option {value!r}")
        seen.add(value)
        opts.append(Option(value, label))
    return tuple(opts)


def _load_levels(b: _Builder, doc: LineDict) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    raw = b.mapping(doc, "levels")
    for n in range(1, 6):
        entry = _level(raw, n)
        if entry is None:
            if raw:
                b.problem(_line(raw), f"`levels` is missing level {n}")
            levels[n] = Level(n, f"Level {n}", "")
            continue
        if isinstance(entry, dict):
            levels[n] = Level(n, b.text(entry, "name"), b.text(entry, "summary", required=False))
        else:
            levels[n] = Level(n, str(entry), "")
    return levels


def _load_dimension(b: _Builder, key: str, raw: LineDict) -> tuple[Dimension, LineDict]:
    dim = Dimension(
        key=key,
        name=b.text(raw, "name"),
        weight=b.number(raw, "weight") or 0.0,
        intro=b.text(raw, "intro", required=False),
        line=raw.line,
    )
    levels = b.mapping(raw, "levels")
    for n in range(1, 6):
        if _level(levels, n) is not None:
            dim.levels[n] = str(_level(levels, n)).strip()
        else:
            b.problem(_line(levels, raw.line), f"dimension {key}: `levels` is missing level {n}")
            dim.levels[n] = ""
    seen: set[str] = set()
    for item in b.sequence(raw, "indicators", required=True):
        if not isinstance(item, dict):
            b.problem(_line(raw), f"dimension {key}: an indicator must be a mapping")
            continue
        ind_id = b.ident(item)
        if ind_id in seen:
            b.problem(item.line, f"duplicate indicator id {ind_id!r} in {key}")
        seen.add(ind_id)
        level = item.get("level")
        if level not in (2, 3, 4, 5):
            b.problem(item.line_of("level"), f"indicator {ind_id}: `level` must be 2, 3, 4 or 5")
            level = 2
        dim.indicators.append(
            Indicator(ind_id, level, b.text(item, "text"), bool(item.get("critical", False)))
        )
    for n in (2, 3, 4, 5):
        count = len(dim.indicators_at(n))
        if count == 0:
            b.problem(raw.line_of("indicators"), f"dimension {key}: no indicators for level {n}")
        if sum(i.critical for i in dim.indicators_at(n)) > 2:
            b.problem(
                raw.line_of("indicators"), f"dimension {key}: more than 2 critical at level {n}"
            )

    def linked(item: LineDict) -> tuple[str, ...]:
        refs = tuple(str(x) for x in b.sequence(item, "indicators"))
        for ref in refs:
            if ref not in seen:
                b.problem(item.line_of("indicators"), f"unknown indicator {ref!r} in {key}")
        return refs

    def linked_items(field: str, label: str) -> list[tuple[str, str, tuple[str, ...]]]:
        """(id, text, linked indicators) for pain points and opportunities, ids unique."""
        out, ids = [], set()
        for item in b.sequence(raw, field):
            if isinstance(item, dict):
                item_id = b.ident(item)
                if item_id in ids:
                    b.problem(item.line, f"duplicate {label} id {item_id!r} in {key}")
                ids.add(item_id)
                out.append((item_id, b.text(item, "text"), linked(item)))
        return out

    dim.pain_points = [PainPoint(*x) for x in linked_items("pain_points", "pain point")]
    dim.opportunities = [Opportunity(*x) for x in linked_items("opportunities", "opportunity")]
    dim.metrics = [str(m) for m in b.sequence(raw, "metrics")]
    return dim, raw


def _template(b: _Builder, name: str, templates: dict, dim_raw: LineDict | None) -> str:
    texts = dim_raw.get("texts") if dim_raw is not None else None
    if isinstance(texts, dict) and name in texts:
        return str(texts[name]).strip()
    return str(templates.get(name, DEFAULT_TEMPLATES[name])).strip()


def mid_sentence(name: str) -> str:
    """'Feature engineering' reads 'feature engineering' mid-sentence; 'MLOps' stays as it is."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _fill(text: str, **values: Any) -> str:
    out = text
    for k, v in values.items():
        out = out.replace("{" + k + "}", str(v))
    return out


class _TrackBuilder:
    def __init__(
        self,
        b: _Builder,
        key: str,
        dims: dict[str, tuple[Dimension, LineDict]],
        templates: dict[str, str],
        level_names: dict[int, str],
    ) -> None:
        self.b, self.key, self.dims, self.templates = b, key, dims, templates
        self.level_names = level_names
        self.steps: list[Step] = []
        self.ids: dict[str, int] = {}

    def add(self, step: Step, segment: Segment) -> None:
        if step.id in self.ids:
            self.b.problem(
                step.line,
                f"track {self.key}: duplicate step id {step.id!r} "
                f"(first defined on line {self.ids[step.id]})",
            )
            return
        step.segment = segment.id
        self.ids[step.id] = step.line
        self.steps.append(step)
        segment.step_ids.append(step.id)
        if step.kind == "text" and step.followup and step.purpose != "followup":
            follow = Step(
                id=f"{step.id}.followup",
                kind="text",
                purpose="followup",
                text=step.followup,
                dimension=step.dimension,
                priority="optional" if step.priority == "optional" else "normal",
                required=False,
                help="Your first answer was short, so I asked for a little more detail.",
                line=step.line,
                segment=segment.id,
            )
            self.ids[follow.id] = step.line
            self.steps.append(follow)
            segment.step_ids.append(follow.id)

    def plain_step(self, raw: LineDict, segment: Segment) -> list[Step]:
        b = self.b
        step_id = b.ident(raw)
        kind = b.text(raw, "kind", required=False, default="text")
        if kind not in KINDS:
            b.problem(raw.line_of("kind"), f"step {step_id}: unknown kind {kind!r}")
            kind = "text"
        purpose = b.text(raw, "purpose", required=False, default="context")
        if purpose not in PURPOSES:
            b.problem(raw.line_of("purpose"), f"step {step_id}: unknown purpose {purpose!r}")
        priority = b.text(raw, "priority", required=False, default="normal")
        if priority not in PRIORITIES:
            b.problem(raw.line_of("priority"), f"step {step_id}: unknown priority {priority!r}")
            priority = "normal"
        dimension = raw.get("dimension")
        if dimension is not None and dimension not in self.dims:
            b.problem(raw.line_of("dimension"), f"step {step_id}: unknown dimension {dimension!r}")
            dimension = None
        options = _options(b, raw)
        if kind in ("choice", "multi") and not options:
            b.problem(raw.line, f"step {step_id}: a {kind} step needs `options`")
        if kind == "indicator":
            options = INDICATOR_OPTIONS
        low, high = b.number(raw, "min", False), b.number(raw, "max", False)
        if kind == "scale":
            low, high = low if low is not None else 1, high if high is not None else 5
        if low is not None and high is not None and low > high:
            b.problem(raw.line_of("min"), f"step {step_id}: `min` is greater than `max`")
        followup_raw = raw.get("followup")
        followup = None
        if kind == "text" and followup_raw is not False:
            followup = (
                str(followup_raw).strip()
                if isinstance(followup_raw, str)
                else (self.templates.get("followup") or DEFAULT_TEMPLATES["followup"])
                if purpose in ("open", "advanced")
                else None
            )
        rules: list[NextRule] = []
        next_raw = raw.get("next")
        if isinstance(next_raw, list) and not isinstance(next_raw, LineList):
            next_raw = LineList.of(next_raw)
        if next_raw is not None:
            if not isinstance(next_raw, list):
                b.problem(raw.line_of("next"), f"step {step_id}: `next` must be a list of rules")
            else:
                for rule, line in zip(next_raw, next_raw.item_lines, strict=False):
                    if not isinstance(rule, dict) or not (
                        ("if" in rule and "goto" in rule) or "else" in rule
                    ):
                        b.problem(line, f"step {step_id}: a rule is {{if, goto}} or {{else}}")
                        continue
                    if "else" in rule:
                        rules.append(NextRule(str(rule["else"]), None, line))
                    else:
                        rules.append(NextRule(str(rule["goto"]), b.expr(rule, "if"), line))
        step = Step(
            id=step_id,
            kind=kind,
            purpose=purpose,
            text=b.text(raw, "text"),
            say=b.text(raw, "say", required=False),
            help=b.text(raw, "help", required=False),
            options=options,
            min=low,
            max=high,
            dimension=dimension,
            priority=priority,
            required=bool(raw.get("required", True)),
            when=b.expr(raw, "when"),
            constraint=b.expr(raw, "constraint"),
            constraint_message=b.text(raw, "constraint_message", required=False),
            next=rules,
            followup=followup,
            line=raw.line,
        )
        if step.constraint is not None and not raw.get("constraint_message"):
            b.problem(raw.line_of("constraint"), f"step {step_id}: `constraint` needs a message")
        for_each = raw.get("for_each")
        if for_each is None:
            return [step]
        source = next((s for s in self.steps if s.id == for_each), None)
        if source is None or source.kind not in ("multi", "choice"):
            b.problem(
                raw.line_of("for_each"),
                f"step {step_id}: for_each must name an earlier multi or choice step",
            )
            return [step]
        out = []
        for opt in source.options:
            if opt.value == "none":
                continue
            guard = compile_expression(f"selected({for_each!r}, {opt.value!r})")
            copy = Step(**{**step.__dict__})
            copy.id = f"{step_id}.{opt.value}"
            copy.text = _fill(step.text, label=opt.label)
            copy.when = _and(guard, step.when)
            out.append(copy)
        return out

    def dimension_steps(self, key: str, raw_ref: LineDict) -> list[Step]:
        b = self.b
        dim, raw = self.dims[key]
        parts = raw_ref.get("parts") or list(DIMENSION_PARTS)
        for part in parts:
            if part not in DIMENSION_PARTS:
                b.problem(raw_ref.line_of("parts"), f"unknown dimension part {part!r}")
        line = raw_ref.line

        def tpl(name: str) -> str:
            return _template(b, name, self.templates, raw)

        steps: list[Step] = []
        if "open" in parts:
            for item in b.sequence(raw, "open", required=True):
                if not isinstance(item, dict):
                    continue
                oid = b.ident(item)
                followup_raw = item.get("followup")
                followup = (
                    None
                    if followup_raw is False
                    else str(followup_raw).strip()
                    if isinstance(followup_raw, str)
                    else tpl("followup")
                )
                steps.append(
                    Step(
                        id=f"{key}.open.{oid}",
                        kind="text",
                        purpose="open",
                        text=b.text(item, "text"),
                        help=b.text(item, "help", required=False)
                        or f"An open question, so I hear how {dim.name.lower()} really works "
                        "in your own words before any rating.",
                        dimension=key,
                        priority=b.text(item, "priority", required=False, default="normal"),
                        followup=followup,
                        line=item.line,
                    )
                )
        if "self_rating" in parts:
            steps.append(
                self._scale_step(
                    key,
                    dim,
                    "self_rating",
                    tpl("self_rating"),
                    line,
                    "Your own rating steers which questions come next and is compared with the "
                    "evidence; it never sets the level by itself.",
                )
            )
        if "indicators" in parts:
            for ind in sorted(dim.indicators, key=lambda i: (i.level, not i.critical)):
                steps.append(
                    Step(
                        id=f"{key}.ind.{ind.id}",
                        kind="indicator",
                        purpose="indicator",
                        text=ind.text,
                        options=INDICATOR_OPTIONS,
                        dimension=key,
                        priority="core" if ind.level <= 3 else "normal",
                        when=None
                        if ind.level <= 3
                        else compile_expression(f"reachable({key!r}, {ind.level})"),
                        indicator=ind,
                        help=f"A concrete check for level {ind.level} "
                        f"({self._level_name(ind.level)})"
                        + (", and a critical one" if ind.critical else "")
                        + ". Levels are measured from statements like this, not from ratings.",
                        line=line,
                    )
                )
        if "pain" in parts and dim.pain_points:
            low = compile_expression(f"low({key!r})")
            steps.append(
                Step(
                    id=f"{key}.pains",
                    kind="multi",
                    purpose="pain",
                    text=_fill(tpl("pains"), dimension=mid_sentence(dim.name)),
                    options=(*(Option(p.id, p.text) for p in dim.pain_points), NONE_OPTION),
                    dimension=key,
                    priority="core",
                    when=low,
                    help="What you described suggests this area hurts; knowing which pains are "
                    "real, how often and how much, ranks what to fix first.",
                    line=line,
                )
            )
            for pain in dim.pain_points:
                guard = compile_expression(f"selected('{key}.pains', {pain.id!r})")
                for detail, options in (
                    ("frequency", FREQUENCY_OPTIONS),
                    ("impact", IMPACT_OPTIONS),
                ):
                    steps.append(
                        Step(
                            id=f"{key}.pain.{pain.id}.{detail}",
                            kind="choice",
                            purpose="pain_detail",
                            text=_fill(tpl(f"pain_{detail}"), pain=pain.text),
                            options=options,
                            dimension=key,
                            priority="normal",
                            when=guard,
                            pain=pain,
                            help="Frequency times impact gives each pain point a severity from "
                            "1 to 9.",
                            line=line,
                        )
                    )
            if dim.opportunities:
                steps.append(
                    Step(
                        id=f"{key}.opportunities",
                        kind="multi",
                        purpose="opportunity",
                        text=_fill(tpl("opportunities"), dimension=mid_sentence(dim.name)),
                        options=(
                            *(Option(o.id, o.text) for o in dim.opportunities),
                            NONE_OPTION,
                        ),
                        dimension=key,
                        priority="normal",
                        when=low,
                        help="These are the improvements the discovery guide pairs with the pain "
                        "points you recognised.",
                        line=line,
                    )
                )
        if "advanced" in parts:
            high = compile_expression(f"high({key!r})")
            for item in b.sequence(raw, "advanced"):
                if not isinstance(item, dict):
                    continue
                aid = b.ident(item)
                steps.append(
                    Step(
                        id=f"{key}.adv.{aid}",
                        kind="text",
                        purpose="advanced",
                        text=b.text(item, "text"),
                        dimension=key,
                        priority=b.text(item, "priority", required=False, default="optional"),
                        when=high,
                        followup=None,
                        help="Your answers put this area at level 4 or above, so I'm asking "
                        "about the advanced practices.",
                        line=item.line,
                    )
                )
        if "clarify" in parts:
            steps.append(
                Step(
                    id=f"{key}.clarify",
                    kind="text",
                    purpose="clarify",
                    text=tpl("clarify"),
                    dimension=key,
                    priority="core",
                    required=False,
                    when=compile_expression(f"inconsistent({key!r})"),
                    help="Two things you said don't quite line up; one question to understand "
                    "which picture is right.",
                    line=line,
                )
            )
        if "target" in parts:
            steps.append(
                self._scale_step(
                    key,
                    dim,
                    "target",
                    tpl("target"),
                    line,
                    "The target sets the gap that next actions are ranked by. Level 5 is rarely "
                    "the right target.",
                )
            )
        if "outcomes" in parts:
            for item in b.sequence(raw, "outcomes"):
                if not isinstance(item, dict):
                    continue
                step = self.plain_step(item, Segment("", "", 0))[0]
                step.id = f"{key}.outcome.{step.id}"
                step.purpose = "outcome"
                step.dimension = key
                step.followup = None
                if not step.help:
                    step.help = "An outcome measure: it checks the levels against what happens."
                steps.append(step)
        return steps

    def _scale_step(
        self, key: str, dim: Dimension, purpose: str, text: str, line: int, help_text: str
    ) -> Step:
        """A 1-5 rating of the dimension, each option with the dimension's level descriptor."""
        return Step(
            id=f"{key}.{purpose}",
            kind="scale",
            purpose=purpose,
            text=_fill(text, dimension=mid_sentence(dim.name)),
            options=tuple(
                Option(str(n), f"{self._level_name(n)} — {dim.levels.get(n, '')}")
                for n in range(1, 6)
            ),
            min=1,
            max=5,
            dimension=key,
            priority="core",
            help=help_text,
            line=line,
        )

    def _level_name(self, n: int) -> str:
        return self.level_names.get(n, "")

    def build(self, raw: LineDict) -> Track:
        b = self.b
        segments: list[Segment] = []
        seg_ids: set[str] = set()
        dims_used: dict[str, set[str]] = {}
        for seg_raw in b.sequence(raw, "segments", required=True):
            if not isinstance(seg_raw, dict):
                b.problem(_line(raw), f"track {self.key}: a segment must be a mapping")
                continue
            seg = Segment(
                id=b.ident(seg_raw),
                title=b.text(seg_raw, "title"),
                minutes=b.number(seg_raw, "minutes") or 0.0,
            )
            if seg.id in seg_ids:
                b.problem(seg_raw.line, f"track {self.key}: duplicate segment id {seg.id!r}")
            seg_ids.add(seg.id)
            segments.append(seg)
            for item in b.sequence(seg_raw, "steps", required=True):
                if not isinstance(item, dict):
                    b.problem(_line(seg_raw), "a step must be a mapping")
                    continue
                if "dimension" in item and "id" not in item:
                    key = item["dimension"]
                    if key not in self.dims:
                        b.problem(item.line_of("dimension"), f"unknown dimension {key!r}")
                        continue
                    parts = set(item.get("parts") or DIMENSION_PARTS)
                    clash = parts & dims_used.get(key, set())
                    if clash:
                        b.problem(
                            item.line,
                            f"track {self.key}: dimension {key} already asks "
                            f"{', '.join(sorted(clash))} earlier in this track",
                        )
                        continue
                    dims_used.setdefault(key, set()).update(parts)
                    seg.dimensions.append(key)
                    dim = self.dims[key][0]
                    for i, step in enumerate(self.dimension_steps(key, item)):
                        if i == 0 and dim.intro and len(dims_used[key]) == len(parts):
                            step.say = dim.intro
                        self.add(step, seg)
                else:
                    for step in self.plain_step(item, seg):
                        self.add(step, seg)
        minutes = b.number(raw, "minutes") or 0.0
        total = sum(s.minutes for s in segments)
        if segments and abs(total - minutes) > 1e-6:
            b.problem(
                raw.line_of("minutes"),
                f"track {self.key}: segments add up to {total:g} minutes, not {minutes:g}",
            )
        if not self.steps:
            b.problem(raw.line, f"track {self.key}: no steps")
        return Track(
            key=self.key,
            title=b.text(raw, "title"),
            summary=b.text(raw, "summary", required=False),
            minutes=minutes,
            segments=segments,
            steps=self.steps,
            line=raw.line,
        )


def _and(a: Expr, b: Expr | None) -> Expr:
    if b is None:
        return a
    return Expr(
        source=f"({a.source}) and ({b.source})",
        fn=lambda ctx, v: a(ctx, v) and b(ctx, v),
        references=a.references + b.references,
        uses_value=a.uses_value or b.uses_value,
    )


def parse_script(
    text: str, path: str = "<script>", build_all: bool = True
) -> tuple[Script | None, list[Problem]]:
    """Build the script and return it with every problem found; the script is None if unusable.

    With `build_all=False` only the top level is checked now; each track is built and checked
    when first used, and raises ScriptError then if it has problems."""
    from interviewer.script.yaml_lines import YamlSyntaxError, load_yaml

    try:
        doc = load_yaml(text)
    except YamlSyntaxError as exc:
        return None, [Problem(exc.line, exc.message)]
    return build_script(doc, hashlib.sha256(text.encode()).hexdigest(), path, build_all)


def build_script(
    doc: Any, sha256: str, path: str = "<script>", build_all: bool = True
) -> tuple[Script | None, list[Problem]]:
    """The script from its parsed document (from YAML, or from the JSON cache)."""
    b = _Builder()
    if not isinstance(doc, dict):
        return None, [Problem(1, "a script must be a YAML mapping")]
    for key, line in getattr(doc, "duplicate_keys", ()):
        b.problem(line, f"duplicate key {key!r}")
    script_id = b.ident(doc)
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        b.problem(doc.line_of("version"), "`version` must be an integer")
        version = 0
    levels = _load_levels(b, doc)
    cues_raw = b.mapping(doc, "cues", required=False)
    cues = {
        name: tuple(str(c).lower() for c in b.sequence(cues_raw, name))
        for name in ("pain", "low_maturity")
    }
    templates_raw = b.mapping(doc, "templates", required=False)
    templates = {k: str(v) for k, v in templates_raw.items()}
    for name in templates:
        if name not in DEFAULT_TEMPLATES:
            b.problem(templates_raw.line_of(name), f"unknown template {name!r}")

    dims: dict[str, tuple[Dimension, LineDict]] = {}
    dims_raw = b.mapping(doc, "dimensions")
    for key, raw in dims_raw.items():
        if key not in DIMENSION_KEYS:
            b.problem(
                dims_raw.line_of(key),
                f"unknown dimension {key!r} (expected one of {', '.join(DIMENSION_KEYS)})",
            )
            continue
        if not isinstance(raw, dict):
            b.problem(dims_raw.line_of(key), f"dimension {key} must be a mapping")
            continue
        dims[key] = _load_dimension(b, key, raw)
    if dims:
        total = sum(d.weight for d, _ in dims.values())
        if abs(total - 1.0) > 1e-6:
            b.problem(doc.line_of("dimensions"), f"dimension weights add up to {total:g}, not 1")

    tracks_raw = b.mapping(doc, "tracks")
    level_names = {n: lv.name for n, lv in levels.items()}
    raw_tracks: dict[str, LineDict] = {}
    for key, raw in tracks_raw.items():
        if not isinstance(raw, dict) or not isinstance(key, str) or not ID_RE.match(key):
            b.problem(tracks_raw.line_of(key), f"track {key!r} must be a mapping with a valid id")
            continue
        raw_tracks[key] = raw

    def build(key: str) -> tuple[Track, list[Problem]]:
        from interviewer.script import cache
        from interviewer.script.linter import lint_track  # the linter imports this module

        tb = _Builder()
        track = _TrackBuilder(tb, key, dims, templates, level_names).build(raw_tracks[key])
        if tb.problems or build_all or not cache.track_is_clean(sha256, key):
            problems = tb.problems + lint_track(script, track)
            if not problems:
                cache.mark_track_clean(sha256, key)
            return track, problems
        return track, []

    tracks = TrackMap(list(raw_tracks), build, path, strict=not build_all)
    script = Script(
        id=script_id,
        version=version,
        title=b.text(doc, "title"),
        intro=b.text(doc, "intro", required=False),
        outro=b.text(doc, "outro", required=False),
        levels=levels,
        cues=cues,
        dimensions={k: d for k, (d, _) in dims.items()},
        tracks=tracks,
        sha256=sha256,
    )
    problems = list(b.problems)
    if build_all:
        for key in raw_tracks:
            tracks[key]
            problems.extend(tracks.problems[key])
    return script, problems


class TrackMap(Mapping[str, Track]):
    """Tracks are expanded and checked when first used: starting an interview builds one track,
    `validate` builds them all. In strict mode a track with problems raises ScriptError."""

    def __init__(
        self,
        keys: list[str],
        build: Callable[[str], tuple[Track, list[Problem]]],
        path: str,
        strict: bool,
    ) -> None:
        self._keys, self._build, self._path, self.strict = keys, build, path, strict
        self._built: dict[str, Track] = {}
        self.problems: dict[str, list[Problem]] = {}

    def __getitem__(self, key: str) -> Track:
        if key not in self._built:
            if key not in self._keys:
                raise KeyError(key)
            self._built[key], self.problems[key] = self._build(key)
        if self.strict and self.problems[key]:
            raise ScriptError(self._path, sorted(set(self.problems[key]), key=lambda p: p.line))
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def read_script(path: str | Path, build_all: bool = True) -> tuple[Script | None, list[Problem]]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(0, f"cannot read the script: {exc}")]
    script, problems = parse_script(text, str(p), build_all)
    if script is not None:
        script.path = p
    return script, problems
