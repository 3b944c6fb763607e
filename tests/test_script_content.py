"""The built-in script's authored recommendations: what a consultant would check by hand.

Every level 2-3 indicator and every pain point has an action that addresses it; every guide
opportunity is realised by an action marked as the guide's; titles are things a team can start
on (an imperative verb, no "you", no full stop); each action names a metric of its dimension,
an owner, an effort and a phase; no two actions are the same piece of work; and nothing depends
on work planned for a later phase.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import MINI

from interviewer.script import builtin_script_path, load_script, validate
from interviewer.script.model import EFFORTS, PHASES, Dimension
from interviewer.script.yaml_lines import load_yaml

SCRIPT = load_script()
DIMENSIONS = list(SCRIPT.dimensions.values())
ACTIONS = {a.id: a for d in DIMENSIONS for a in d.actions}

# The verbs action titles start with. A new title with another verb: check it is imperative
# ("Monitor ...", not "Monitoring ..." or "Models are ..."), then add it here.
VERBS = {
    "Add",
    "Extend",
    "Scale",
    "Train",
    "Adopt",
    "Agree",
    "Alert",
    "Appoint",
    "Attach",
    "Attribute",
    "Automate",
    "Autoscale",
    "Bring",
    "Build",
    "Choose",
    "Compare",
    "Create",
    "Define",
    "Deploy",
    "Encode",
    "Find",
    "Forecast",
    "Generate",
    "Join",
    "Log",
    "Make",
    "Manage",
    "Map",
    "Measure",
    "Monitor",
    "Move",
    "Name",
    "Optimise",
    "Orchestrate",
    "Pilot",
    "Promote",
    "Publish",
    "Rank",
    "Reallocate",
    "Record",
    "Register",
    "Rehearse",
    "Replace",
    "Require",
    "Resolve",
    "Restrict",
    "Review",
    "Roll",
    "Route",
    "Run",
    "Script",
    "Serve",
    "Set",
    "Show",
    "Start",
    "Take",
    "Test",
    "Tier",
    "Track",
    "Trigger",
    "Tune",
    "Validate",
    "Version",
    "Write",
}

by_dimension = pytest.mark.parametrize("dim", DIMENSIONS, ids=lambda d: d.key)


def addressed_indicators(dim: Dimension) -> set[str]:
    return {i for a in dim.actions for i in a.indicators}


def test_the_builtin_script_validates():
    assert validate(builtin_script_path()) == []


@by_dimension
def test_seven_to_twelve_actions_over_at_least_two_phases(dim):
    """Counted for one organisation: the work for a first model (no model in production yet)
    and the work once a sponsor is named replace other actions rather than add to them; the
    guide's training for a level (`below_level`) is not a practice and is counted apart."""
    given = [
        a
        for a in dim.actions
        if "no-model-yet" not in a.requires and not a.if_named and not a.below_level
    ]
    assert 7 <= len(given) <= 12, [a.id for a in given]
    assert len({a.phase for a in given}) >= 2


def test_the_guides_training_and_change_management_are_actions_at_each_execution_phase():
    """The guide's Execution Phases: core team training (Foundation), expanded team training
    and adoption (Acceleration), organisation-wide scaling and adoption (Optimization)."""
    training = [a for d in load_script().dimensions.values() for a in d.actions if a.below_level]
    assert [(a.phase, a.below_level) for a in training] == [
        ("foundation", 3),
        ("acceleration", 4),
        ("optimization", 5),
    ]
    assert all(a.source == "guide" and a.owner and a.effort and a.metric for a in training)
    assert "train" in training[0].title.lower()
    assert "change-management" in training[1].title.lower()


@by_dimension
def test_an_action_for_a_first_model_clears_the_stated_blocker(dim):
    for action in dim.actions:
        if "no-model-yet" in action.requires:
            assert action.said == ("blocker",) and action.phase == "foundation", action.id


@by_dimension
def test_every_level_two_and_three_indicator_is_addressed(dim):
    needed = {i.id for i in dim.indicators if i.level in (2, 3)}
    assert needed - addressed_indicators(dim) == set()


@by_dimension
def test_most_level_four_indicators_are_addressed(dim):
    level4 = {i.id for i in dim.indicators if i.level == 4}
    assert len(level4 & addressed_indicators(dim)) * 4 >= len(level4) * 3


@by_dimension
def test_level_five_work_is_innovation(dim):
    level5 = {i.id for i in dim.indicators if i.level == 5}
    for action in dim.actions:
        if set(action.indicators) & level5:
            assert action.phase == "innovation", action.id


@by_dimension
def test_every_pain_point_is_addressed(dim):
    addressed = {p for a in dim.actions for p in a.pains}
    assert {p.id for p in dim.pain_points} - addressed == set()


@by_dimension
def test_every_opportunity_is_realised_by_the_guides_own_work(dim):
    covered = addressed_indicators(dim)
    for opp in dim.opportunities:
        assert set(opp.indicators) <= covered, opp.id
        assert any(
            a.source == "guide" and set(a.indicators) & set(opp.indicators) for a in dim.actions
        ), opp.id


