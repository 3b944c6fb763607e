"""An answer's options say what they mean in the words of the question: an indicator's scale
names what its statement counts (`unit:`), and a rating lists what its numbers mean."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI

from interviewer.script import Script, Track, load_script, validate


def labels(script: Script, track: str, step_id: str) -> list[str]:
    return labels_of(script.tracks[track], step_id)


def labels_of(track: Track, step_id: str) -> list[str]:
    return [o.label for o in track.index[step_id].options]


def test_an_indicator_about_reports_is_not_answered_in_models(script):
    """The issue's case: 'reported to executives on a regular cadence' counts no models."""
    shown = labels(script, "executive", "business_value.ind.exec-reporting")
    assert "Mostly — largely, a few gaps" in shown
    assert "Partly — in places, or done by hand" in shown
    assert not any("model" in label for label in shown)


@pytest.mark.parametrize(
    ("track", "step_id", "unit"),
    [
        ("executive", "business_value.ind.kpi-named", "models"),
        ("executive", "business_value.ind.spend-known", "projects"),
        ("data-science", "feature_engineering.ind.some-docs", "features"),
        ("data-science", "model_development.ind.experiment-tracking", "experiments"),
        ("ml-engineering", "deployment_serving.ind.versioned-apis", "APIs"),
        ("ml-engineering", "monitoring_observability.ind.owned-alerts", "alerts"),
    ],
)
def test_an_indicator_names_what_its_statement_counts(script, track, step_id, unit):
    shown = labels(script, track, step_id)
    assert f"Mostly — most {unit}, a few gaps" in shown
    assert f"Partly — some {unit}, or done by hand" in shown


def test_a_clarifying_question_offers_its_indicators_words(script):
    """A cross-check on a statement about projects settles it in the statement's words."""
    check = script.tracks["executive"].index["business_value.check.heard-spend-known"]
    assert check.check is not None and check.check.indicator == "spend-known"
    shown = [o.label for o in check.options]
    assert "Mostly — most projects, a few gaps" in shown
    assert "Not applicable here" not in shown


def with_units(tmp_path: Path, dimension: str, indicator: str) -> Path:
    text = MINI.read_text()
    old = "      - {id: canary, level: 4, text: Canary releases are routine.}"
    assert old in text and "    indicators:\n" in text
    text = text.replace("    indicators:\n", f"{dimension}    indicators:\n", 1)
    path = tmp_path / "units.yaml"
    path.write_text(text.replace(old, old[:-1] + indicator + "}", 1))
    return path


def test_a_dimensions_unit_holds_for_its_indicators_unless_one_names_its_own(tmp_path):
    path = with_units(tmp_path, "    unit: deployments\n", ", unit: releases")
    assert validate(path) == []
    steps = load_script(path).tracks["short"]
    assert "Mostly — most deployments, a few gaps" in labels_of(
        steps, "deployment_serving.ind.scripted"
    )
    assert "Mostly — most releases, a few gaps" in labels_of(steps, "deployment_serving.ind.canary")
    neutral = with_units(tmp_path, "    unit: deployments\n", ', unit: ""')
    assert "Mostly — largely, a few gaps" in labels_of(
        load_script(neutral).tracks["short"], "deployment_serving.ind.canary"
    )


@pytest.mark.parametrize(
    ("dimension", "indicator", "needle"),
    [
        ("    unit: '{models}'\n", "", "unit: '{models}'"),
        ("", ", unit: [models]", "id: canary"),
        ("", ', unit: "models; with a few gaps"', "id: canary"),
        ("", ", unit: models and then a great many more words than fit", "id: canary"),
    ],
)
def test_a_unit_that_is_not_a_plural_noun_is_reported_with_its_line(
    tmp_path, dimension, indicator, needle
):
    path = with_units(tmp_path, dimension, indicator)
    problems = validate(path)
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines, 1) if needle in line)
    assert any(p.startswith(f"{path}:{at}:") and "`unit`" in p for p in problems), problems
