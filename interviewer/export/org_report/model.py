"""What the organisation report holds: its sessions (one small record each), the consolidated
levels, pain and roadmap, and the sentences that say where the roles agree."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from interviewer.export.capacity import Stated
from interviewer.export.decision_date import Decision
from interviewer.export.org_report.analysis import Quote, SessionAnalysis
from interviewer.export.org_targets import OwnTarget
from interviewer.records import SessionMeta
from interviewer.scoring.business_case import BusinessCase
from interviewer.scoring.platform_comparison import PlatformComparison
from interviewer.scoring.recommend import Elsewhere
from interviewer.scoring.said import Said
from interviewer.script.model import PostDiscoveryStep, Script, Track


@dataclass(frozen=True)
class OrgSession:
    """One session of the organisation: who and where from (its metadata and script), and
    what the report reads from it (its analysis); never its replay."""

    session_id: str
    meta: SessionMeta
    script: Script
    track: Track
    analysis: SessionAnalysis

    @property
    def said(self) -> dict[str, Said]:
        return self.analysis.said


class BusinessFrom(NamedTuple):
    """The business case the report shows, and the session it is from."""

    session: OrgSession
    business: BusinessCase


class PlatformFrom(NamedTuple):
    """The platform evaluation the report shows, scored with the executive's priorities."""

    session: OrgSession
    platform: PlatformComparison


@dataclass
class Role:
    key: str  # the track id
    name: str  # the track's title
    sessions: list[str] = field(default_factory=list)


