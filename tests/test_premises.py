"""A question whose premise an earlier answer denied is not asked, or is asked in the form that
fits what was said (`forms:`): driven through each built-in track, as an interviewee answers."""

from __future__ import annotations

import re

import pytest
from conftest import MINI, drive, persona

from interviewer.engine.context import WalkContext
from interviewer.engine.interview import Ask, Interview
from interviewer.script import Script, validate

ORDINARY = persona("partly", 3)
NO_PIPELINE_RUNS = "Nothing runs on its own. Someone kicks off training by hand every month."


def walk(
    script: Script, track: str, said: dict[str, str], practices: str = "partly"
) -> dict[str, Ask]:
    """The whole interview, answered as `said` says and otherwise as an ordinary interviewee
    whose practices are all answered `practices`; what was asked, by step."""

    def answer(ask: Ask) -> str:
        if ask.step.id in said:
            return said[ask.step.id]
        return practices if ask.step.kind == "indicator" else ORDINARY(ask)

    return {ask.step.id: ask for ask in drive(Interview(script, track), answer)}


# (track, what was said, the question, how it is asked then: words it starts with)
DENIED = [
    (
        "executive",
        {"business_value.ind.kpi-named": "no"},
        "business_value.ind.kpi-tracked",
        "You said production models mostly have no named business KPI.",
    ),
    (
        "executive",
        {"business_value.ind.spend-known": "no"},
        "business_value.ind.roi-method",
        "You said ML spend isn't known project by project.",
    ),
    (
        "executive",
        {
            "business_value.open.prioritising": "Gut feel, mostly. We don't track ML spend.",
            "business_value.ind.spend-known": "no",
        },
        "ml-cost-baseline",
        "You said ML spend isn't tracked, so a best guess is all this needs",
    ),
    (
        "platform",
        # rated 2, level 2 is asked in full: basic-fairness is not one of its spot checks
        {
            "governance_compliance.ind.basic-fairness": "no",
            "governance_compliance.self_rating": "2",
        },
        "governance_compliance.ind.systematic-bias",
        "You said models get no fairness testing before release.",
    ),
    (
        "ml-engineering",
        {
            "monitoring_observability.ind.perf-monitoring": "no",
            "monitoring_observability.ind.drift-alerts": "no",
        },
        "monitoring_observability.ind.alert-before-users",
        "You said models have neither quality monitoring nor drift alerts.",
    ),
    (
        "ml-engineering",
        {
            "monitoring_observability.ind.perf-monitoring": "no",
            "monitoring_observability.ind.drift-alerts": "no",
        },
        "monitoring_observability.ind.owned-alerts",
        "You said models have neither quality monitoring nor drift alerts.",
    ),
    (
        "ml-engineering",
        {"deployment_serving.ind.versioned-artifacts": "no"},
        "deployment_serving.ind.rollback",
        "You said you can't always tell which model version is live.",
    ),
    (
        "data-science",
        {"feature_engineering.ind.scheduled-pipelines": "no"},
        "feature_engineering.ind.feature-tests",
        "You said production features are computed by hand rather than by pipelines.",
    ),
    (
        "tech-lead",
        # rated 2, level 2 is asked in full: ci-for-ml is not one of its spot checks
        {"automation_workflows.ind.ci-for-ml": "no", "automation_workflows.self_rating": "2"},
        "automation_workflows.ind.pipeline-promotion",
        "You said changes to ML code trigger no automated checks.",
    ),
    (
        "ml-engineering",
        {"automation_workflows.open.end-to-end": NO_PIPELINE_RUNS},
        "automation_workflows.open.failures",
        "You said training isn't run by a scheduler yet.",
    ),
    (
        "ml-engineering",
        {"models-in-production": "0"},
        "deployment_serving.open.last-deploy",
        "Walk me through how you expect your first model to get to production.",
    ),
    (
        "ml-engineering",
        {"models-in-production": "0"},
        "monitoring_observability.open.degradation",
        "With nothing in production yet, how do you expect to find out",
    ),
    (
        "ml-engineering",
        {"models-in-production": "0"},
        "monitoring_observability.open.what-is-watched",
        "Once a model is live, what would you watch day to day",
    ),
    (
        "ml-engineering",
        {"models-in-production": "0"},
        "automation_workflows.open.end-to-end",
        "Let's follow one model from new data arriving to a trained model ready to ship.",
    ),
    (
        "tech-lead",
        {"models-in-production": "0"},
        "deployment_serving.open.serving-patterns",
        "With nothing in production yet, how will your first models be used",
    ),
    (
        "tech-lead",
        {"models-in-production": "0"},
        "deployment_serving.open.integration",
        "How will the applications that consume predictions talk to your models",
    ),
    (
        "data-science",
        {"models-in-production": "0"},
        "feature_engineering.open.new-feature",
        "Tell me about the last time someone needed a brand-new feature. Who worked on it "
        "together, and how long did it take from the idea to a model being able to use it?",
    ),
    (
        "data-science",
        {"models-in-production": "0"},
        "model_development.open.experiments",
        "Tell me how someone on your team runs and keeps track of experiments. If a model went",
    ),
    (
        "platform",
        {"models-in-production": "0"},
        "governance_compliance.open.ownership",
        "Once a model is in production, who will be accountable",
    ),
    (
        "executive",
        {"models-in-production": "0"},
        "business_value.open.measuring-impact",
        "Pick the model closest to launch.",
    ),
]


