"""The date a decision is due, read from what was said at the step playing the `decision` role
("before the November budget round", "by end of Q1", "2027-03-31"), so the organisation
report dates the post-discovery plan by it and says when it has passed."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple, Protocol

from interviewer.records import SessionMeta
from interviewer.scoring.said import Said

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_WORDS = {
    **{m: n for n, m in enumerate(MONTHS, 1)},
    **{m[:3]: n for n, m in enumerate(MONTHS, 1)},
}
MONTH_WORDS["sept"] = 9
_MONTH = r"(" + "|".join(sorted(MONTH_WORDS, key=len, reverse=True)) + r")\b"
_YEAR = r"(?:,?\s+(20\d\d))?"
ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + _YEAR)
MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b" + _YEAR)
QUARTER = re.compile(r"\bq([1-4])\b" + _YEAR)
MONTH = re.compile(r"\b" + _MONTH + _YEAR)


class _Session(Protocol):
    """What is read of a session: when it started and its role answers."""

    @property
    def session_id(self) -> str: ...
    @property
    def meta(self) -> SessionMeta: ...
    @property
    def said(self) -> Mapping[str, Said]: ...


class Decision(NamedTuple):
    """The decision date read from a session, with the words it was read from."""

    due: date
    words: str
    session: str
    turn: int


def _dated(year: str | None, make: Callable[[int], date], said_on: date) -> date | None:
    """The date in the year given, else the first year that puts it on or after `said_on`."""
    try:
        if year:
            return make(int(year))
        due = make(said_on.year)
        return due if due >= said_on else make(said_on.year + 1)
    except ValueError:  # 31 February
        return None


def _day(month: int, day: int) -> Callable[[int], date]:
    return lambda y: date(y, month, day)


def _quarter_end(quarter: int) -> Callable[[int], date]:
    if quarter == 4:
        return lambda y: date(y, 12, 31)
    return lambda y: date(y, quarter * 3 + 1, 1) - timedelta(days=1)


def read_due(text: str, said_on: date) -> date | None:
    """The first date the words give: an ISO date, a day and month, a quarter (its last day,
    calendar quarters) or a month (its first day: the decision comes before it); a year not
    given is the first that puts the date on or after the day it was said. None when the
    words give no date."""
    said = " ".join(text.lower().replace("\u2019", "'").split())
    if m := ISO.search(said):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    for pattern, day_at, month_at in ((DAY_MONTH, 1, 2), (MONTH_DAY, 2, 1)):
        if m := pattern.search(said):
            return _dated(m[3], _day(MONTH_WORDS[m[month_at]], int(m[day_at])), said_on)
    if m := QUARTER.search(said):
        return _dated(m[2], _quarter_end(int(m[1])), said_on)
    for m in MONTH.finditer(said):
        if m[1] != "may" or m[2]:  # "we may decide" is not May
            return _dated(m[2], _day(MONTH_WORDS[m[1]], 1), said_on.replace(day=1))
    return None


def _said_on(data: _Session, fallback: date) -> date:
    started = float(data.meta.started)
    if started <= 0:
        return fallback
    return datetime.fromtimestamp(started, tz=UTC).date()


def decision_date(sessions: Sequence[_Session], today: date) -> Decision | None:
    """The newest session's decision date that can be read, with its words."""
    for data in reversed(sessions):
        said = data.said.get("decision")
        if said is None:
            continue
        due = read_due(said.text, _said_on(data, today))
        if due is not None:
            return Decision(due, said.text, data.session_id, said.turn)
    return None
