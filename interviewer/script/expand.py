"""Expanding a dimension placed in a track into its steps (see the table in script-format.md)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Literal

from interviewer.script.expressions import Expr, compile_expression, function_call
from interviewer.script.fields import Fields, Raw
from interviewer.script.line_data import line, line_of
from interviewer.script.model import (
    PRIORITIES,
    ROLES,
    Dimension,
    NextRule,
    Option,
    Priority,
    Step,
    one_of,
)
from interviewer.script.steps import clarify_options, indicator_options, plain_step, read_forms
from interviewer.script.texts import fill, mid_sentence, template

DIMENSION_PARTS = (
    "open",
    "self_rating",
    "indicators",
    "pain",
    "clarify",
    "target",  # before the advanced questions: a target of their level asks them
    "advanced",
    "outcomes",
    "checks",
)
# One question per pain point: what it costs and how often together (an event), or how much
# it holds the team back (a state). Each option is a severity on one 1-9 scale
# (scoring.pain.SEVERITY): an event's value is "<impact>-<frequency>", as the two questions
# asked before were answered.
EVENT_OPTIONS = (
    Option("hours-quarterly", "Hours of work, now and then"),
    Option("hours-weekly", "Hours of work, most weeks"),
    Option("team_days-quarterly", "Team-days of work, or customers notice, now and then"),
    Option("team_days-monthly", "Team-days of work, or customers notice, every month or so"),
    Option("team_days-weekly", "Team-days of work, or customers notice, most weeks"),
    Option("revenue-quarterly", "Revenue, regulatory or safety consequences, now and then"),
    Option("revenue-monthly", "Revenue, regulatory or safety consequences, every month or so"),
    Option("revenue-weekly", "Revenue, regulatory or safety consequences, most weeks"),
)
STATE_OPTIONS = (
    Option("little", "A little: an annoyance we work around"),
    Option("slows", "It slows some of our work down"),
    Option("holds-back", "It holds back delivery across teams, or customers notice"),
    Option("blocks", "It puts revenue, regulatory compliance or safety at risk"),
)
# the options pain points had before one question: kept to show old sessions' answers
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
ROUTES = ("climb", "adaptive")  # a script's `route:` through each dimension's indicators
RELATIVE_PARTS = ("open", "outcome", "adv")  # a dimension's own ids `settled_by` may shorten


def parts_of(raw_ref: Raw) -> list[str]:
    """The parts a placement asks for (all by default); steps() reports any that is not one."""
    parts = raw_ref.get("parts")
    if isinstance(parts, list) and parts:
        return [p for p in parts if isinstance(p, str)]
    return list(DIMENSION_PARTS)


class Expander:
    """The steps of one dimension placement, in the order of DIMENSION_PARTS."""

    def __init__(
        self,
        f: Fields,
        dim: Dimension,
        raw: Raw,
        templates: dict[str, str],
        level_names: dict[int, str],
        dimensions: Collection[str],
        earlier: Callable[[str], Step | None],
        route: str = "climb",
    ) -> None:
        self.f, self.dim, self.raw = f, dim, raw
        self.templates, self.level_names = templates, level_names
        self.dimensions, self.earlier = dimensions, earlier
        self.route = route

    def absolute(self, ref: str) -> str:
        """A step id as a dimension's item may write it: `open.x`, `outcome.x` or `adv.x`
        are this dimension's (`<key>.open.x`); anything else is a step id of the track."""
        head = ref.split(".", 1)[0]
        return f"{self.dim.key}.{ref}" if head in RELATIVE_PARTS and "." in ref else ref

    def tpl(self, name: str) -> str:
        return template(name, self.templates, self.raw)

    def steps(self, raw_ref: Raw) -> list[Step]:
        f, dim = self.f, self.dim
        parts = parts_of(raw_ref)
        given = raw_ref.get("parts")
        if given is not None and not isinstance(given, list):
            f.problem(line_of(raw_ref, "parts"), "`parts` must be a list")
        for part in given if isinstance(given, list) else ():
            if part not in DIMENSION_PARTS:
                f.problem(line_of(raw_ref, "parts"), f"unknown dimension part {part!r}")
        at = line(raw_ref)
        steps: list[Step] = []
        if "open" in parts:
            steps += self._open()
        if "self_rating" in parts:
            steps.append(
                self._scale(
                    "self_rating",
                    self.tpl("self_rating"),
                    at,
                    "Your own rating steers which questions come next and is compared with the "
                    "evidence; it never sets the level by itself.",
                )
            )
        if "indicators" in parts:
            steps += self._indicators(at)
        if "pain" in parts and dim.pain_points:
            steps += self._pains(at)
        if "clarify" in parts:
            steps.append(
                Step(
                    id=f"{dim.key}.clarify",
                    kind="text",
                    purpose="clarify",
                    text=self.tpl("clarify"),
                    dimension=dim.key,
                    priority="core",
                    required=False,
                    when=function_call("inconsistent", dim.key),
                    help="Two things you said don't quite line up; one question to understand "
                    "which picture is right.",
                    line=at,
                )
            )
        if "target" in parts:
            steps.append(
                self._scale(
                    "target",
                    self.tpl("target"),
                    at,
                    "The target sets the gap that next actions are ranked by. Level 5 is rarely "
                    "the right target.",
                )
            )
        if "advanced" in parts:
            steps += self._advanced(with_target="target" in parts)
        if "outcomes" in parts:
            steps += self._outcomes()
        if "checks" in parts:
            steps += self._checks(with_outcomes="outcomes" in parts)
        return self._without(raw_ref, steps)

    def _without(self, raw_ref: Raw, steps: list[Step]) -> list[Step]:
        """`without: [adv.ml-literacy, ...]` leaves those of the placement's questions out
        (named after the dimension's key, as in `<dimension>.adv.<id>`): a track that asks the
        same thing in a question of its own does not ask it twice."""
        given = self.f.sequence(raw_ref, "without")
        dropped = {f"{self.dim.key}.{name}" for name in given if isinstance(name, str)}
        for name in given:
            if not isinstance(name, str) or f"{self.dim.key}.{name}" not in {s.id for s in steps}:
                self.f.problem(
                    line_of(raw_ref, "without"),
                    f"`without` names {name!r}, which is not one of this placement's questions "
                    f"of {self.dim.key} (write it as in adv.<id> or outcome.<id>)",
                )
        return [s for s in steps if s.id not in dropped]

    def _open(self) -> list[Step]:
        f, dim = self.f, self.dim
        steps = []
        for item in f.sequence(self.raw, "open", required=True):
            if not isinstance(item, dict):
                continue
            oid = f.ident(item)
            followup_raw = item.get("followup")
            followup = (
                None
                if followup_raw is False
                else followup_raw.strip()
                if isinstance(followup_raw, str)
                else self.tpl("followup")
            )
            steps.append(
                Step(
                    id=f"{dim.key}.open.{oid}",
                    kind="text",
                    purpose="open",
                    text=f.text(item, "text"),
                    help=f.text(item, "help", required=False)
                    or f"An open question, so I hear how {dim.name.lower()} really works "
                    "in your own words before any rating.",
                    dimension=dim.key,
                    priority=self._priority(item, "normal"),
                    followup=followup,
                    forms=read_forms(f, item, f"{dim.key}.open.{oid}"),
                    role=self._text_role(item, f"{dim.key}.open.{oid}"),
                    line=line(item),
                )
            )
        return steps

    def _text_role(self, item: Raw, step_id: str) -> str:
        """An open question may play a role read from text (`role: regulation`)."""
        role = self.f.text(item, "role", required=False) or ""
        if role and (role not in ROLES):
            self.f.problem(
                line_of(item, "role"),
                f"step {step_id}: an open question's role is one of {', '.join(ROLES)}, "
                f"not {role!r}",
            )
            return ""
        return role

    def _indicators(self, at: int) -> list[Step]:
        """Levels 2 to 5 in order. On the climb route (scripts from before `route:`) levels 2
        and 3 are always asked, 4 and 5 while the level below can still count in full; on the
        adaptive route each is asked when the route reaches it (scoring.route), never trimmed,
        and the last goes back to the first while the route has one left."""
        dim = self.dim
        routed = self.route == "adaptive"
        steps = []
        for ind in sorted(dim.indicators, key=lambda i: (i.level, not i.critical)):
            if routed:
                when: Expr | None = function_call("asks", dim.key, ind.id)
            else:
                when = None if ind.level <= 3 else function_call("reachable", dim.key, ind.level)
            steps.append(
                Step(
                    id=f"{dim.key}.ind.{ind.id}",
                    kind="indicator",
                    purpose="indicator",
                    text=ind.text,
                    options=indicator_options(ind.unit),
                    dimension=dim.key,
                    priority="core" if routed or ind.level <= 3 else "normal",
                    when=when,
                    indicator=ind,
                    forms=ind.forms,
                    routed=routed,
                    help=f"A concrete check for level {ind.level} "
                    f"({self.level_names.get(ind.level, '')})"
                    + (", and a critical one" if ind.critical else "")
                    + ". Levels are measured from statements like this, not from ratings.",
                    line=at,
                )
            )
        if routed and len(steps) > 1:
            back = NextRule(steps[0].id, function_call("routing", dim.key), at, loop=True)
            steps[-1].next = [back]
        return steps

    def _pains(self, at: int) -> list[Step]:
        dim = self.dim
        low = function_call("low", dim.key)
        steps = [
            Step(
                id=f"{dim.key}.pains",
                kind="multi",
                purpose="pain",
                text=fill(self.tpl("pains"), dimension=mid_sentence(dim.name)),
                options=(*(Option(p.id, p.text) for p in dim.pain_points), NONE_OPTION),
                dimension=dim.key,
                priority="core",
                when=low,
                help="What you described suggests this area hurts; knowing which pains are "
                "real, how often and how much, ranks what to fix first.",
                line=at,
            )
        ]
        for pain in dim.pain_points:
            state = pain.kind == "state"
            steps.append(
                Step(
                    id=f"{dim.key}.pain.{pain.id}",
                    kind="choice",
                    purpose="pain_detail",
                    text=fill(self.tpl("pain_state" if state else "pain_event"), pain=pain.text),
                    options=STATE_OPTIONS if state else EVENT_OPTIONS,
                    dimension=dim.key,
                    priority="normal",
                    when=function_call("selected", f"{dim.key}.pains", pain.id),
                    pain=pain,
                    help="How much it holds you back, or what it costs and how often, gives "
                    "each pain point a severity from 1 to 9, so the worst is fixed first.",
                    line=at,
                )
            )
        if len(dim.pain_points) >= 2:
            steps.append(
                Step(
                    id=f"{dim.key}.pains.worst",
                    kind="choice",
                    purpose="pain_detail",
                    text=fill(self.tpl("pain_worst"), dimension=mid_sentence(dim.name)),
                    options=tuple(Option(p.id, p.text) for p in dim.pain_points),
                    options_from=f"{dim.key}.pains",
                    dimension=dim.key,
                    priority="normal",
                    when=compile_expression(f"len(answer('{dim.key}.pains')) >= 2"),
                    help="You recognised more than one; the one that hurts most comes first "
                    "among equally severe pains in what to fix.",
                    line=at,
                )
            )
        if dim.opportunities:
            steps.append(
                Step(
                    id=f"{dim.key}.opportunities",
                    kind="multi",
                    purpose="opportunity",
                    text=fill(self.tpl("opportunities"), dimension=mid_sentence(dim.name)),
                    options=(*(Option(o.id, o.text) for o in dim.opportunities), NONE_OPTION),
                    dimension=dim.key,
                    priority="normal",
                    when=low,
                    help="These are the improvements the discovery guide pairs with the pain "
                    "points you recognised.",
                    line=at,
                )
            )
        return steps

    def _advanced(self, with_target: bool) -> list[Step]:
        """Each advanced question is asked once the evidence reaches the level below its own
        (`level:`, 2-5, default 4), or once the target set for the dimension reaches its level
        (when the track asks the target before it)."""
        f, dim = self.f, self.dim
        target = f"{dim.key}.target"
        with_target = with_target or self.earlier(target) is not None
        steps = []
        for item in f.sequence(self.raw, "advanced"):
            if not isinstance(item, dict):
                continue
            aid = f.ident(item)
            level = item.get("level", 4)
            if isinstance(level, bool) or level not in (2, 3, 4, 5):
                f.problem(line_of(item, "level"), f"advanced {aid}: `level` must be 2, 3, 4 or 5")
                level = 4
            source = f"level('{dim.key}') >= {level - 1}"
            reason = f"your answers put this area at level {level - 1} or above"
            if with_target:
                source += f" or answer('{target}') >= {level}"
                reason += f", or your target for it is level {level} or above"
            steps.append(
                Step(
                    id=f"{dim.key}.adv.{aid}",
                    kind="text",
                    purpose="advanced",
                    text=f.text(item, "text"),
                    dimension=dim.key,
                    priority=self._priority(item, "optional"),
                    when=compile_expression(source),
                    followup=None,
                    level=level,
                    help=f"A question about level {level} practice "
                    f"({self.level_names.get(level, '')}), asked because {reason}.",
                    line=line(item),
                )
            )
        return steps

    def _outcomes(self) -> list[Step]:
        f, dim = self.f, self.dim
        steps = []
        for item in f.sequence(self.raw, "outcomes"):
            if not isinstance(item, dict):
                continue
            step = plain_step(f, item, self.dimensions, self.templates, self.earlier)[0]
            step.id = f"{dim.key}.outcome.{step.id}"
            step.purpose = "outcome"
            step.dimension = dim.key
            step.followup = None
            step.settled_by = tuple(self.absolute(ref) for ref in step.settled_by)
            if not step.help:
                step.help = "An outcome measure: it checks the levels against what happens."
            steps.append(step)
        return steps

    def _checks(self, with_outcomes: bool) -> list[Step]:
        """One clarifying question per cross-check, asked only if the check is contradicted,
        on the indicator's own scale; the engine fills in the two statements and words the
        claimed answer as the one that stands when it asks (Interview.render, engine.clarify).
        Where the outcome questions are not asked, only the checks on what was said in free
        text (phrases, and practices heard otherwise) can fire, so only those are placed."""
        dim = self.dim
        units = {ind.id: ind.unit for ind in dim.indicators}
        return [
            Step(
                id=f"{dim.key}.check.{check.id}",
                kind="indicator",
                purpose="contradiction",
                text=self.tpl("contradiction"),
                options=clarify_options(units.get(check.indicator, "")),
                dimension=dim.key,
                priority="core",
                required=False,
                when=function_call("contradicted", dim.key, check.id),
                followup=None,
                check=check,
                help="Two of your answers seem to point different ways; which one is true "
                "today is the answer this question is scored with.",
                line=check.line,
            )
            for check in dim.checks
            if with_outcomes or check.when is None
        ]

    def _priority(self, item: Raw, default: Priority) -> Priority:
        """An item's `priority:`; one that names none of PRIORITIES is not optional, as ever."""
        written = self.f.text(item, "priority", required=False, default=default)
        return one_of(written, PRIORITIES) or "normal"

    def _scale(
        self, purpose: Literal["self_rating", "target"], text: str, at: int, help_text: str
    ) -> Step:
        """A 1-5 rating of the dimension, each option with the dimension's level descriptor."""
        dim = self.dim
        return Step(
            id=f"{dim.key}.{purpose}",
            kind="scale",
            purpose=purpose,
            text=fill(text, dimension=mid_sentence(dim.name)),
            options=tuple(
                Option(str(n), f"{self.level_names.get(n, '')} — {dim.levels.get(n, '')}")
                for n in range(1, 6)
            ),
            min=1,
            max=5,
            dimension=dim.key,
            priority="core",
            help=help_text,
            line=at,
        )
