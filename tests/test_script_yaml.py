"""Hostile and odd YAML: bounded, reported as file:line, and read exactly as PyYAML reads it
(issue bugs 5 and 6)."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.script import ScriptError, load_script, validate, yaml_lines
from interviewer.script.yaml_lines import load_yaml

LAUGHS = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10)
)
HOSTILE = {
    "billion-laughs": (LAUGHS, "more than 50,000 YAML nodes"),
    "recursive-alias": ("id: x\na: &x [1, *x]\n", "recursive alias *x"),
    "deep-nesting": ("id: x\na: " + "[" * 10_000 + "]" * 10_000 + "\n", "nest"),
    "many-nodes": ("id: x\na: [" + ", ".join(["1"] * 200_000) + "]\n", "more than 50,000"),
    "huge-file": ("id: x\n" + "# padding\n" * 200_000, "larger than 1,024 KiB"),
}
CHILD = (
    "import resource, sys\n"
    "from interviewer.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def run_cli(*args: str, timeout: float = 30) -> tuple[subprocess.CompletedProcess[str], int]:
    """The CLI in a fresh process, with its peak memory in KiB."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    peak = [int(w.split()[1]) for w in result.stderr.splitlines() if w.startswith("maxrss ")]
    return result, peak[0] if peak else 0


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_is_one_problem_with_a_line_quickly_and_in_little_memory(tmp_path, case):
    text, message = HOSTILE[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    baseline, base_peak = run_cli("validate", str(MINI))
    assert baseline.returncode == 0, baseline.stderr
    started = time.perf_counter()
    result, peak = run_cli("validate", str(path))
    elapsed = time.perf_counter() - started
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{path}:" in result.stdout and message in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert elapsed < 10  # a second or two, with room for a loaded machine
    assert peak - base_peak < 64 * 1024, (peak, base_peak)  # KiB: a few tens of MiB at most


def test_start_with_a_billion_laughs_script_fails_with_the_line_not_memory_error(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS)
    result, _ = run_cli(
        "start", "--role", "short", "--script", str(path),
        "--sessions-dir", str(tmp_path / "s"), "--jsonl",
    )  # fmt: skip
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "MemoryError" not in out and "Traceback" not in out
    assert "more than 50,000 YAML nodes" in out


def test_a_recursive_alias_fails_load_script_with_a_script_error(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("id: x\nversion: 1\nlevels: &x [1, *x]\n")
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert f"{path}:3: recursive alias *x" in str(caught.value)


def test_minutes_written_as_a_time_is_read_as_pyyaml_reads_it(tmp_path):
    """`1:30` is sexagesimal 90 in YAML 1.1; it crashed validate with a traceback."""
    path = tmp_path / "script.yaml"
    path.write_text(MINI.read_text().replace("minutes: 20", "minutes: 1:30", 1))
    problems = validate(path)
    assert any("segments add up to 20 minutes, not 90" in p for p in problems), problems


def test_scalars_are_those_pyyaml_gives():
    text = "a: 017\nb: 1:30\nc: 0o17\nd: 08\ne: 0b11\nf: 1_0\ng: -0x1f\nh: 190:20:30\ni: 1:30.5\n"
    assert load_yaml(text) == yaml.safe_load(text) == {
        "a": 15, "b": 90, "c": "0o17", "d": "08", "e": 3, "f": 10, "g": -31, "h": 685230,
        "i": 90.5,
    }  # fmt: skip


def test_merge_keys_work_as_in_pyyaml():
    for text in (
        "base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n",
        "p: &p {a: 1}\nq: &q {a: 2, c: 3}\nx:\n  <<: [*p, *q]\n  d: 4\n",
    ):
        assert load_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    ["a: <<\n", "? [1]\n: 2\n", "a: !!int abc\n", "a: !!bool maybe\n", "a: 1\n---\nb: 2\n",
     "a: *nowhere\n", "a: &x 1\nb: &x 2\n", "a: !!set {x}\n", "\t- x"],
)  # fmt: skip
def test_yaml_pyyaml_refuses_is_a_yaml_error_with_a_line(text):
    with pytest.raises(yaml_lines.YamlError) as caught:
        load_yaml(text)
    assert caught.value.line >= 0 and caught.value.message


TOKENS = st.sampled_from(
    [
        "017", "08", "0o17", "0x1F", "-0x1f", "0b101", "1_000", "1:30", "190:20:30", "1:30.5",
        "1e3", "1.5e3", "6.8523015e+5", ".5", "-.inf", ".NaN", "+12", "-0", "0", "3.",
        "yes", "No", "on", "OFF", "y", "n", "true", "False", "~", "null", "Null", "",
        "2026-11-27", "2001-12-14t21:59:43.10-05:00", "Yesterday", "Offline", "Nope", "x y",
        "'017'", '"1:30"', "'yes'", "!!str 017", "!!float 1", "!!int 0x10", "= ",
    ]
)  # fmt: skip
KEYS = st.sampled_from(["a", "b", "id", "text", "1", "2", "on", "no", "017", "1:30"])


def _documents(depth: int = 3) -> st.SearchStrategy[str]:
    leaf = TOKENS
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.dictionaries(KEYS, inner, max_size=4).map(
                lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
            ),
        ),
        max_leaves=12,
    )


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, _documents(), min_size=1, max_size=5), st.booleans())
def test_the_fast_path_reads_generated_documents_as_yaml_safe_load_does(doc, block):
    if block:
        text = "".join(f"{k}: {v}\n" for k, v in doc.items())
    else:
        text = "{" + ", ".join(f"{k}: {v}" for k, v in doc.items()) + "}\n"
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(yaml_lines.YamlError):
            load_yaml(text)
        return
    except ValueError:  # PyYAML's constructors: `!!int 0x1F` read as int("0x1F")
        with pytest.raises(yaml_lines.YamlError):
            load_yaml(text)
        return
    assert _same(load_yaml(text), expected), text


def test_the_builtin_script_reads_as_yaml_safe_load_reads_it():
    from interviewer.script import builtin_script_path

    text = builtin_script_path().read_text()
    assert load_yaml(text) == yaml.safe_load(text)


def test_a_file_that_is_not_utf8_or_too_large_is_one_problem(tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("id: caf\xe9\n".encode("latin-1"))
    assert validate(bad)[0].startswith(f"{bad}:0: cannot read the script")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (2 * 1024 * 1024))
    assert "larger than" in validate(big)[0]


def test_deep_nesting_in_a_script_field_is_refused_not_a_recursion_error(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("id: x\nversion: 1\ntitle: " + "[" * 900 + "]" * 900 + "\n")
    problems = validate(path)
    assert problems and all(isinstance(p, str) for p in problems)
    assert Path(path).exists()