@dataclass
class DimensionView:
    key: str
    name: str
    weight: float
    by_role: dict[str, list[int]] = field(default_factory=dict)  # role key -> session levels
    scores: dict[str, list[float]] = field(default_factory=dict)  # the same sessions' scores

    @property
    def assessed(self) -> bool:
        return bool(self.by_role)

    def _role_pairs(self) -> dict[str, tuple[int, float]]:
        """Each role's (level, score): the lower median of its sessions' levels, with the score
        of the session it comes from (ties broken by the lower score)."""
        out = {}
        for r, lvs in self.by_role.items():
            pairs = sorted(zip(lvs, self.scores.get(r, [float(lv) for lv in lvs]), strict=True))
            out[r] = pairs[(len(pairs) - 1) // 2]
        return out

    @property
    def role_levels(self) -> dict[str, int]:
        """Each role's level: the lower median of its sessions' levels."""
        return {r: pair[0] for r, pair in self._role_pairs().items()}

    @property
    def role_scores(self) -> dict[str, float]:
        """Each role's score beside its level: the score of the session its level comes from."""
        return {r: pair[1] for r, pair in self._role_pairs().items()}

    def role_shown(self, role: str) -> str:
        """A role's level with its score beside it: "3 (3.4)"."""
        return f"{self.role_levels[role]} ({self.role_scores[role]:.1f})"

    @property
    def consolidated_score(self) -> float | None:
        """The score beside the organisation's level: that of the role whose level it is."""
        pairs = sorted(self._role_pairs().values())
        return pairs[(len(pairs) - 1) // 2][1] if pairs else None

    @property
    def consolidated_shown(self) -> str:
        """The organisation's level with its score beside it: "3 (3.4)"."""
        if self.consolidated is None or self.consolidated_score is None:
            return "-"
        return f"{self.consolidated} ({self.consolidated_score:.1f})"

    @property
    def levels(self) -> list[int]:
        return [lv for lvs in self.by_role.values() for lv in lvs]

    @property
    def consolidated(self) -> int | None:
        levels = list(self.role_levels.values())
        return int(statistics.median_low(levels)) if levels else None

    @property
    def spread(self) -> int | None:
        """Between roles, and only where two or more roles assessed the dimension."""
        if len(self.by_role) < 2:
            return None
        levels = self.role_levels.values()
        return max(levels) - min(levels)


@dataclass
class Overall:
    score: float | None  # weighted mean of the consolidated levels; None if nothing assessed
    coverage: float  # the share of the dimensions' weight assessed
    assessed: int
    total: int


@dataclass
class Pain:
    dimension: str
    pain_id: str
    text: str
    worst: int = 0
    sessions: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # role keys
    hurts_most: list[str] = field(default_factory=list)  # sessions that said it hurts most


@dataclass
class Item:
    """One action, consolidated across the sessions that recommend it."""

    id: str
    dimension: str
    title: str
    owner: str
    effort: str
    phase: str
    metric: str
    depends_on: tuple[str, ...]
    source: str
    priority: float = 0.0  # the most any one session needs it
    sessions: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # role keys
    addresses: list[str] = field(default_factory=list)  # what it fixes, each once
    clears: bool = False  # a session's stated blocker is what it addresses
    # what it depends on in an area no session assessed: for the session that assesses it
    elsewhere: list[Elsewhere] = field(default_factory=list)


@dataclass
class Phase:
    key: str
    shown: list[Item]
    more: list[Item]  # the long tail: listed in the roadmap's appendix, numbered on

    @property
    def more_sessions(self) -> list[str]:
        return list(dict.fromkeys(s for item in self.more for s in item.sessions))


@dataclass
class Coverage:
    dimension: str
    name: str
    items: int  # roadmap items for it, shown or not
    shown: int
    line: str  # what the report says


@dataclass
class Voice:
    """One session's answers to the strategy questions."""

    session: str
    role: str
    participant: str
    quotes: list[Quote]


@dataclass
class OrgReport:
    org: str
    date: date
    script: Script  # the newest session's: it names and weighs the dimensions
    sessions: list[OrgSession]
    roles: dict[str, Role]
    dimensions: list[DimensionView]  # every dimension of the script, assessed or not
    overall: Overall
    pains: list[Pain]
    items: list[Item]
    phases: list[Phase]
    coverage: list[Coverage]
    strategy: list[Voice]
    regulations: list[tuple[str, str, str]]  # (session, role, words)
    business: BusinessFrom | None  # the newest session's with a business case
    platform: PlatformFrom | None  # the newest session's that rated platforms, weighted by
    # the newest executive's evaluation priorities
    post_discovery: tuple[PostDiscoveryStep, ...]
    skipped: list[str]
    anonymised: bool = False  # names, organisation, ids and times of day left out
    # opened (an invitation link, the consent) and nothing answered: out of every figure
    not_started: list[OrgSession] = field(default_factory=list)
    decision: Decision | None = None  # the decision date the sessions gave, where one reads
    capacity: Stated | None = None  # where a session said no one can be added
    own_targets: list[OwnTarget] = field(default_factory=list)  # their numbers for its metrics

    def role_name(self, key: str) -> str:
        role = self.roles.get(key)
        return role.name if role else key

    @property
    def assessed(self) -> list[DimensionView]:
        return [d for d in self.dimensions if d.assessed]

    @property
    def gaps(self) -> list[str]:
        """A sentence per dimension two or more roles assessed: agreement or spread."""
        out = []
        for d in self.assessed:
            spread = d.spread
            if spread is None:
                continue
            levels = d.role_levels
            at = ", ".join(f"{self.role_name(r)} at {d.role_shown(r)}" for r in levels)
            if spread == 0:
                out.append(
                    f"{d.name}: the {len(levels)} roles that assessed it agree, at level "
                    f"{d.consolidated} ({at})."
                )
            elif spread == 1:
                out.append(f"{d.name}: {at}; the roles are one level apart.")
            else:
                out.append(
                    f"{d.name}: {at}. A spread of {spread} levels between roles is itself a "
                    "finding: perceptions of this area differ; ask why before acting on either."
                )
        return out

    @property
    def single_role(self) -> list[DimensionView]:
        return [d for d in self.assessed if len(d.by_role) == 1]
