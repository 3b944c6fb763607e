"""Contradictions caught from the answers themselves: declared cross-checks (an indicator against
an outcome answer, or phrases in free text) lead to one neutral clarifying question quoting both
statements, a `contradiction` flag quoting both turns, and lower confidence until clarified."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import MINI, drive, persona

from interviewer.engine.interview import Ask, Interview
from interviewer.scoring import DimensionScore
from interviewer.script import Script, validate

SKIP = "/skip"


def consistent(
    overrides: dict[str, str] | None = None, clarify: str = SKIP
) -> Callable[[Ask], str]:
    """An interviewee who says yes to every indicator and whose other answers fit, except for
    `overrides` (step id -> what they type); a clarifying question gets `clarify`."""
    base = persona("yes", 4)
    fitting = {
        "automation_workflows.outcome.retrain-trigger": "metric",
        "business_value.outcome.kpi-share": "all",
        "deployment_serving.outcome.rollback-time": "minutes",
        "monitoring_observability.outcome.detection-path": "alert",
    }
    answers = {**fitting, **(overrides or {})}

    def answer(ask: Ask) -> str:
        if ask.step.purpose == "contradiction":
            return clarify
        return answers.get(ask.step.id) or base(ask)

    return answer


class Case(NamedTuple):
    overrides: dict[str, str]
    dimension: str
    check: str
    indicator: str
    quotes: tuple[str, str]  # a piece of each statement the question and the flag must quote
    critical: bool


CASES = {
    # the three from the issue
    "monitoring-share": Case(
        {"monitoring_observability.outcome.monitored-share": "10"},
        "monitoring_observability",
        "monitored-share",
        "perf-monitoring",
        ("Yes to “Every production model has automated monitoring", "10 to “Roughly what"),
        True,
    ),
    "personal-notebooks": Case(
        {
            "model_development.open.experiments": "We tried MLflow once. Honestly, most "
            "experiments live in personal notebooks. Nobody minds."
        },
        "model_development",
        "personal-notebooks",
        "experiment-tracking",
        (
            "Yes to “Most experiments are logged in a shared tracking tool",
            "“Honestly, most experiments live in personal notebooks.”",
        ),
        True,
    ),
    "nobody-remeasures": Case(
        {
            "business_value.open.measuring-impact": "We measured the uplift at launch, but "
            "nobody re-measures it."
        },
        "business_value",
        "nobody-remeasures",
        "kpi-tracked",
        (
            "Yes to “The business KPI of each production model is measured regularly",
            "“We measured the uplift at launch, but nobody re-measures it.”",
        ),
        False,
    ),
    # our own
    "infrastructure-only": Case(
        {
            "monitoring_observability.open.what-is-watched": "Only infrastructure: CPU, "
            "memory, uptime… nothing on model quality."
        },
        "monitoring_observability",
        "infrastructure-only",
        "perf-monitoring",
        ("Yes to “Every production model", "“Only infrastructure: CPU, memory, uptime…"),
        True,
    ),
    "rollback-minutes": Case(
        {"deployment_serving.ind.rollback": "no"},
        "deployment_serving",
        "rollback-minutes",
        "rollback",
        ("No to “A previous model version has been restored", "“Minutes” to “If a bad model"),
        True,
    ),
    "customers-notice": Case(
        {"monitoring_observability.outcome.detection-path": "customer"},
        "monitoring_observability",
        "customers-notice",
        "alert-before-users",
        ("Yes to “Most model issues in the last year were caught", "to “Thinking about the last"),
        True,
    ),
    "no-owner": Case(
        {
            "governance_compliance.open.ownership": "Whoever built it, I suppose. Once it is "
            "live there is no owner really."
        },
        "governance_compliance",
        "no-owner",
        "named-owners",
        (
            "Yes to “Every production model has a named owner",
            "“Once it is live there is no owner really.”",
        ),
        True,
    ),
    "retrain-by-person": Case(
        {"automation_workflows.outcome.retrain-trigger": "person"},
        "automation_workflows",
        "retrain-by-person",
        "metric-triggered-retraining",
        ("Yes to “Retraining is triggered by monitored metrics", "to “What usually starts a"),
        True,
    ),
}


def interview(
    script: Script, overrides: dict[str, str], clarify: str = SKIP
) -> tuple[Interview, list[Ask]]:
    iv = Interview(script, "full")
    return iv, drive(iv, consistent(overrides, clarify))


def checks_asked(asked: list[Ask]) -> list[Ask]:
    return [a for a in asked if a.step.purpose == "contradiction"]


def flags(score: DimensionScore, code: str) -> list[str]:
    return [f.message for f in score.flags if f.code == code]


def test_answers_that_fit_never_get_a_clarifying_question(script):
    iv, asked = interview(script, {})
    assert checks_asked(asked) == []
    for score in iv.scorecard().dimensions.values():
        assert score.contradictions == ()
        assert not [f for f in score.flags if f.code.startswith("contradiction")]
    assert iv.scorecard().dimensions["monitoring_observability"].confidence == "high"


@pytest.mark.parametrize("name", list(CASES))
def test_a_planted_contradiction_is_asked_about_once_and_flagged_with_both_quotes(script, name):
    case = CASES[name]
    iv, asked = interview(script, case.overrides)
    step_id = f"{case.dimension}.check.{case.check}"
    questions = [a for a in checks_asked(asked) if a.step.id == step_id]
    assert len(questions) == 1, [a.step.id for a in checks_asked(asked)]
    text = questions[0].text
    assert all(q in text for q in case.quotes), text
    assert text.startswith("Earlier you ") and "Which is true today: does your “" in text
    # on the indicator's own scale, the claimed answer worded as the one that stands
    claimed = questions[0].step.options[
        [o.value for o in questions[0].step.options].index(
            "no" if name == "rollback-minutes" else "yes"
        )
    ]
    assert claimed.label.startswith(("Yes, that stands", "No, that stands"))
    assert [o.value for o in questions[0].step.options] == [
        "yes",
        "mostly",
        "partly",
        "no",
        "unknown",
    ]
    # the transcript keeps the question as it was asked
    turn = next(t for t in iv.transcript if t.step.id == step_id)
    assert turn.question == text

    score = iv.scorecard().dimensions[case.dimension]
    (found,) = [c for c in score.contradictions if c.check == case.check]
    assert found.indicator == case.indicator and not found.clarified
    assert found.indicator_step == f"{case.dimension}.ind.{case.indicator}"
    assert found.other_step in iv.answers and found.clarify_step == step_id
    messages = [m for m in flags(score, "contradiction") if case.indicator in m]
    assert len(messages) == 1 and all(q in messages[0] for q in case.quotes), messages
    severity = next(f.severity for f in score.flags if f.message == messages[0])
    assert severity == ("high" if case.critical else "medium")
    assert score.confidence != "high"
    assert not flags(score, "contradiction_clarified")


@pytest.mark.parametrize("name", ["monitoring-share", "nobody-remeasures", "rollback-minutes"])
def test_answering_the_clarifying_question_clears_the_contradiction(script, name):
    case = CASES[name]
    iv, asked = interview(script, case.overrides, clarify="partly: only the two main models")
    clarifying = [a for a in checks_asked(asked) if a.step.check and a.step.check.id == case.check]
    assert len(clarifying) == 1
    score = iv.scorecard().dimensions[case.dimension]
    (found,) = [c for c in score.contradictions if c.check == case.check]
    assert found.clarified and found.outcome == "changed" and found.clarified_as == "partly"
    assert iv.answers[found.indicator_step] == "partly"
    assert not [m for m in flags(score, "contradiction") if case.indicator in m]
    clarified = [m for m in flags(score, "contradiction_clarified") if case.indicator in m]
    assert len(clarified) == 1 and all(q in clarified[0] for q in case.quotes)
    assert "changed after clarification to Partly" in clarified[0]


def test_the_three_from_the_issue_together_each_asked_once(script):
    overrides = {
        **CASES["monitoring-share"].overrides,
        **CASES["infrastructure-only"].overrides,
        **CASES["personal-notebooks"].overrides,
        **CASES["nobody-remeasures"].overrides,
    }
    iv, asked = interview(script, overrides)
    ids = sorted(a.step.id for a in checks_asked(asked))
    assert ids == [
        "business_value.check.nobody-remeasures",
        "model_development.check.personal-notebooks",
        "monitoring_observability.check.infrastructure-only",
        "monitoring_observability.check.monitored-share",
    ]
    card = iv.scorecard().dimensions
    for key in ("monitoring_observability", "model_development", "business_value"):
        assert flags(card[key], "contradiction") and card[key].confidence != "high"


def test_revising_the_indicator_stops_the_check_and_it_is_never_asked_again(script):
    case = CASES["monitoring-share"]
    iv, _ = interview(script, case.overrides, clarify="yes: the 10% are the ones that matter")
    indicator = f"{case.dimension}.ind.{case.indicator}"
    step_id = f"{case.dimension}.check.{case.check}"
    now = 90_000.0
    # they revise the indicator: nothing contradicts any more, the flag goes
    for event in iv.interpret("no", now, step_id=indicator).events:
        iv.apply(event)
    drive(iv, consistent(case.overrides), start=now)
    score = iv.scorecard().dimensions[case.dimension]
    assert not [c for c in score.contradictions if c.check == case.check]
    assert not [m for m in score.flags if case.indicator in m.message]
    # and back to yes: the contradiction returns, but the question was asked once already
    for event in iv.interpret("yes", now + 100, step_id=indicator).events:
        iv.apply(event)
    later = drive(iv, consistent(case.overrides), start=now + 100)
    assert step_id not in [a.step.id for a in later]
    score = iv.scorecard().dimensions[case.dimension]
    (found,) = [c for c in score.contradictions if c.check == case.check]
    assert found.clarified and found.outcome == "confirmed"  # the earlier one still stands
    asked_in_transcript = [t for t in iv.transcript if t.step.id == step_id]
    assert len(asked_in_transcript) == 1
    # replaying the log gives the same state
    again = Interview.replay(script, "full", iv.events)
    assert again.answers == iv.answers


def test_a_phrase_in_another_dimension_does_not_count(script):
    _, asked = interview(
        script,
        {
            "deployment_serving.open.last-deploy": "Most experiments live in personal "
            "notebooks, but deployment is automated."
        },
    )
    assert checks_asked(asked) == []


# -- validate -----------------------------------------------------------------------------------

GOOD = """    checks:
      - id: slow-cicd
        indicator: cicd
        when: "answer('deployment_serving.outcome.lead-time') == 'weeks'"
      - id: by-hand
        indicator: cicd
        claims: [yes, mostly, partly]
        phrases: [by hand, from a laptop]
