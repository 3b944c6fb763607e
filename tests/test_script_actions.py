"""Authored metrics and actions: read with every field; each mistake reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI

from interviewer.script import load_script, validate
from interviewer.script.model import Action, Metric


def mutate(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text()
    assert old in text, old
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_metrics_and_actions_are_read_with_every_field():
    dim = load_script(MINI).dimensions["deployment_serving"]
    assert dim.metrics[0] == Metric(
        "lead-time", "Cut the time from approval to production to hours", "lead-time", "hours"
    )
    assert dim.metrics[1].source == "added"
    cicd = next(a for a in dim.actions if a.id == "cicd")
    assert isinstance(cicd, Action)
    assert (cicd.owner, cicd.effort, cicd.phase, cicd.metric) == (
        "ML platform lead",
        "M",
        "acceleration",
        "lead-time",
    )
    assert cicd.indicators == ("cicd",) and cicd.pains == ("slow",)
    assert cicd.depends_on == ("script-deploys",) and cicd.source == "guide"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "addresses: {indicators: [cicd], pains: [slow]}",
            "addresses: {indicators: [cicdd]}",
            "cicdd",
            "unknown indicator 'cicdd'",
        ),
        (
            "addresses: {indicators: [cicd], pains: [slow]}",
            "addresses: {pains: [slowly]}",
            "slowly",
            "unknown pain point 'slowly'",
        ),
        (
            "        metric: incidents\n",
            "        metric: nothing\n",
            "metric: nothing",
            "unknown metric 'nothing'",
        ),
        (
            "        phase: acceleration\n",
            "        phase: someday\n",
            "phase: someday",
            "`phase` must be one of",
        ),
        ("        effort: M\n", "        effort: XL\n", "effort: XL", "`effort` must be one of"),
        (
            "        source: added\n",
            "        source: folklore\n",
            "source: folklore",
            "`source` must be one of",
        ),
        (
            "        baseline: lead-time\n",
            "        baseline: nope\n",
            "baseline: nope",
            "baseline 'nope' is not an outcome question",
        ),
        (
            "        depends_on: [script-deploys]\n",
            "        depends_on: [ghost]\n",
            "      - id: cicd",
            "depends on unknown action 'ghost'",
        ),
        (
            "      - id: rollback-drill\n",
            "      - id: cicd\n",
            "id: cicd",
            "duplicate action id 'cicd'",
        ),
        (
            "addresses: {indicators: [rollback], pains: [breaks]}",
            "addresses: {}",
            "      - id: rollback-drill",
            "must address at least one indicator, pain point, stated answer or level",
        ),
    ],
)
def test_each_mistake_in_an_action_is_reported_at_its_line(tmp_path, old, new, needle, message):
    path = mutate(tmp_path, old, new)
    problems = validate(path)
    assert any(message in p for p in problems), problems
    if message.startswith("duplicate action"):
        return  # reported where the second one is
    assert any(f":{line_of(path, needle)}:" in p and message in p for p in problems), problems


def test_a_dependency_on_later_work_and_a_cycle_are_refused(tmp_path):
    later = mutate(
        tmp_path,
        "        phase: foundation\n        addresses: {indicators: [scripted",
        "        phase: optimization\n        addresses: {indicators: [scripted",
    )
    assert any(
        "depends on script-deploys (optimization), which comes later" in p for p in validate(later)
    )
    cycle = mutate(
        tmp_path,
        "        metric: lead-time\n      - id: cicd",
        "        metric: lead-time\n        depends_on: [cicd]\n      - id: cicd",
    )
    assert any("cycle: " in p and "cicd" in p for p in validate(cycle))


def test_the_guides_plain_metric_list_still_reads():
    text = MINI.read_text()
    assert "metrics:" in text
    dim = load_script().dimensions["feature_engineering"]
    assert all(m.text for m in dim.metrics)
