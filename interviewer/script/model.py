"""The loaded, expanded form of an interview script. Front ends and the engine read only this."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple, TypeVar, get_args

from interviewer.script.expressions import Expr

# A step's categories, each a Literal (so mypy catches a misspelt one) and its values in order.
Kind = Literal["text", "choice", "multi", "scale", "number", "indicator"]  # how it is answered
ScriptPurpose = Literal[  # what the answer is for, as a script's step may say
    "open",
    "self_rating",
    "indicator",
    "pain",
    "pain_detail",
    "opportunity",
    "advanced",
    "clarify",
    "contradiction",
    "followup",
    "target",
    "outcome",
    "context",
    "facilitator",
]
Purpose = Literal[ScriptPurpose, "consent"]  # "consent": the notice, asked as a step
Priority = Literal["core", "normal", "optional"]  # optional: left out when time runs short
KINDS: tuple[Kind, ...] = get_args(Kind)
PURPOSES: tuple[ScriptPurpose, ...] = get_args(ScriptPurpose)
PRIORITIES: tuple[Priority, ...] = get_args(Priority)
DIMENSION_KEYS = (
    "feature_engineering",
    "model_development",
    "deployment_serving",
    "monitoring_observability",
    "automation_workflows",
    "governance_compliance",
    "business_value",
)
END = "end"

C = TypeVar("C", bound=str)


def one_of(value: str, allowed: tuple[C, ...]) -> C | None:
    """`value` as the one of `allowed` it names (a category read from YAML), or None."""
    return next((a for a in allowed if a == value), None)


def followup_id(step_id: str) -> str:
    """The id of the follow-up a question gets (`followup:`), as sessions store its answers."""
    return f"{step_id}.followup"


ROLES = (  # what a step's answer tells the analysis (`role:`); each is read by scoring
    "team",  # who works on ML: rules out owners the organisation does not have
    "blocker",  # what stops a first model reaching production: quoted, and addressed
    "sponsor",  # who sponsors the programme: an action that appoints one is then not given
    "top_priority",  # the one thing they would fix: matched to one dimension, which leads
    "priorities",  # the objectives ML should serve: the same, when no top priority was asked
    "success_criteria",  # the numbers that would show it worked: the client's own targets
    "desired_outcomes",  # what is different when it went well: the same
    "invitees",  # who to talk to in the technical sessions: named with the sessions to run
    "decision",  # how and by when the decision is made: dates the post-discovery plan
    "capacity",  # who they can commit: "no new headcount" caps the work per owner and phase
    "regulation",  # the regulations that matter: listed in the organisation report
)
BUSINESS_ROLES = {  # the business case's inputs (scoring.business_case): role -> the step kind
    "ml_cost_today": "number",  # today's yearly cost of ML operations: the baseline
    "investment": "number",  # the one-off investment, as one total
    "yearly_benefit": "number",  # the yearly benefit once fully realised, as one total
    "running_cost": "number",  # the yearly running costs, as one total
    "one_off_platform": "number",  # item by item: one-off costs
    "one_off_migration": "number",
    "one_off_training": "number",
    "yearly_platform": "number",  # yearly costs
    "yearly_people": "number",
    "benefit_productivity": "number",  # the yearly benefit by the guide's four kinds
    "benefit_cost_savings": "number",
    "benefit_revenue": "number",
    "benefit_risk": "number",
    "currency": "text",
    "benefit_ramp": "choice",  # a profile, or "custom" for the four shares
    "ramp_foundation": "number",  # the shares, in percent
    "ramp_acceleration": "number",
    "ramp_optimization": "number",
    "ramp_innovation": "number",
    "horizon_years": "number",
    "discount_rate": "number",  # in percent
}
STEP_ROLES = (*ROLES, *BUSINESS_ROLES)  # every role a step may play


class Option(NamedTuple):
    value: str
    label: str
    matches: tuple[str, ...] = ()  # lower-case phrases that mean this option in free text


class Level(NamedTuple):
    number: int
    name: str
    summary: str


class Vocabulary(NamedTuple):
    """What evidence for and against an indicator sounds like in free text (`evidence:`):
    concepts and their synonyms, read by interviewer.evidence."""

    for_terms: tuple[str, ...]  # the practice named ("model registry", "rollback")
    against: tuple[str, ...] = ()  # its absence named ("pickle file on a shared drive")
    source: str = "added"
    line: int = 0


class Form(NamedTuple):
    """Another wording of a question, for when an earlier answer denied what its text takes
    for granted (`forms:`): the first whose `when` holds is asked instead of `text`."""

    when: Expr
    text: str
    line: int = 0


class Indicator(NamedTuple):
    id: str
    level: int
    text: str
    critical: bool = False
    evidence: Vocabulary | None = None
    unit: str = ""  # what the statement counts ("models", "releases"): worded into its options
    forms: tuple[Form, ...] = ()  # its wording when an earlier answer denied its premise


PainKind = Literal["event", "state"]


class PainPoint(NamedTuple):
    id: str
    text: str
    indicators: tuple[str, ...] = ()
    kind: PainKind = "event"  # something that happens, or a standing problem


PAIN_KINDS: tuple[PainKind, ...] = get_args(PainKind)


class Opportunity(NamedTuple):
    id: str
    text: str
    indicators: tuple[str, ...] = ()


INDICATOR_SHOWN = {  # an indicator answer as people read it
    "yes": "Yes",
    "mostly": "Mostly",
    "partly": "Partly",
    "no": "No",
    "unknown": "Don't know",
    "na": "Not applicable",
}
PHASES = ("foundation", "acceleration", "optimization", "innovation")  # the guide's four
EFFORTS = ("S", "M", "L")  # weeks, about a quarter, several quarters
SOURCES = ("guide", "added")  # from the client's guide, or content we added


class Metric(NamedTuple):
    """A success metric: what moves when the work is done, measured against a baseline."""

    id: str
    text: str
    baseline: str = ""  # the id of this dimension's outcome question whose answer is the baseline
    benchmark: str = ""  # where good teams are, as the guide puts it
    source: str = "guide"
    said_as: tuple[str, ...] = ()  # lower case: words a client uses for it ("lead time")


class Action(NamedTuple):
    """A piece of work to recommend: what to do, who owns it, when, and what it fixes."""

    id: str
    title: str  # imperative: "Rehearse a rollback of every production model each quarter"
    owner: str  # a role, never a person
    effort: str  # one of EFFORTS
    phase: str  # one of PHASES
    indicators: tuple[str, ...]  # this dimension's indicators it puts in place
    pains: tuple[str, ...]  # this dimension's pain points it relieves
    metric: str  # the id of this dimension's metric it moves
    depends_on: tuple[str, ...] = ()  # action ids (of any dimension) to finish first
    source: str = "guide"
    line: int = 0
    owner_fallback: tuple[str, ...] = ()  # in order, when the team has no `owner` (else the
    # owner's own `fallback` in `owners:`)
    requires: tuple[str, ...] = ()  # named preconditions (Script.preconditions), all true
    unless_named: tuple[str, ...] = ()  # roles (ROLES): not given when that answer names one
    if_named: tuple[str, ...] = ()  # roles: given only when that answer names one
    said: tuple[str, ...] = ()  # roles whose answer it addresses (a stated blocker)
    below_level: int = 0  # recommended while its dimension is below this level (training)

    def owners(self, listed: Mapping[str, Owner]) -> tuple[str, ...]:
        """The owner and its fallbacks, in the order they are tried: the action's own
        `owner_fallback`, else the fallback `owners:` gives for its owner."""
        listed_owner = listed.get(self.owner)
        fallback = self.owner_fallback or (listed_owner.fallback if listed_owner else ())
        return (self.owner, *fallback)


class Owner(NamedTuple):
    """A role an action can be owned by, and what the team answer says when it is missing."""

    name: str
    missing: tuple[str, ...] = ()  # lower-case phrases: "no dedicated ml platform team"
    fallback: tuple[str, ...] = ()  # who owns its actions when it is missing, in order
    named_by: str = ""  # a role (ROLES): missing when that answer names nobody ("a sponsor")
    line: int = 0

    @property
    def can_be_missing(self) -> bool:
        return bool(self.missing or self.named_by)


class Precondition(NamedTuple):
    """A named condition over the answers that an action `requires` (`preconditions:`)."""

    id: str
    when: Expr
    line: int = 0


CLAIMS = ("yes", "mostly", "partly", "no")  # indicator answers a cross-check can test


class Check(NamedTuple):
    """A declared cross-check: an indicator answer that another answer or a phrase in the
    interviewee's free text contradicts (see script.checks)."""

    id: str
    indicator: str  # the id of this dimension's indicator the check is about
    claims: tuple[str, ...] = ("yes", "mostly")  # the indicator answers it tests
    when: Expr | None = None  # true: another answer of this dimension contradicts the claim
    phrases: tuple[str, ...] = ()  # lower case; any of them in this dimension's free text
    source: str = "guide"
    line: int = 0
    heard: bool = False  # from the indicator's `evidence:`: the reader heard it otherwise


