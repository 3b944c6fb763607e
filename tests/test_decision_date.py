"""The decision date read from the executive's words, as the organisation report dates its
post-discovery plan by it."""

from __future__ import annotations

from datetime import date

import pytest

from interviewer.export.decision_date import read_due

SAID_ON = date(2026, 9, 15)


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("The CFO signs it off before the November budget round", date(2026, 11, 1)),
        ("By end of Q1, when the budget is set", date(2027, 3, 31)),
        ("Q4 2027 at the latest", date(2027, 12, 31)),
        ("The board meets on 2027-02-10", date(2027, 2, 10)),
        ("By 31 March 2027", date(2027, 3, 31)),
        ("March 15th", date(2027, 3, 15)),
        ("The steering group meets in Sept", date(2026, 9, 1)),
        ("In June", date(2027, 6, 1)),
    ],
)
def test_the_date_is_read_from_the_words_and_a_year_not_given_is_the_next(words, due):
    assert read_due(words, SAID_ON) == due


@pytest.mark.parametrize(
    "words",
    ["We may decide soon", "Our marketing budget decides", "Not decided yet", "31 February"],
)
def test_words_without_a_date_give_none(words):
    assert read_due(words, SAID_ON) is None
