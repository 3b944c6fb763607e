"""The script's post-discovery plan (`post_discovery:`), which the organisation report dates:
each step's weeks are checked and read as the report numbers them."""

from __future__ import annotations

import pytest

from interviewer.script.loader import parse_script

BASE = """
id: t
version: 1
title: T
levels: {1: a, 2: b, 3: c, 4: d, 5: e}
tracks: {}
dimensions: {}
"""


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("post_discovery:\n  - {weeks: '0', title: A, text: B}\n", "must be a week"),
        ("post_discovery:\n  - {weeks: 3-2, title: A, text: B}\n", "must be a week"),
        ("post_discovery:\n  - {weeks: soon, title: A, text: B}\n", "must be a week"),
        ("post_discovery:\n  - {weeks: '1', title: A}\n", "missing `text`"),
        ("post_discovery:\n  - {weeks: '1', title: A, text: B, when: x}\n", "unknown field"),
        (
            "post_discovery:\n  - {weeks: 2-3, title: A, text: B}\n"
            "  - {weeks: '1', title: C, text: D}\n",
            "list them in order",
        ),
        ("post_discovery:\n  - just a line\n", "must be a mapping"),
        ("post_discovery: {weeks: 1}\n", "must be a list"),
    ],
)
def test_post_discovery_is_checked(block, message):
    _, problems = parse_script(BASE + block, build_all=False)
    found = [p for p in problems if "post_discovery" in p.message or message in p.message]
    assert any(message in p.message for p in found), problems
    assert all(p.line > 0 for p in found)


def test_post_discovery_is_read():
    script, problems = parse_script(
        BASE + "post_discovery:\n  - {weeks: 1, title: A, text: B}\n"
        "  - {weeks: '2-3', title: C, text: D}\n",
        build_all=False,
    )
    assert script is not None
    assert not [p for p in problems if "post_discovery" in p.message]
    assert [(s.weeks, s.label, s.first_week) for s in script.post_discovery] == [
        ("1", "Week 1", 1),
        ("2-3", "Weeks 2-3", 2),
    ]
