"""Issue 13: text from outside (organisation, participant, answers, notes) never carries a
terminal escape, a C1 control or markup into any output: Markdown, HTML (its <title> too),
JSON, the SVG chart, the organisation report in all three formats, plain and JSON lines."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import MINI, persona
from jsonl_driver import finished_session, run_cli
from markdown_it import MarkdownIt

HOSTILE = (
    "Acme \x1b[31mred\x1b[0m \x1b]0;owned\x07 bell\x07 c1\x9b31m\x85\x90 "
    "<script>alert(1)</script> [red]x[/red] a|b\nsecond line"
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "sessions"
    sid = finished_session(
        root, persona("no", 2, text=HOSTILE), org=HOSTILE, participant=HOSTILE, script=MINI
    )
    noted = run_cli(
        ["annotate", sid, "--turn", "1", "--note", HOSTILE, "--tag", "quote", "--as", "alex"], root
    )
    assert noted.returncode == 0, noted.stderr
    return root, sid


def _no_controls(text: str) -> None:
    found = CONTROL.findall(text)
    assert not found, found


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _check_markdown(text: str) -> None:
    _no_controls(text)
    # raw, outside a code span (a command quoted for the reader), no renderer could see a tag
    assert "<script>" not in re.sub(r"`[^`\n]*`", "", text)
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    assert not any(t.type in ("html_block", "html_inline", "fence", "code_block") for t in tokens)
    assert len([t for t in tokens if t.type == "heading_open" and t.tag == "h1"]) == 1
    cells: list[int] = []
    for t in tokens:
        if t.type == "tr_open":
            cells.append(0)
        elif t.type in ("th_open", "td_open"):
            cells[-1] += 1
        elif t.type == "table_close":
            assert len(set(cells)) == 1, cells  # a '|' said never adds a column
            cells = []


def _check_html(text: str) -> None:
    _no_controls(text)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    found = re.search(r"<title>(.*?)</title>", text, re.S)
    assert found is not None
    title = found.group(1)
    assert "\n" not in title and "<" not in title
    assert "[red]x[/red]" in text


def _check_json(text: str) -> dict:
    _no_controls(text.replace("\n", ""))
    doc = json.loads(text)
    for s in _strings(doc):
        assert not CONTROL.search(s), repr(s)
    return doc


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_session_export_is_clean_in_every_format(hostile, tmp_path, fmt):
    root, sid = hostile
    out = tmp_path / f"r.{fmt}"
    result = run_cli(["export", sid, "--format", fmt, "--with-notes", "-o", str(out)], root)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "md":
        _check_markdown(text)
        chart = (tmp_path / "r-profile.svg").read_text(encoding="utf-8")
        _no_controls(chart)
    elif fmt == "html":
        _check_html(text)
    else:
        doc = _check_json(text)
        org = doc["session"]["org"]
        assert "<script>alert(1)</script>" in org and "[red]x[/red]" in org and "a|b" in org
        assert "owned" not in org  # the whole OSC sequence went, not only its ESC
        assert any("second line" in t["answer"] for t in doc["transcript"])
        assert doc["notes"]["annotations"][0]["note"] == org


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_org_report_is_clean_in_every_format(hostile, fmt):
    root, _ = hostile
    result = run_cli(["report", "--org", HOSTILE, "--format", fmt], root)
    assert result.returncode == 0, result.stderr
    {"md": _check_markdown, "html": _check_html, "json": _check_json}[fmt](result.stdout)


def test_plain_jsonl_and_list_are_clean(hostile, tmp_path):
    root, _ = hostile
    answers = (HOSTILE.replace("\n", " ") + "\n") * 3
    for mode in ("--plain", "--jsonl"):
        result = run_cli(
            ["start", "--role", "short", "--script", str(MINI), mode, "--org", HOSTILE],
            root,
            stdin=answers,
        )
        assert result.returncode == 0, result.stderr
        _no_controls(result.stdout.replace("\n", ""))
        if mode == "--jsonl":
            assert all(json.loads(line)["type"] for line in result.stdout.splitlines())
    listing = run_cli(["list"], root)
    assert listing.returncode == 0
    _no_controls(listing.stdout.replace("\n", ""))


def test_chart_names_are_clean():
    from interviewer.export.chart_svg import profile_svg
    from interviewer.scoring import DimensionScore

    fields: dict[str, Any] = {f: None for f in DimensionScore._fields}
    fields.update(
        key="d",
        name=HOSTILE,
        level=2,
        level_optimistic=3,
        level_pessimistic=2,
        score_pessimistic=2.0,
        score=2.0,
        score_optimistic=2.5,
        self_rating=3,
        target=4,
        covered=True,
        flags=[],
        reasons=[],
        confidence="low",
    )
    svg = profile_svg([DimensionScore(**fields)])
    _no_controls(svg.replace("\n", ""))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_a_pushed_question_reaches_the_jsonl_client_without_raw_controls(tmp_path):
    root = tmp_path / "sessions"
    first = run_cli(
        ["start", "--role", "short", "--script", str(MINI), "--jsonl"], root, stdin="1\n"
    )
    sid = json.loads(first.stdout.splitlines()[0])["id"]
    pushed = run_cli(["ask", sid, "--text", HOSTILE, "--as", "alex"], root)
    assert pushed.returncode == 0, pushed.stderr
    result = run_cli(["resume", sid, "--jsonl"], root, stdin="4\n3\nfine\n")
    assert result.returncode == 0, result.stderr
    _no_controls(result.stdout.replace("\n", ""))
    asks = [json.loads(line) for line in result.stdout.splitlines()]
    question = next(m for m in asks if m["type"] == "ask" and m["purpose"] == "facilitator")
    assert "<script>alert(1)</script>" in question["text"]  # data, for the client to show
