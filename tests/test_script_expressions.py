"""Expressions are total and bounded: validate finds the ones that would fail, and at run time
a failure is false plus a warning, never a crash (issue bug 4; bug 5 for huge expressions)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ask_of

from interviewer.script import validate
from interviewer.script.expressions import ExpressionError, compile_expression

RULE = "if: \"answer('role') == 'exec'\""


class Ctx:
    """An interview where `role` was answered 'eng' and nothing else."""

    answers: dict[str, Any] = {"role": "eng"}

    def answered(self, step: str) -> bool:
        return step in self.answers

    def answer(self, step: str) -> Any:
        return self.answers.get(step)

    def selected(self, step: str, option: str) -> bool:
        return self.answers.get(step) == option

    def level(self, dimension: str) -> int:
        return 2

    def low(self, dimension: str) -> bool:
        return True

    def high(self, dimension: str) -> bool:
        return False

    def reachable(self, dimension: str, level: int) -> bool:
        return True

    def inconsistent(self, dimension: str) -> bool:
        return False

    def contradicted(self, dimension: str, check: str) -> bool:
        return False

    def absent(self, dimension: str, indicator: str) -> bool:
        return False

    def asks(self, dimension: str, indicator: str) -> bool:
        return False

    def routing(self, dimension: str) -> bool:
        return False


def with_rule(tmp_path: Path, condition: str) -> tuple[Path, int]:
    text = MINI.read_text()
    assert RULE in text
    path = tmp_path / "script.yaml"
    path.write_text(text.replace(RULE, f"if: {condition!r}", 1))
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "goto: budget" in t)
    return path, line


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        ("1 / 0 > 0", "fails always: division by zero"),
        ("answer('role') + 1", "fails when role is 'eng': cannot add text and a number"),
        ("-'abc'", "cannot negate text"),
        ("len('xxx' * 1024 * 1024 * 1024)", "cannot multiply text and a number"),
        ("answer('models') > 'many'", "cannot compare a number with text"),
        ("len(answer('models')) > 1", "len() of a number"),
        ("3 in answer('role')", "cannot look for a number in text"),
    ],
)
def test_validate_reports_an_expression_that_would_fail_with_its_line(tmp_path, condition, reason):
    path, line = with_rule(tmp_path, condition)
    started = time.perf_counter()
    problems = validate(path)
    assert time.perf_counter() - started < 5  # nothing is allocated for 'xxx' * 1024**3
    hits = [p for p in problems if reason in p]
    assert hits and hits[0].startswith(f"{path}:{line}: step role: expression"), problems


def test_expressions_that_cannot_fail_are_not_reported(tmp_path):
    for condition in (
        "answer('models') + 1 > 3",  # unanswered: none + 1 is none, and none > 3 is false
        "answered('models') and answer('models') / 2 >= 1",
        "'eng' in answer('role') or len(answer('role')) == 0",
        "-answer('models') < 0",
    ):
        path, _ = with_rule(tmp_path, condition)
        assert validate(path) == [], condition


@pytest.mark.parametrize(
    "source",
    ["1 / 0 > 0", "answer('role') + 1", "-'abc'", "len('x' * 10) == 10", "answer('role') < 3"],
)
def test_a_failing_expression_is_false_and_logs_a_warning(source, caplog):
    expr = compile_expression(source)
    with caplog.at_level(logging.WARNING, logger="interviewer.script"):
        assert expr(Ctx()) is False
    warnings = [r for r in caplog.records if r.name == "interviewer.script"]
    assert warnings and source in warnings[0].getMessage()


def test_an_expression_that_works_logs_nothing(caplog):
    with caplog.at_level(logging.WARNING, logger="interviewer.script"):
        assert compile_expression("answer('role') == 'eng' and answer('x') + 1 == None")(Ctx())
        assert compile_expression("value * 2 > 3")(Ctx(), 2.5)
    assert caplog.records == []


def test_the_engine_moves_on_past_a_failing_condition_and_a_resume_replays_it(caplog):
    """A script cached by an older version, or a condition the samples did not catch: the
    engine gets false and carries on; replaying the same events (resume) does too."""
    from interviewer.engine.interview import Interview
    from interviewer.script.document import build_script
    from interviewer.script.yaml_lines import load_yaml

    text = MINI.read_text().replace(RULE, "if: \"answer('role') + 1\"", 1)
    script, problems = build_script(load_yaml(text), "sha", build_all=False, lint=False)
    assert script is not None and problems == []
    iv = Interview(script, "short")
    with caplog.at_level(logging.WARNING, logger="interviewer.script"):
        reply = iv.interpret("2", 0.0)  # exec: the rule to `budget` fails, so it falls through
        for event in reply.events:
            iv.apply(event)
        assert ask_of(iv).step.id == "models"
        again = Interview(script, "short")
        for event in iv.events:
            again.apply(event)
        assert ask_of(again).step.id == "models"
    assert any("answer('role') + 1" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "source",
    [
        "1" + " + 1" * 100_000,
        "not " * 100_000 + "true",
        "(" * 5_000 + "1" + ")" * 5_000,
        "x" * 2_000,
        "not " * 40 + "true",
    ],
    ids=["100k-terms", "100k-nots", "5k-parens", "2k-characters", "40-nots"],
)
def test_huge_or_deep_expressions_are_refused_quickly(source):
    started = time.perf_counter()
    with pytest.raises(ExpressionError):
        compile_expression(source)
    assert time.perf_counter() - started < 1


def test_a_huge_expression_in_a_script_is_a_problem_with_its_line(tmp_path):
    path, line = with_rule(tmp_path, "not " * 100_000 + "true")
    started = time.perf_counter()
    problems = validate(path)
    assert time.perf_counter() - started < 2
    assert any(p.startswith(f"{path}:{line}:") for p in problems), problems


def test_a_huge_number_is_an_error_not_a_slow_calculation():
    expr = compile_expression("value * value * value * value > 0")
    assert expr(Ctx(), 10**300) is False  # past MAX_INT_BITS
    with pytest.raises(ExpressionError):
        compile_expression("1" + "0" * 400 + " > 0")