"""


def with_checks(tmp_path: Path, block: str) -> Path:
    text = MINI.read_text()
    anchor = "    outcomes:\n      - id: lead-time"
    assert text.count(anchor) == 1
    path = tmp_path / "checks.yaml"
    path.write_text(text.replace(anchor, block + anchor, 1))
    return path


def line_with(path: Path, needle: str) -> int:
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1) if needle in t)


def test_declared_checks_validate_and_run_on_the_fixture(tmp_path):
    path = with_checks(tmp_path, GOOD)
    assert validate(path) == []
    from interviewer.script import load_script

    mini = load_script(path)
    iv = Interview(mini, "short")
    said = {"deployment_serving.open.how": "We copy it from a laptop, by hand."}
    asked = drive(
        iv,
        lambda a: (
            said.get(a.step.id)
            or ("weeks" if a.step.id.endswith("lead-time") else None)
            or ("y" if a.step.purpose == "contradiction" else persona("yes", 4)(a))
        ),
    )
    # both checks are about one indicator: its one clarification settles both
    ids = [a.step.id for a in checks_asked(asked)]
    assert ids == ["deployment_serving.check.slow-cicd"]
    assert "“Weeks” to “How long from approval to production?”" in checks_asked(asked)[0].text
    found = iv.scorecard().dimensions["deployment_serving"].contradictions
    assert [(c.check, c.outcome, c.clarify_step) for c in found] == [
        ("slow-cicd", "confirmed", "deployment_serving.check.slow-cicd"),
        ("by-hand", "confirmed", "deployment_serving.check.slow-cicd"),
    ]
    assert "“We copy it from a laptop, by hand.”" in found[1].other_quote


@pytest.mark.parametrize(
    ("block", "needle", "message"),
    [
        (
            "      - {id: zz, indicator: nope, phrases: [x]}\n",
            "indicator: nope",
            "check zz: unknown indicator 'nope' in deployment_serving",
        ),
        (
            "      - {id: zz, indicator: cicd}\n",
            "id: zz",
            "check zz: give exactly one of `when`",
        ),
        (
            "      - id: zz\n        indicator: cicd\n        phrases: [x]\n"
            "        when: \"answered('deployment_serving.outcome.lead-time')\"\n",
            "id: zz",
            "check zz: give exactly one of `when`",
        ),
        (
            "      - id: zz\n        indicator: cicd\n        when: \"answer('x' ==\"\n",
            "when:",
            "malformed expression",
        ),
        (
            "      - id: zz\n        indicator: cicd\n"
            "        when: \"answer('monitoring_observability.open.how') == 'x'\"\n",
            "when:",
            "check zz: `when` refers to 'monitoring_observability.open.how'; a check looks only "
            "at the answers of its own dimension",
        ),
        (
            "      - id: zz\n        indicator: cicd\n"
            "        when: \"answer('deployment_serving.outcome.nope') == 'x'\"\n",
            "when:",
            "check zz: `when` refers to unknown step 'deployment_serving.outcome.nope'",
        ),
        (
            "      - id: zz\n        indicator: cicd\n"
            "        when: \"low('deployment_serving')\"\n",
            "when:",
            "check zz: `when` may only look at answers",
        ),
        (
            "      - id: zz\n        indicator: cicd\n        claims: [yes, maybe]\n"
            "        phrases: [x]\n",
            "claims:",
            "check zz: claim 'maybe' is not an indicator answer (yes, mostly, partly, no)",
        ),
        (
            "      - {id: zz, indicator: cicd, phrases: [x]}\n"
            "      - {id: zz, indicator: rollback, phrases: [y]}\n",
            "indicator: rollback",
            "duplicate check id 'zz' in deployment_serving",
        ),
        (
            "      - {id: zz, indicator: cicd, phrases: []}\n",
            "id: zz",
            "check zz: `phrases` is empty",
        ),
        (
            "      - id: zz\n        indicator: cicd\n"
            "        when: \"answer('deployment_serving.outcome.lead-time') + 1 > 2\"\n",
            "id: zz",
            "expression \"answer('deployment_serving.outcome.lead-time') + 1 > 2\" fails when "
            "deployment_serving.outcome.lead-time is 'hours': cannot add text and a number",
        ),
    ],
)
def test_validate_reports_check_problems_with_their_line(tmp_path, block, needle, message):
    path = with_checks(tmp_path, "    checks:\n" + block)
    problems = validate(path)
    expected = f"{path}:{line_with(path, needle)}:"
    assert any(p.startswith(expected) and message in p for p in problems), problems


def test_validate_reports_an_unknown_check_in_contradicted(tmp_path):
    path = with_checks(tmp_path, GOOD)
    text = path.read_text().replace(
        "            priority: optional\n",
        "            priority: optional\n"
        "            when: \"contradicted('deployment_serving', 'nope')\"\n",
        1,
    )
    path.write_text(text)
    problems = validate(path)
    at = line_with(path, "id: budget")
    assert any(
        p.startswith(f"{path}:{at}:") and "unknown check 'nope' of deployment_serving" in p
        for p in problems
    ), problems


def test_why_at_the_clarifying_question_quotes_what_was_detected(script):
    case = CASES["personal-notebooks"]
    iv = Interview(script, "full")
    step_id = f"{case.dimension}.check.{case.check}"
    policy = consistent(case.overrides)
    now = 1000.0
    while iv.asking != step_id:
        ask = iv.ask()
        assert ask is not None, "the clarifying question was never asked"
        now += 5
        for event in iv.interpret(policy(ask), now).events:
            iv.apply(event)
    why = iv.interpret("/why", now).info or ""
    assert "Detected: Yes to “Most experiments are logged" in why
    assert "“Honestly, most experiments live in personal notebooks.”" in why
