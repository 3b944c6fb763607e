"""The evidence reader hears which indicator a sentence speaks to and whether it says present,
absent or partly; measured on a labelled set of interview sentences, most written before the
reader, a fresh part after its tuning (never tuned on)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from interviewer.evidence.measure import load_records, measure
from interviewer.evidence.reader import Heard, lexicon, read
from interviewer.script import Script, builtin_script_path, validate

LABELLED = Path(__file__).parent / "data" / "evidence_sentences.jsonl"


def heard(script: Script, dimension: str, text: str) -> list[Heard]:
    return read(text, lexicon(script.dimensions[dimension]))


def verdicts(script: Script, dimension: str, text: str) -> set[tuple[str, str]]:
    return {(h.indicator, h.polarity) for h in heard(script, dimension, text)}


def test_the_labelled_set_covers_every_dimension_and_names_real_indicators(script):
    records = load_records(LABELLED)
    assert len(records) >= 300
    assert set(Counter(r["dimension"] for r in records)) == set(script.dimensions)
    assert {r["polarity"] for r in records} == {"present", "absent", "partly", "none"}
    for r in records:
        known = {i.id for i in script.dimensions[r["dimension"]].indicators}
        assert set(r["indicators"]) <= known, r


def test_reader_meets_its_floors_on_the_labelled_set(script):
    figures = measure(script, load_records(LABELLED))
    report = "\n".join(figures.misses)
    assert figures.recall["absent"].rate >= 0.8, report
    assert figures.false_absent.rate <= 0.03, report  # each would contradict a yes
    assert figures.false_present.rate <= 0.03, report  # each would contradict a no
    assert figures.recall["present"].rate >= 0.8, report


@pytest.mark.parametrize(
    ("dimension", "text", "indicator"),
    [
        ("business_value", "There is no list of use cases.", "use-case-list"),
        (
            "governance_compliance",
            "We don't keep a separate list of our models.",
            "model-inventory",
        ),
        (
            "business_value",
            "After that first quarter nobody has looked at its KPI again.",
            "kpi-tracked",
        ),
        ("governance_compliance", "If a model misbehaves, nobody is named.", "named-owners"),
        ("deployment_serving", "The deployed models are unversioned.", "versioned-artifacts"),
        (
            "feature_engineering",
            "Features get rebuilt by hand in a notebook.",
            "scheduled-pipelines",
        ),
        (
            "model_development",
            "Results sit in spreadsheets on people's laptops.",
            "experiment-tracking",
        ),
        ("monitoring_observability", "Drift isn't checked anywhere.", "drift-alerts"),
        (
            "automation_workflows",
            "Someone kicks off training when they remember.",
            "scheduled-training",
        ),
    ],
)
def test_absence_in_the_interviewees_own_words(script, dimension, text, indicator):
    assert (indicator, "absent") in verdicts(script, dimension, text)


@pytest.mark.parametrize(
    ("dimension", "text"),
    [
        # pseudo-negations and negated trouble
        ("governance_compliance", "Not only do we keep a model inventory, it is reviewed monthly."),
        ("deployment_serving", "We have had no problem with rollbacks, we did two last quarter."),
        ("model_development", "A model cannot be promoted unless the minimum AUC check passes."),
        # two negations cancel
        ("automation_workflows", "Nobody has to kick off training by hand, the scheduler does it."),
        ("governance_compliance", "No model goes live without a recorded risk assessment."),
        # the past, a wish, another team
        ("governance_compliance", "We used to have no model inventory."),
        ("governance_compliance", "Until last year nobody owned the models."),
        ("governance_compliance", "We would like to build a model inventory one day."),
        ("governance_compliance", "The insurance team has no model inventory."),
        ("business_value", "Another team never measures its KPIs."),
        # unrelated
        ("business_value", "Nobody in finance was surprised by the new office."),
    ],
)
def test_no_absence_is_heard_where_none_is_said(script, dimension, text):
    assert not {v for v in verdicts(script, dimension, text) if v[1] == "absent"}


def test_hedges_are_heard_as_partly(script):
    found = verdicts(script, "governance_compliance", "Some models have an owner, others don't.")
    assert found == {("named-owners", "partly")}
    found = verdicts(script, "monitoring_observability", "Drift checks run for a few models.")
    assert found == {("drift-alerts", "partly")}


def test_what_was_heard_keeps_the_quote_and_the_words_that_decided_it(script):
    said = "We ship every week. There is no list of use cases; we pick what comes."
    (found,) = heard(script, "business_value", said)
    assert found == Heard(
        "use-case-list",
        "absent",
        "There is no list of use cases; we pick what comes.",
        "list of use cases",
        "no",
    )


def test_one_sentence_may_speak_to_several_indicators(script):
    found = verdicts(
        script, "governance_compliance", "We have no model inventory and nobody owns the models."
    )
    assert {("model-inventory", "absent"), ("named-owners", "absent")} <= found


def test_every_indicator_of_the_builtin_script_has_an_evidence_vocabulary(script):
    for dim in script.dimensions.values():
        for ind in dim.indicators:
            assert ind.evidence is not None and ind.evidence.for_terms, (dim.key, ind.id)
            assert ind.evidence.source == "added"


def test_validate_reports_vocabulary_problems_at_their_lines(tmp_path):
    text = builtin_script_path().read_text()
    old = "        evidence:\n          source: added\n          for: [model inventory,"
    assert text.count(old) == 1
    new = (
        "        evidence:\n"
        "          source: added\n"
        "          colour: red\n"
        "          against: []\n"
        "          for: [the of, no registry, Inventory, inventory, model inventory,"
    )
    path = tmp_path / "script.yaml"
    path.write_text(text.replace(old, new))
    at = text[: text.index(old)].count("\n") + 1  # the `evidence:` line
    problems = [p.removeprefix(f"{path}:") for p in validate(path)]
    assert sorted(problems) == sorted(
        [
            f"{at + 2}: indicator model-inventory: unknown key 'colour' in `evidence` "
            "(source, for, against)",
            f"{at + 3}: indicator model-inventory: evidence `against` is empty",
            f"{at + 4}: indicator model-inventory: evidence term 'the of' has no word left to "
            "match once stop words are dropped",
            f"{at + 4}: indicator model-inventory: evidence term 'no registry' holds the "
            "negation 'no': name the practice and let the reader hear the negation",
            f"{at + 4}: indicator model-inventory: evidence term 'inventory' is listed twice",
        ]
    )
