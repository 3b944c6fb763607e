"""The answers the analysis reads are named by role (or label) in the script, never by step id:
renaming a step in the YAML keeps its report section, and `validate` checks the roles."""

from __future__ import annotations

from pathlib import Path

from conftest import persona
from jsonl_driver import finished_session

from interviewer.engine.interview import Ask
from interviewer.export.org_report.analysis import quotes, regulations
from interviewer.export.report_data import gather
from interviewer.script import load_script, validate
from interviewer.script.loader import builtin_script_path
from interviewer.store import SessionStore

RULES = "GDPR and the EU AI Act, and the bank's own model risk policy"


def renamed(tmp_path: Path, old: str, new: str) -> Path:
    text = builtin_script_path().read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "renamed.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_the_regulations_are_read_by_role_whatever_the_step_is_called(tmp_path: Path) -> None:
    script = renamed(tmp_path, "      - id: regulation\n", "      - id: rules-that-apply\n")
    assert validate(script) == []
    rules_step = "governance_compliance.open.rules-that-apply"
    assert rules_step in load_script(script).tracks["platform"].index

    def answer(ask: Ask) -> str:
        if ask.step.id == rules_step:
            return RULES
        return persona("partly", 3)(ask)

    sid = finished_session(tmp_path, answer, track="platform", script=script)
    data = gather(SessionStore(tmp_path), sid, with_notes=False)
    assert regulations(data) == (RULES,)


def test_an_open_question_with_an_unknown_role_fails_validation_with_its_line(
    tmp_path: Path,
) -> None:
    script = renamed(
        tmp_path, "        role: regulation  # listed", "        role: regulations  # listed"
    )
    problems = validate(script)
    lines = script.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "role: regulations" in text)
    assert any(p.startswith(f"{script}:{line}:") and "'regulations'" in p for p in problems)


def test_the_executive_timeline_choices_are_quoted_by_their_labels(tmp_path: Path) -> None:
    def answer(ask: Ask) -> str:
        if ask.step.id == "transformation-timeline":
            return "2"
        return persona("partly", 3)(ask)

    sid = finished_session(tmp_path, answer, track="executive")
    data = gather(SessionStore(tmp_path), sid, with_notes=False)
    said = {q.label: q.answer for q in quotes(data)}
    assert said["Results needed by"] == "Within a year: faster delivery and more use cases"


def test_a_business_case_without_a_cost_to_read_fails_validation(tmp_path: Path) -> None:
    text = builtin_script_path().read_text(encoding="utf-8")
    for role in ("investment", "one_off_platform", "one_off_migration", "one_off_training"):
        text = text.replace(f"role: {role}\n", "\n")
    script = tmp_path / "no-costs.yaml"
    script.write_text(text, encoding="utf-8")
    problems = validate(script)
    assert any("business case has no step playing a cost" in p for p in problems), problems
