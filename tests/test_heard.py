"""What people say in their own words reaches the interview: a practice heard absent against a
yes (or present against a no) is asked about once, an indicator already spoken to is asked with
the quote in view, and the findings quote what was heard. Through the engine, every dimension,
with wordings that are in neither the script's `checks:` nor its vocabulary."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from conftest import drive, persona
from test_contradictions import checks_asked, interview

from interviewer.engine.interview import Ask, Interview
from interviewer.evidence.reader import sentences
from interviewer.scoring import evidence_from_answers
from interviewer.scoring.dimension import Evidence
from interviewer.scoring.findings import findings
from interviewer.scoring.heard import heard_present


class Heard(NamedTuple):
    step: str  # the free-text step the sentence is typed into
    said: str
    indicator: str
    claim: str = "yes"  # the indicator answer it contradicts


CASES = {
    # the review's wordings
    "no-use-case-list": Heard(
        "business_value.open.prioritising",
        "Honestly? There is no list of use cases. Whoever asks first gets the team.",
        "use-case-list",
    ),
    "no-model-list": Heard(
        "governance_compliance.open.ownership",
        "We don't keep a separate list of our models. Whoever built one looks after it.",
        "model-inventory",
    ),
    "kpi-not-looked-at": Heard(
        "business_value.open.measuring-impact",
        "We agreed a KPI with finance at launch. After that first quarter nobody has looked at "
        "its KPI again.",
        "kpi-tracked",
    ),
    # one more in each dimension
    "unvalidated-inputs": Heard(
        "feature_engineering.open.data-quality",
        "The source data is never validated before our jobs use it, we trust the upstream team.",
        "basic-validation",
    ),
    "model-limits-unwritten": Heard(
        "model_development.open.collaboration",
        "Nobody writes down a model's purpose or its limits, it lives in people's heads.",
        "model-docs",
    ),
    "live-version-unknown": Heard(
        "deployment_serving.open.last-deploy",
        "It went fine, although we can't say which version of the model is live right now.",
        "versioned-artifacts",
    ),
    "predictions-unlogged": Heard(
        "monitoring_observability.open.what-is-watched",
        "Latency and errors. We don't keep the predictions or their inputs anywhere.",
        "prediction-logging",
    ),
    "failures-silent": Heard(
        "automation_workflows.open.failures",
        "A failed pipeline doesn't alert anyone; the report is just empty in the morning.",
        "failure-alerts",
    ),
    # a presence heard against a no
    "alerts-owned": Heard(
        "monitoring_observability.open.degradation",
        "Each alert is routed to the model's owner through PagerDuty.",
        "owned-alerts",
        claim="no",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_heard_contradiction_gets_one_clarifying_question_quoting_the_sentence(script, name):
    case = CASES[name]
    dimension = case.step.split(".")[0]
    overrides = {case.step: case.said, f"{dimension}.ind.{case.indicator}": case.claim}
    # only part in place above the practice's level puts it on the route: a practice heard in
    # place beneath a level that holds is taken as in place, not asked, so never contradicted
    dim = script.dimensions[dimension]
    (level,) = [i.level for i in dim.indicators if i.id == case.indicator]
    overrides.update(
        {f"{dimension}.ind.{i.id}": "partly" for i in dim.indicators if i.level > level}
    )
    iv, asked = interview(script, overrides)
    questions = [a for a in checks_asked(asked) if a.step.dimension == dimension]
    assert [a.step.id for a in questions] == [f"{dimension}.check.heard-{case.indicator}"]
    assert any(f"you said “{s}”" in questions[0].text for s in sentences(case.said))
    assert f"you answered {'Yes' if case.claim == 'yes' else 'No'} to “" in questions[0].text
    (found,) = [c for c in iv.scorecard().dimensions[dimension].contradictions]
    assert found.indicator == case.indicator and found.check == f"heard-{case.indicator}"


@pytest.mark.parametrize(
    ("step", "said"),
    [
        # consistent with the yes
        ("governance_compliance.open.ownership", "Every model has a named owner in our register."),
        (
            "governance_compliance.open.ownership",
            "Not only do we keep a model inventory, we review it monthly.",
        ),
        (
            "governance_compliance.open.ownership",
            "Nobody has ever had trouble finding a model in the inventory.",
        ),
        (
            "automation_workflows.open.end-to-end",
            "Nobody kicks off training by hand any more, the scheduler does it.",
        ),
        # another team, the past, a wish
        (
            "governance_compliance.open.ownership",
            "The insurance team has no model inventory; ours is complete.",
        ),
        ("business_value.open.prioritising", "We used to have no list of use cases."),
        (
            "business_value.open.measuring-impact",
            "If we ever stopped tracking KPIs, finance would be on us within a week.",
        ),
        ("deployment_serving.open.last-deploy", "Two years ago deployments were all manual."),
        # talk about something else
        (
            "monitoring_observability.open.degradation",
            "Nobody on the team had a holiday this summer, it was a busy year.",
        ),
    ],
)
def test_sentences_that_say_no_absence_ask_nothing(script, step, said):
    _, asked = interview(script, {step: said})
    assert [a.step.id for a in checks_asked(asked)] == []


def test_an_indicator_heard_before_it_is_asked_is_asked_with_the_quote(script):
    case = CASES["no-model-list"]
    _, asked = interview(script, {case.step: case.said})
    (ask,) = [a for a in asked if a.step.id == "governance_compliance.ind.model-inventory"]
    assert ask.text == (
        "You mentioned: “We don't keep a separate list of our models.” "
        "There is an up-to-date list of every model in production."
    )
    assert ask.step.kind == "indicator"  # still asked, never filled in from the sentence
    untouched = next(a for a in asked if a.step.id == "governance_compliance.ind.named-owners")
    assert untouched.text == untouched.step.text


def test_the_platform_track_asks_about_a_named_owner_that_nobody_is(script):
    """The review's case: "nobody is named", then yes to named owners and the owner pain
    ticked. The platform track asks the one clarifying question; answered "no", the false yes
    is gone from the level and the finding."""
    pains = script.dimensions["governance_compliance"].pain_points
    orphaned = 1 + [p.id for p in pains].index("orphaned-models")
    base = persona("yes", 4)
    said = {
        "governance_compliance.open.ownership": "When a model misbehaves, nobody is named.",
        "governance_compliance.pains": str(orphaned),
    }
    asked: list[str] = []

    def answer(ask: Ask) -> str:
        asked.append(ask.step.id)
        if ask.step.purpose == "contradiction":
            return "no"
        return said.get(ask.step.id) or base(ask)

    iv = Interview(script, "platform")
    drive(iv, answer)
    score = iv.scorecard().dimensions["governance_compliance"]
    (found,) = score.contradictions
    assert found.indicator == "named-owners"
    assert found.other_quote == "“When a model misbehaves, nobody is named.”"
    assert [a for a in asked if ".check." in a] == [found.clarify_step]
    assert iv.answers["governance_compliance.ind.named-owners"] == "no"
    report = findings(script, iv.track, iv.scorecard(), iv.answers, iv.transcript)
    (dim,) = [f for f in report.dimensions if f.key == "governance_compliance"]
    assert "named owner" not in dim.finding.split(";")[0]  # not reported as the strength


def test_findings_quote_what_was_heard_for_and_against_an_indicator(script):
    said = {
        "governance_compliance.open.ownership": "Every model has a named owner. We don't keep "
        "a separate list of our models though.",
    }
    iv, _ = interview(script, said)
    report = findings(script, iv.track, iv.scorecard(), iv.answers, iv.transcript)
    (dim,) = [f for f in report.dimensions if f.key == "governance_compliance"]
    heard = {(h.indicator, h.polarity, h.quote) for h in dim.heard}
    assert heard == {
        ("named-owners", "present", "Every model has a named owner."),
        ("model-inventory", "absent", "We don't keep a separate list of our models though."),
    }
    turn = iv.transcript.in_force("governance_compliance.open.ownership")
    assert turn is not None and all(h.turn == turn.number for h in dim.heard)


def test_heard_present_names_the_practices_said_to_be_in_place(script):
    track = script.tracks["full"]
    dim = script.dimensions["governance_compliance"]
    answers = {
        "governance_compliance.open.ownership": "Every model has a named owner. Some models are "
        "in the inventory, others not.",
        "governance_compliance.open.regulation": "Access to the training data is restricted by "
        "role. We never had an approval step.",
    }
    ev = evidence_from_answers(track, answers).get("governance_compliance") or Evidence()
    assert heard_present(dim, ev) == {"named-owners", "access-controls"}


def test_the_report_quotes_what_was_heard(script, tmp_path):
    from jsonl_driver import finished_session
    from test_contradictions import consistent

    from interviewer.export.json_export import render_json
    from interviewer.export.markdown import render_markdown
    from interviewer.export.report_data import gather
    from interviewer.store import SessionStore

    case = CASES["no-model-list"]
    sid = finished_session(tmp_path, consistent({case.step: case.said}), track="full")
    data = gather(SessionStore(tmp_path), sid)
    assert (
        "- Heard not in place: there is an up-to-date list of every model in production (turn "
    ) in render_markdown(data)
    (dim,) = [d for d in render_json(data)["findings"] if d["dimension"] == "governance_compliance"]
    assert [(h["indicator"], h["polarity"]) for h in dim["heard"]] == [
        ("model-inventory", "absent")
    ]


def test_the_clarifying_answer_to_a_heard_contradiction_revises_the_practice(script):
    case = CASES["no-model-list"]
    iv, asked = interview(script, {case.step: case.said}, clarify="no")
    assert [a.step.id for a in checks_asked(asked)] == [
        "governance_compliance.check.heard-model-inventory"
    ]
    assert iv.answers["governance_compliance.ind.model-inventory"] == "no"
    (found,) = iv.scorecard().dimensions["governance_compliance"].contradictions
    assert (found.outcome, found.clarified_as) == ("changed", "no")


def test_a_practice_heard_partly_against_a_yes_lowers_the_confidence_without_a_question(script):
    said = {"deployment_serving.open.last-deploy": "Some of our models go through CI."}
    iv, asked = interview(script, said)
    assert [a.step.id for a in checks_asked(asked)] == []
    score = iv.scorecard().dimensions["deployment_serving"]
    assert score.confidence != "high"
    assert any(
        r.startswith(
            "“Some of our models go through CI.” was said in the interview, which "
            "speaks against the answer Yes to “Every model deployment"
        )
        for r in score.reasons
    ), score.reasons


def test_why_says_what_was_heard_and_from_which_words(script):
    case = CASES["no-model-list"]
    base = persona("yes", 4)
    iv = Interview(script, "full")
    target = "governance_compliance.ind.model-inventory"
    while (ask := iv.ask()) is not None and ask.step.id != target:
        drive(iv, lambda a: case.said if a.step.id == case.step else base(a), limit=1)
    why = iv.interpret("/why", 1e6).info or ""
    assert "Heard earlier as not in place: “We don't keep a separate list of our models.” " in why
    assert "(“list of our models” with “not”)" in why


def test_why_says_a_sentence_heard_in_several_answers_once(script):
    """The same sentence typed into three answers is one thing heard, not three lines."""
    case = CASES["no-model-list"]
    base = persona("yes", 4)
    iv = Interview(script, "full")
    target = "governance_compliance.ind.model-inventory"
    while (ask := iv.ask()) is not None and ask.step.id != target:
        said = ask.step.dimension == "governance_compliance" and ask.step.kind == "text"

        def answer(a: Ask, said: bool = said) -> str:
            return case.said if said else base(a)

        drive(iv, answer, limit=1)
    why = iv.interpret("/why", 1e6).info or ""
    assert why.count("Heard earlier as not in place: “We don't keep a separate list") == 1