@by_dimension
def test_titles_are_imperative_and_impersonal(dim):
    for action in dim.actions:
        title = action.title
        assert title.split()[0] in VERBS, f"{action.id}: {title!r}"
        assert not re.search(r"\b(you|your|yours)\b", title, re.IGNORECASE), action.id
        assert not title.endswith("."), action.id
        assert "\n" not in title and title == title.strip(), action.id


@by_dimension
def test_every_action_has_owner_effort_phase_source_and_a_metric_of_its_dimension(dim):
    metrics = {m.id for m in dim.metrics}
    for action in dim.actions:
        assert action.owner and action.owner[0].isupper(), action.id
        assert action.effort in EFFORTS and action.phase in PHASES, action.id
        assert action.source in ("guide", "added"), action.id
        assert action.metric in metrics, action.id
        assert action.indicators or action.pains or action.below_level, action.id


@by_dimension
def test_no_two_actions_are_the_same_piece_of_work(dim):
    """Two actions with the same indicators (or, for actions addressing pain points only,
    the same pain points) should be one action."""
    seen: dict[tuple[str, frozenset[str], tuple[str, ...]], str] = {}
    for action in dim.actions:
        key = (
            ("indicators", frozenset(action.indicators), action.if_named)
            if action.indicators
            else ("pains", frozenset(action.pains), action.if_named)
            if action.pains
            else ("level", frozenset({str(action.below_level)}), action.if_named)
        )  # an action given only when a role was named replaces the one given otherwise
        assert key not in seen, f"{action.id} and {seen[key]} address the same {key[0]}"
        seen[key] = action.id


@by_dimension
def test_metrics_have_ids_and_only_the_guides_carry_a_benchmark(dim):
    ids = [m.id for m in dim.metrics]
    assert len(ids) == len(set(ids)) and all(not i.startswith("metric-") for i in ids)
    for metric in dim.metrics:
        assert metric.text, metric.id
        if metric.source == "added":
            assert not metric.benchmark, f"{metric.id}: a benchmark is the guide's word"


def test_dependencies_exist_and_never_come_later():
    order = {phase: n for n, phase in enumerate(PHASES)}
    for action in ACTIONS.values():
        for dep in action.depends_on:
            assert dep in ACTIONS, f"{action.id} depends on unknown {dep}"
            assert order[ACTIONS[dep].phase] <= order[action.phase], f"{action.id} -> {dep}"


def test_each_phase_is_used_and_foundations_are_mostly_small():
    phases = [a.phase for a in ACTIONS.values()]
    assert set(phases) == set(PHASES)
    foundation = [a for a in ACTIONS.values() if a.phase == "foundation"]
    assert all(a.effort != "L" for a in foundation), [a.id for a in foundation if a.effort == "L"]


def test_non_technical_work_is_recommended():
    """Executive sponsorship, a proof of concept, training and change management, value
    tracking and policy work, as the guide's success factors and action framework name them."""
    titles = " ".join(a.title.lower() for a in ACTIONS.values())
    for phrase in (
        "executive sponsor",
        "proof of concept",
        "training and change-management",
        "kpi",
        "roi method",
        "risk assessment",
    ):
        assert phrase in titles, phrase


# -- where each item comes from, and the guide content it must carry ------------------------

RAW = yaml.safe_load(builtin_script_path().read_text(encoding="utf-8"))
SOURCED: tuple[str, ...] = (
    "open",
    "indicators",
    "pain_points",
    "opportunities",
    "advanced",
    "outcomes",
)
SOURCED += ("metrics", "actions", "checks")


def _raw_items():
    for key, dim in RAW["dimensions"].items():
        for part in SOURCED:
            for item in dim.get(part) or []:
                yield f"{key}.{part}.{item['id']}", item
    for track_key, track in RAW["tracks"].items():
        for segment in track["segments"]:
            for step in segment["steps"]:
                if "id" in step:  # a placed dimension is not an item
                    yield f"{track_key}.{step['id']}", step


def test_every_item_says_whether_it_is_the_guides_or_ours():
    missing = [name for name, item in _raw_items() if item.get("source") not in ("guide", "added")]
    assert not missing, missing


def test_pain_points_beyond_the_guides_own_are_marked_added():
    """The guide lists pain points for feature engineering only; the others are ours."""
    for key, dim in RAW["dimensions"].items():
        for pain in dim["pain_points"]:
            expected = "guide" if key == "feature_engineering" else "added"
            assert pain["source"] == expected, f"{key}.{pain['id']}"


@by_dimension
def test_at_most_five_indicators_a_level_and_each_one_fact(dim):
    for level in (2, 3, 4, 5):
        assert 3 <= len(dim.indicators_at(level)) <= 5, (dim.key, level)
    for ind in dim.indicators:
        # one observable fact: no "X, and Y" compounds, no second sentence
        assert ", and " not in ind.text, f"{dim.key}.{ind.id}: {ind.text}"
        assert ind.text.count(". ") == 0, f"{dim.key}.{ind.id}: {ind.text}"


