"""Whether a session said the organisation's people are fixed ("no new headcount this year"),
and where a roadmap phase then asks more of one owner than that allows.

The rule, ours: with no new people, one owner carries at most PER_OWNER medium or large
actions (about a quarter or more each) in one phase; small ones (weeks) are not counted. The
excess is flagged, not moved: which work waits is the organisation's call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol

from interviewer.scoring.said import Said
from interviewer.script.model import Track

# what says no one can be added (lower case, apostrophes straight)
LIMITED = (
    "no new headcount",
    "no headcount",
    "no extra headcount",
    "no additional headcount",
    "hiring freeze",
    "can't hire",
    "cannot hire",
    "no new hires",
    "not hiring",
    "no new people",
    "no extra people",
)
PER_OWNER = 2  # medium or large actions one owner carries in one phase, with no new people
COUNTED = ("M", "L")
ROLES_READ = ("capacity", "team")  # the steps whose answers can say it


class Stated(NamedTuple):
    """Where a session said its people are fixed."""

    words: str
    session: str
    turn: int
    track: str  # the session's track title


class _Session(Protocol):
    """What is read of a session: its role answers (`scoring.said.role_answers`)."""

    @property
    def session_id(self) -> str: ...
    @property
    def track(self) -> Track: ...
    @property
    def said(self) -> Mapping[str, Said]: ...


class _Work(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def effort(self) -> str: ...


class Over(NamedTuple):
    """One owner's medium or large actions in one phase, beyond what they can carry."""

    owner: str
    ids: tuple[str, ...]  # all of them, in the roadmap's order

    @property
    def excess(self) -> tuple[str, ...]:
        return self.ids[PER_OWNER:]


def capacity_stated(sessions: Sequence[_Session]) -> Stated | None:
    """The newest session whose capacity or team answer says no one can be added."""
    for data in reversed(sessions):
        said = data.said
        for role in ROLES_READ:
            answer = said.get(role)
            if answer is None:
                continue
            text = " ".join(answer.text.lower().replace("\u2019", "'").split())
            if any(phrase in text for phrase in LIMITED):
                return Stated(answer.text, data.session_id, answer.turn, data.track.title)
    return None


def over_capacity(work: Sequence[_Work]) -> list[Over]:
    """Per owner, in the order the work is given, the medium or large actions of one phase
    when there are more than PER_OWNER."""
    by_owner: dict[str, list[str]] = {}
    for item in work:
        if item.effort in COUNTED:
            by_owner.setdefault(item.owner, []).append(item.id)
    return [Over(owner, tuple(ids)) for owner, ids in by_owner.items() if len(ids) > PER_OWNER]