@dataclass(eq=False, repr=False)
class Dimension:
    """One of the guide's maturity dimensions: levels, indicators, pain points."""

    key: str
    name: str
    weight: float
    intro: str = ""
    levels: dict[int, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    pain_points: list[PainPoint] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    said_as: tuple[str, ...] = ()  # lower case: words people use for this area ("drift")
    line: int = 0

    def indicators_at(self, level: int) -> list[Indicator]:
        return [i for i in self.indicators if i.level == level]


class NextRule(NamedTuple):
    """Where to go after a step, and when (no condition: always)."""

    target: str
    condition: Expr | None = None
    line: int = 0
    # back to a dimension's first indicator while the adaptive route has one left to ask: each
    # pass asks one, so the walk leaves it (the linter's cycle check and pacing know it)
    loop: bool = False


@dataclass(eq=False)
class Step:
    """One question of an expanded track; `line` points back into the YAML."""

    id: str
    kind: Kind
    purpose: Purpose
    text: str
    segment: str = ""
    say: str = ""
    help: str = ""
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    dimension: str | None = None
    priority: Priority = "normal"
    required: bool = True
    when: Expr | None = None
    constraint: Expr | None = None
    constraint_message: str = ""
    next: list[NextRule] = field(default_factory=list)
    followup: str | None = None  # the follow-up's text, asked after a vague answer
    follows: str | None = None  # a follow-up: the id of the question it asks more about
    indicator: Indicator | None = None
    pain: PainPoint | None = None
    check: Check | None = None  # purpose "contradiction": the cross-check it clarifies
    summary: str = ""  # a label: the answer is quoted under it in the report's executive summary
    settled_by: tuple[str, ...] = ()  # earlier steps whose answer can answer this one
    role: str = ""  # one of STEP_ROLES: what the analysis reads this answer for
    options_from: str = ""  # a multi step: only the options selected there are offered
    level: int | None = None  # an advanced question: the maturity level it belongs to
    seconds: float | None = None  # the author's expected answering time (script.timing's table)
    forms: tuple[Form, ...] = ()  # the question's wording when an earlier answer denied its premise
    routed: bool = False  # an indicator on the adaptive route (scoring.route)
    line: int = 0

    @property
    def is_followup(self) -> bool:
        return self.purpose == "followup"


@dataclass(eq=False, repr=False)
class Segment:
    """A timed part of a track, with the steps and dimensions it covers."""

    id: str
    title: str
    minutes: float
    step_ids: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Track:
    """A role's interview, expanded into steps; built when first used."""

    key: str
    title: str
    summary: str
    minutes: float
    segments: list[Segment]
    steps: list[Step]
    line: int = 0
    # lower-case words people use for who takes part ("ml engineer", "mlops"): a person named
    # for the technical sessions with one of them is invited to this track's session
    invite_as: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.index: dict[str, Step] = {s.id: s for s in self.steps}
        self.position: dict[str, int] = {s.id: i for i, s in enumerate(self.steps)}
        self.segment_of: dict[str, Segment] = {
            sid: seg for seg in self.segments for sid in seg.step_ids
        }
        self.followup_of: dict[str, str] = {  # a question -> the id of its follow-up
            s.follows: s.id for s in self.steps if s.follows is not None
        }
        self.successor_cache: dict[str, list[str]] = {}  # filled by script.linter.successors

    def with_followup(self, step_id: str) -> tuple[str, ...]:
        """The question and its follow-up, if it has one: an answer given in two parts."""
        followup = self.followup_of.get(step_id)
        return (step_id,) if followup is None else (step_id, followup)

    @property
    def dimensions(self) -> list[str]:
        """Dimension keys in the order they first come up (a dimension may span segments)."""
        return list(dict.fromkeys(d for seg in self.segments for d in seg.dimensions))


class PostDiscoveryStep(NamedTuple):
    """A step of the guide's plan for the weeks after discovery (`post_discovery:`)."""

    weeks: str  # "1" or "2-3": counted from the report, week 1 starting on its date
    title: str
    text: str
    line: int = 0

    @property
    def first_week(self) -> int:
        return int(self.weeks.split("-")[0])

    @property
    def label(self) -> str:
        return f"Week {self.weeks}" if "-" not in self.weeks else f"Weeks {self.weeks}"


class Notice(NamedTuple):
    """What the interviewee is told and accepts before the first question (`notice:`): who
    runs the interview, who sees what, how long it is kept. `sha256` identifies the wording
    accepted, so a changed notice is asked again."""

    title: str
    text: str  # Markdown
    sha256: str
    source: str = "guide"
    line: int = 0
    retention_days: int = 180  # kept this long after the session's last activity


@dataclass(eq=False, repr=False)
class Script:
    """A loaded interview script; tracks expand lazily (loader.TrackMap)."""

    id: str
    version: int
    title: str
    intro: str
    outro: str
    levels: dict[int, Level]
    cues: dict[str, tuple[str, ...]]
    dimensions: dict[str, Dimension]
    tracks: Mapping[str, Track]  # built lazily, see loader.TrackMap
    path: Path | None = None
    sha256: str = ""
    post_discovery: tuple[PostDiscoveryStep, ...] = ()  # the guide's weeks after discovery
    notice: Notice | None = None  # asked before the first question; None: nothing to accept
    owners: dict[str, Owner] = field(default_factory=dict)  # the roles actions may name
    preconditions: dict[str, Precondition] = field(default_factory=dict)
    # "adaptive": each dimension's indicators on the adaptive route (scoring.route), and an
    # optional question asked only while it can end within its segment's minutes; "climb":
    # scripts from before `route:`, levels climbed from 2, optional questions trimmed once
    # the segment's minutes are spent
    route: str = "climb"
