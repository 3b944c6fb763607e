"""Fault tests: generated text and damaged scripts never make the loader raise anything but
ScriptError, and `validate` always answers with problems."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.script import ScriptCache, ScriptError, load_script, validate

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MINI_DOC = yaml.load(MINI.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

YAMLISH = st.lists(
    st.sampled_from([*"ab01:-[]{}&*!|>'\"#?,.<= \n\t", "  ", "\n  ", "x: ", "&a ", "*a", "<<: "]),
    max_size=80,
).map("".join)
VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=True),
        st.text(max_size=20),
        st.sampled_from(["end", "1:30", "017", "answer('role') + 1", "value <", "low('x')"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def check(text: str) -> None:
    """validate returns problems; load_script (and using every track) raises only ScriptError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "script.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        problems = validate(path)
        assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)
        try:
            script = load_script(path, cache=ScriptCache(Path(tmp) / "cache"))
            for key in script.tracks:
                with contextlib.suppress(ScriptError):
                    script.tracks[key]
        except ScriptError as exc:
            assert exc.problems


@SETTINGS
@given(st.text(max_size=300))
def test_any_text(text):
    check(text)


@SETTINGS
@given(YAMLISH)
def test_yaml_punctuation(text):
    check(text)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(MINI_DOC)[1:]


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [(_replace(v, rest, value) if i == head else v) for i, v in enumerate(doc)]
    return doc  # an earlier change replaced this part: the path no longer exists


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=3))
def test_the_fixture_script_with_fields_replaced_by_anything(changes):
    doc = MINI_DOC
    for path, value in changes:
        doc = _replace(doc, path, value)
    check(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