def _open_texts(key: str) -> str:
    return " ".join(o["text"] for o in RAW["dimensions"][key]["open"]).lower()


@pytest.mark.parametrize(
    ("key", "phrases"),
    [
        # the guide's discovery questions each dimension asks, in the script's words
        (
            "feature_engineering",
            ["which tools", "how much data", "how fresh", "worked on it", "definition changes"],
        ),
        ("model_development", ["frameworks and libraries"]),
        ("monitoring_observability", ["gone stale", "going stale"]),
        ("governance_compliance", ["retire", "which regulations", "auditor", "fix it"]),
        ("business_value", ["worth what"]),
    ],
)
def test_the_guides_discovery_questions_are_asked(key, phrases):
    said = _open_texts(key)
    assert [p for p in phrases if p in said], (key, phrases)
    for phrase in phrases:
        if phrase in ("gone stale", "going stale"):
            continue
        assert phrase in said, (key, phrase)


def test_governance_always_asks_which_regulations_matter():
    """Model risk, audit trail and compliance: an open question, core, in every track that
    assesses governance, not a follow-up that only a vague answer brings up."""
    step_id = "governance_compliance.open.regulation"
    for track in SCRIPT.tracks.values():
        if "governance_compliance" not in track.dimensions:
            continue
        step = track.index[step_id]
        assert step.priority == "core" and step.when is None, track.key
        assert "regulations" in step.text and "risk" in step.text and "auditor" in step.text


@pytest.mark.parametrize(
    ("key", "indicator", "level"),
    [
        ("model_development", "scripted-promotion", 2),  # semi-automated deployment
        ("model_development", "ci-for-models", 3),  # CI/CD for models
        ("deployment_serving", "simple-serving", 2),  # simple serving infrastructure
        ("automation_workflows", "simple-orchestration", 2),
        ("automation_workflows", "proactive-optimisation", 3),
        ("automation_workflows", "predictive-automation", 4),
        ("governance_compliance", "some-compliance-automation", 2),
        ("governance_compliance", "predictive-security", 4),
    ],
)
def test_the_guides_level_indicators_are_asked(key, indicator, level):
    found = {i.id: i for i in SCRIPT.dimensions[key].indicators}
    assert found[indicator].level == level


def test_the_feature_lead_time_options_cover_the_whole_range():
    """Idea to production: under a day up to months, with no gap (six weeks has an answer),
    and read from the open answer that already gave it."""
    step = SCRIPT.tracks["full"].index["feature_engineering.outcome.feature-lead-time"]
    labels = [o.label for o in step.options]
    assert labels[:5] == [
        "Under a day",
        "A few days",
        "One to two weeks",
        "Three to eight weeks",
        "Longer than two months",
    ]
    assert step.settled_by == ("feature_engineering.open.new-feature",)
    assert any("six weeks" in o.matches for o in step.options)


def _edited(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = builtin_script_path().read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "edited.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return path, line


def test_an_item_without_a_source_is_a_problem_with_its_line(tmp_path):
    """The built-in script marks every item, so validate names one left unmarked."""
    old = "      - id: some-docs\n        source: guide\n"
    path, line = _edited(tmp_path, old, "      - id: some-docs\n")
    assert validate(path) == [
        f"{path}:{line}: feature_engineering: indicator some-docs has no `source` (guide or "
        "added), as the dimension's other items have"
    ]


def test_a_source_other_than_guide_or_added_is_a_problem_with_its_line(tmp_path):
    old = "      - id: frameworks\n        priority: normal\n        source: guide\n"
    path, line = _edited(tmp_path, old, old.replace("source: guide", "source: ours"))
    assert validate(path) == [
        f"{path}:{line + 2}: model_development: open question frameworks: `source` must be one "
        "of guide, added"
    ]
    old = "          - id: strategic-priorities\n"
    text = builtin_script_path().read_text(encoding="utf-8")
    at = text.index(old) + len(old)
    src = text[at:].index("source: guide") + at
    path = tmp_path / "step.yaml"
    path.write_text(text[:src] + "source: invented" + text[src + len("source: guide") :])
    problems = validate(path)
    assert (
        len(problems) == 1 and "step strategic-priorities: `source` must be one of" in problems[0]
    )


def test_a_script_that_marks_no_sources_reads_as_before(mini):
    """User scripts written before `source` (the test fixture marks none) still validate."""
    raw = load_yaml(MINI.read_text(encoding="utf-8"))
    unmarked = [i for d in raw["dimensions"].values() for i in d["indicators"] if "source" not in i]
    assert unmarked and validate(MINI) == []
    assert mini.dimensions  # and it loads


def test_few_advanced_questions_reach_mid_maturity():
    """Every advanced question has its level; at most one a dimension is asked below level 4
    evidence (a team aiming for level 4), so an ordinary interview stays within its length."""
    for key, dim in RAW["dimensions"].items():
        levels = [item.get("level") for item in dim.get("advanced") or []]
        assert levels and all(level in (2, 3, 4, 5) for level in levels), key
        assert sum(level < 5 for level in levels) <= 1, key
