"""`interviewer validate` reports every problem with file and line, and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI

from interviewer.cli import main
from interviewer.script import builtin_script_path, validate
from interviewer.script.expressions import ExpressionError, compile_expression


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    return path


def mutate(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text()
    assert old in text
    return write(tmp_path, text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    """The last line holding `needle` (a duplicate is reported where it repeats)."""
    lines = path.read_text().splitlines()
    return max(i for i, line in enumerate(lines, 1) if needle in line)


def test_builtin_and_fixture_scripts_are_valid(capsys):
    assert validate(builtin_script_path()) == []
    assert main(["validate", str(MINI)]) == 0
    assert capsys.readouterr().out.strip() == "ok"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("goto: budget}", "goto: nowhere}", "goto: nowhere", "unknown step 'nowhere'"),
        (
            "if: \"answer('role') == 'exec'\"",
            "if: \"__import__('os').system('true')\"",
            "__import__",
            "unknown function",
        ),
        (
            'constraint: "value < 100000"',
            'constraint: "value <"',
            "constraint:",
            "malformed expression",
        ),
        (
            'constraint: "value < 100000"',
            'constraint: "value.__class__"',
            "constraint:",
            "unsafe or unsupported syntax",
        ),
        ("weight: 0.4", "weight: 0.5", "dimensions:", "weights add up to 1.1, not 1"),
        ("id: models", "id: role", "id: role", "duplicate step id 'role'"),
        ("id: models", "id: Models_2", "id: Models_2", "not a name a state can take"),
        (
            "{id: envs, level: 2",
            "{id: scripted, level: 2",
            "id: scripted, level: 2, text: Env",
            "duplicate indicator id 'scripted'",
        ),
        ("minutes: 20", "minutes: 25", "minutes: 25", "segments add up to 20 minutes, not 25"),
        (
            "kind: number\n            purpose: context\n            text: How many",
            "kind: numeric\n            purpose: context\n            text: How many",
            "kind: numeric",
            "unknown kind 'numeric'",
        ),
    ],
)
def test_each_problem_is_reported_with_its_line(tmp_path, old, new, needle, message):
    path = mutate(tmp_path, old, new)
    problems = validate(path)
    hits = [p for p in problems if message in p]
    assert hits, problems
    if needle:
        expected = line_of(path, needle.split("\n")[0])
        assert any(p.startswith(f"{path}:{expected}:") for p in hits), (expected, hits)


def test_unreachable_steps_and_cycles(tmp_path):
    path = mutate(
        tmp_path,
        "              - {if: \"answer('role') == 'exec'\", goto: budget}",
        "              - {else: budget}",
    )
    problems = validate(path)
    assert any("step models can never be reached" in p for p in problems), problems
    text = path.read_text().replace(
        "            priority: optional\n",
        "            priority: optional\n            next:\n              - {else: role}\n",
        1,
    )
    path.write_text(text)
    problems = validate(path)
    assert any("cycle role -> budget -> role has no exit" in p for p in problems), problems


def test_yaml_syntax_error_has_a_line(tmp_path):
    path = write(tmp_path, "id: x\nversion: 1\ntitle: [unclosed\n")
    problems = validate(path)
    assert len(problems) == 1 and f"{path}:" in problems[0] and "YAML syntax" in problems[0]


def test_validate_command_lists_problems_and_exits_1_without_traceback(tmp_path):
    path = mutate(tmp_path, "goto: budget}", "goto: nowhere}")
    result = subprocess.run(
        [sys.executable, "-m", "interviewer", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "unknown step 'nowhere'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "interviewer", "validate", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 1 and "cannot read the script" in missing.stdout


def test_expressions_are_never_evaluated_with_eval():
    for source in (
        "__import__('os')",
        "open('x')",
        "().__class__",
        "[x for x in 'ab']",
        "lambda: 1",
        "answered(role)",
    ):
        with pytest.raises(ExpressionError):
            compile_expression(source)
    expr = compile_expression("answered('a') and not selected('b', 'x') or value >= 3")
    assert expr.references == (("step", "a"), ("step", "b"))


def test_fast_yaml_loading_reads_exactly_what_pyyaml_reads():
    import yaml

    from interviewer.script.yaml_lines import load_yaml

    tricky = (
        "a: yes\nb: No\nc: ~\nd: null\ne: 0x1F\nf: 1_000\ng: 2.5\nh: .inf\ni: Yesterday was long\n"
        "j: 'on'\nk: off\nl: [1, true, 'x', Tuesday]\nm: {n: '5', o: 2026-11-27}\np: Offline\n"
        "q: -3\nr: +4\nt: ''\nu: Nope\n"
    )
    assert load_yaml(tricky) == yaml.safe_load(tricky)
    text = builtin_script_path().read_text()
    assert load_yaml(text) == yaml.safe_load(text)


def test_a_clean_script_is_cached_and_a_damaged_cache_is_ignored(tmp_path):
    from interviewer.script import ScriptCache, load_script

    cache = ScriptCache(tmp_path / "cache")
    parsed = load_script(MINI, cache=cache)
    files = list((tmp_path / "cache").iterdir())
    assert len(files) == 1
    cache.forget()
    from_cache = load_script(MINI, cache=cache)
    assert from_cache is not parsed
    assert [s.id for s in from_cache.tracks["short"].steps] == [
        s.id for s in parsed.tracks["short"].steps
    ]
    assert from_cache.dimensions["deployment_serving"].levels == (
        parsed.dimensions["deployment_serving"].levels
    )
    files[0].write_text("{ not json")
    cache.forget()
    assert cache.document(cache.key(parsed.sha256)) is None
    assert load_script(MINI, cache=cache).tracks["short"].steps[0].id == "role"


def test_a_script_linted_clean_once_is_not_linted_again_but_an_edited_script_is(tmp_path):
    from interviewer.script import ScriptCache, ScriptError, load_script

    cache = ScriptCache(tmp_path / "cache")
    first = load_script(MINI, cache=cache).tracks["short"]
    cache.forget()
    again = load_script(MINI, cache=cache).tracks["short"]
    assert [s.id for s in again.steps] == [s.id for s in first.steps]

    broken = mutate(
        tmp_path,
        "              - {if: \"answer('role') == 'exec'\", goto: budget}",
        "              - {else: budget}",
    )
    with pytest.raises(ScriptError) as caught:
        load_script(broken, cache=cache).tracks["short"]
    assert "step models can never be reached" in str(caught.value)
    assert f"{broken}:{line_of(broken, 'id: models')}:" in str(caught.value)


def test_a_track_key_ending_in_a_newline_is_not_an_id(tmp_path):
    """`$` matches before a trailing newline: ids are matched whole."""
    path = mutate(tmp_path, "\n  short:\n", '\n  "short\\n":\n')
    problems = validate(path)
    assert any("must be a mapping with a valid id" in p for p in problems), problems


def test_a_placement_leaves_out_the_questions_it_names_and_only_its_own(tmp_path):
    """`without:` drops a question a track asks in its own words elsewhere; a name that is
    not one of the placement's questions is a problem at its line."""
    from interviewer.script import load_script

    assert "deployment_serving.adv.ab" in load_script(MINI).tracks["short"].index
    kept = mutate(
        tmp_path,
        "          - dimension: deployment_serving\n",
        "          - dimension: deployment_serving\n            without: [adv.ab]\n",
    )
    assert validate(kept) == []
    steps = load_script(kept).tracks["short"].index
    assert "deployment_serving.adv.ab" not in steps and "deployment_serving.self_rating" in steps
    wrong = mutate(
        tmp_path,
        "          - dimension: deployment_serving\n",
        "          - dimension: deployment_serving\n            without: [adv.nothing]\n",
    )
    problems = [p for p in validate(wrong) if "`without` names 'adv.nothing'" in p]
    assert problems and problems[0].startswith(f"{wrong}:{line_of(wrong, 'without:')}:")