@pytest.mark.parametrize(("track", "said", "step_id", "form"), DENIED)
def test_a_denied_premise_is_asked_in_the_form_that_fits(script, track, said, step_id, form):
    """The rest in place, so the route reaches the question (a team with none of a level's
    practices is not asked the level above); the practice it builds on is asked first."""
    asked = walk(script, track, said, "yes")
    assert asked[step_id].text.startswith(form) or f"” {form}" in asked[step_id].text
    # the same question where nothing denied it: as the script words it, or, a practice
    # beneath a level that holds, taken as in place unasked
    plain = walk(script, track, {}, "yes")
    if step_id not in plain:
        return
    assert form not in plain[step_id].text
    assert plain[step_id].text.startswith(script.tracks[track].index[step_id].text[:40]) or (
        plain[step_id].text.startswith("You mentioned:")
    )


# outcomes that measure production models: not asked when there is none
NOT_ASKED = [
    ("executive", "business_value.outcome.kpi-share"),
    ("data-science", "feature_engineering.outcome.feature-lead-time"),
    ("data-science", "feature_engineering.outcome.realtime-share"),
    ("ml-engineering", "deployment_serving.outcome.model-lead-time"),
    ("ml-engineering", "deployment_serving.outcome.rollback-time"),
    ("ml-engineering", "monitoring_observability.outcome.detection-path"),
    ("ml-engineering", "monitoring_observability.outcome.time-to-detect"),
    ("ml-engineering", "monitoring_observability.outcome.monitored-share"),
    ("tech-lead", "automation_workflows.outcome.retrain-trigger"),
]


@pytest.mark.parametrize(("track", "step_id"), NOT_ASKED)
def test_with_nothing_in_production_its_outcomes_are_not_asked(script, track, step_id):
    assert step_id not in walk(script, track, {"models-in-production": "0"})
    assert step_id in walk(script, track, {"models-in-production": "3"})


def test_absent_hears_a_practice_said_missing_before_it_is_asked(script):
    """absent() reads the interviewee's words until the practice's own question is answered;
    then the answer decides."""
    track = script.tracks["ml-engineering"]
    ctx = WalkContext(script, track)
    ctx.set("automation_workflows.open.end-to-end", NO_PIPELINE_RUNS)
    assert ctx.absent("automation_workflows", "scheduled-training")
    ctx.set("automation_workflows.ind.scheduled-training", "partly")
    assert not ctx.absent("automation_workflows", "scheduled-training")
    ctx.set("automation_workflows.open.end-to-end", "Airflow retrains every model each night.")
    ctx.set("automation_workflows.ind.scheduled-training", "no")
    assert ctx.absent("automation_workflows", "scheduled-training")


BUDGET = "            text: What is the budget?\n"
FORM = """            forms:
              - when: "{when}"
                {extra}text: "{text}"
"""


@pytest.mark.parametrize(
    ("when", "extra", "text", "message"),
    [
        (
            "absent('deployment_serving', 'nope')",
            "",
            "And the budget?",
            "refers to unknown indicator 'nope' of deployment_serving",
        ),
        ("absent('deployment_serving')", "", "And the budget?", "absent() takes 2 argument"),
        ("answer('models') +", "", "And the budget?", "malformed expression"),
        ("answer('models') == 0", "source: ours\n                ", "And?", "`source` must be"),
        ("answer('models') == 0", "", "And {answer:nowhere}?", "{answer:nowhere} names no step"),
    ],
)
def test_a_form_that_cannot_work_is_reported_with_its_line(tmp_path, when, extra, text, message):
    source = MINI.read_text()
    assert BUDGET in source
    path = tmp_path / "forms.yaml"
    path.write_text(source.replace(BUDGET, BUDGET + FORM.format(when=when, extra=extra, text=text)))
    problems = validate(path)
    lines = path.read_text().splitlines()
    near = range(lines.index(BUDGET.rstrip("\n")) + 1, lines.index(BUDGET.rstrip("\n")) + 6)
    assert any(message in p and int(p.split(":")[1]) in near for p in problems), problems


def test_a_form_needs_its_condition(tmp_path):
    path = tmp_path / "forms.yaml"
    path.write_text(
        MINI.read_text().replace(
            BUDGET, BUDGET + '            forms:\n              - text: "Hm?"\n'
        )
    )
    assert any("a form needs `when`" in p for p in validate(path))


# words that take a model running in production for granted
IN_PRODUCTION = re.compile(
    r"production models?\b|production features|(?:a|the) model in production"
    r"|last time a model went to production|pick a model you're proud of"
    r"|if a production model|how do your models get used",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "track", ["executive", "tech-lead", "data-science", "ml-engineering", "platform", "full"]
)
def test_with_nothing_in_production_no_question_takes_a_production_model_for_granted(script, track):
    """Every track read as an interviewee with no model in production would read it: the
    practices (yes/mostly/partly/no, with 'not applicable') and the pain points they tick are
    their own to answer; every other question fits."""
    asked = walk(script, track, {"models-in-production": "0"})
    assumed = [
        (step_id, ask.text)
        for step_id, ask in asked.items()
        if ask.step.kind != "indicator"
        and ask.step.purpose not in ("pain", "pain_detail", "opportunity")
        and IN_PRODUCTION.search(ask.text)
    ]
    assert not assumed
