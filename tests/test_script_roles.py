"""Step roles, owners with their fallbacks and named preconditions: read from the script, and
each mistake reported by `validate` at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI

from interviewer.script import load_script, validate

OWNERS = """
owners:
  - name: ML platform lead
    missing: [no platform team]
    fallback: [ML engineering lead, CTO]
  - name: ML engineering lead
    missing: [no ml engineers]
    fallback: [CTO]
  - {name: CTO}
preconditions:
  in-production: 'answer("models") != 0'
"""
TEAM_STEP = """          - id: team
            role: team
            purpose: context
            text: Who works on ML?
"""

REQUIRES = (
    "        phase: acceleration\n",
    "        phase: acceleration\n        requires: [in-production]\n",
)


def script_with(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """MINI with owners, a precondition and a team step, then `changes` applied."""
    text = MINI.read_text().replace("\ndimensions:", OWNERS + "\ndimensions:", 1)
    text = text.replace("          - id: models\n", TEAM_STEP + "          - id: models\n", 1)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "roles.yaml"
    path.write_text(text)
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_roles_owners_and_preconditions_are_read(tmp_path):
    path = script_with(tmp_path, REQUIRES)
    assert validate(path) == []
    script = load_script(path)
    assert script.tracks["short"].index["team"].role == "team"
    assert script.owners["ML platform lead"].fallback == ("ML engineering lead", "CTO")
    cicd = next(a for a in script.dimensions["deployment_serving"].actions if a.id == "cicd")
    assert cicd.requires == ("in-production",)
    assert cicd.owners(script.owners) == ("ML platform lead", "ML engineering lead", "CTO")


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("role: team", "role: coach", "role: coach", "unknown role 'coach'"),
        (
            "          - id: models\n",
            "          - id: models\n            role: blocker\n",
            "role: blocker",
            "a role is read from a text answer",
        ),
        (
            "        owner: ML platform lead\n",
            "        owner: Platform wizard\n",
            "      - id: cicd",
            "owner 'Platform wizard' is not listed in `owners:`",
        ),
        (
            "    fallback: [ML engineering lead, CTO]",
            "    fallback: [ML engineering lead]",
            "  - name: ML platform lead",
            "owner ML platform lead: the answers can rule it and every fallback out",
        ),
        (
            "        owner: ML platform lead\n",
            "        owner: ML platform lead\n        owner_fallback: [ML engineering lead]\n",
            "      - id: cicd",
            "can rule out every owner it names; end its owner_fallback",
        ),
        (
            "    fallback: [ML engineering lead, CTO]",
            "    fallback: [ML engineering lead, Chief wizard]",
            "  - name: ML platform lead",
            "fallback 'Chief wizard' is not listed",
        ),
        (
            "        phase: acceleration\n",
            "        phase: acceleration\n        requires: [someday]\n",
            "      - id: cicd",
            "requires unknown precondition 'someday'",
        ),
        (
            "        phase: acceleration\n",
            "        phase: acceleration\n        unless_named: [boss]\n",
            "      - id: cicd",
            "unless_named: unknown role 'boss'",
        ),
        (
            "addresses: {indicators: [cicd], pains: [slow]}",
            "addresses: {indicators: [cicd], said: [gripe]}",
            "said: [gripe]",
            "unknown role 'gripe'",
        ),
        (
            "  in-production: 'answer(\"models\") != 0'",
            "  in-production: 'level(\"deployment_serving\") > 1'",
            "in-production:",
            "may only look at answers",
        ),
    ],
)
def test_each_mistake_is_reported_at_its_line(tmp_path, old, new, needle, message):
    path = script_with(tmp_path, (old, new))
    problems = validate(path)
    assert any(f":{line_of(path, needle)}:" in p and message in p for p in problems), problems


def test_a_role_is_played_once_per_track_and_a_precondition_looks_at_asked_steps(tmp_path):
    twice = script_with(
        tmp_path,
        ("          - id: budget\n", "          - id: again\n            role: team\n"
         "            text: And who else?\n          - id: budget\n"),
    )  # fmt: skip
    assert any("steps team and again both play the role 'team'" in p for p in validate(twice))
    unasked = script_with(
        tmp_path,
        ("'answer(\"models\") != 0'", "'answer(\"fleet\") != 0'"),
        REQUIRES,
    )
    assert any(
        "precondition in-production looks at 'fleet', not asked here" in p
        for p in validate(unasked)
    )


def test_the_builtin_script_declares_the_roles_the_analysis_reads():
    script = load_script()
    roles = {key: {s.role for s in script.tracks[key].steps if s.role} for key in script.tracks}
    assert {"sponsor", "priorities", "success_criteria", "blocker"} <= roles["executive"]
    assert {"team", "blocker"} <= roles["ml-engineering"]
    assert {"top_priority", "blocker"} <= roles["full"]
    assert all("blocker" in r for r in roles.values())
