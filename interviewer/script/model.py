"""The loaded, expanded form of an interview script. Front ends and the engine read only this."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewer.script.expressions import Expr

KINDS = ("text", "choice", "multi", "scale", "number", "indicator")
PURPOSES = (
    "open",
    "self_rating",
    "indicator",
    "pain",
    "pain_detail",
    "opportunity",
    "advanced",
    "clarify",
    "followup",
    "target",
    "outcome",
    "context",
    "facilitator",
)
PRIORITIES = ("core", "normal", "optional")
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


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    summary: str


@dataclass(frozen=True)
class Indicator:
    id: str
    level: int
    text: str
    critical: bool = False


@dataclass(frozen=True)
class PainPoint:
    id: str
    text: str
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Opportunity:
    id: str
    text: str
    indicators: tuple[str, ...] = ()


@dataclass
class Dimension:
    key: str
    name: str
    weight: float
    intro: str = ""
    levels: dict[int, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    pain_points: list[PainPoint] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    line: int = 0

    def indicators_at(self, level: int) -> list[Indicator]:
        return [i for i in self.indicators if i.level == level]


@dataclass
class NextRule:
    target: str
    condition: Expr | None = None
    line: int = 0


@dataclass
class Step:
    id: str
    kind: str
    purpose: str
    text: str
    segment: str = ""
    say: str = ""
    help: str = ""
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    dimension: str | None = None
    priority: str = "normal"
    required: bool = True
    when: Expr | None = None
    constraint: Expr | None = None
    constraint_message: str = ""
    next: list[NextRule] = field(default_factory=list)
    followup: str | None = None
    indicator: Indicator | None = None
    pain: PainPoint | None = None
    line: int = 0

    @property
    def is_followup(self) -> bool:
        return self.purpose == "followup"


@dataclass
class Segment:
    id: str
    title: str
    minutes: float
    step_ids: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)


@dataclass
class Track:
    key: str
    title: str
    summary: str
    minutes: float
    segments: list[Segment]
    steps: list[Step]
    line: int = 0

    def __post_init__(self) -> None:
        self.index: dict[str, Step] = {s.id: s for s in self.steps}
        self.position: dict[str, int] = {s.id: i for i, s in enumerate(self.steps)}
        self.segment_of: dict[str, Segment] = {
            sid: seg for seg in self.segments for sid in seg.step_ids
        }
        self.successor_cache: dict[str, list[str]] = {}  # filled by script.linter.successors
        self.machine: Any = None  # the track's state machine, built by engine.machine_for

    @property
    def dimensions(self) -> list[str]:
        """Dimension keys in the order they first come up (a dimension may span segments)."""
        return list(dict.fromkeys(d for seg in self.segments for d in seg.dimensions))


@dataclass
class Script:
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
