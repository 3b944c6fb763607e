"""A question can name what the interviewee said before (`{answer:<step>}`): the platform
track's questions about an alternative name the one typed. The words are untrusted, so markup
and escape sequences in them are shown as typed in every front end; and a rating lists what its
numbers mean beside them (`labels:`) in every front end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import MINI, runner_of
from textual.widgets import OptionList

from interviewer.engine.interview import Interview
from interviewer.frontends.jsonl import run_jsonl
from interviewer.frontends.plain import run_plain
from interviewer.script import load_script, validate
from interviewer.session.runner import SessionRunner
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.answer_area import AnswerText
from interviewer.tui.conversation.chat import ChatLog

HOSTILE = "Data**bricks** [red]x[/red] <b>bold</b> `code` | cell _em_ \x1b[31mred\x1b[0m"
SHOWN = "Data**bricks** [red]x[/red] <b>bold</b> `code` | cell _em_ ␛[31mred␛[0m"
RATED = """\
          - id: platform
            kind: text
            purpose: context
            required: false
            text: Which platform are you considering?
          - id: platform-rating
            kind: scale
            purpose: context
            labels: {1: Poor, 2: Weak, 3: Adequate, 4: Good, 5: Excellent}
            when: 'len(answer("platform")) > 0'
            text: "How would “{answer:platform}” rate?"
"""


def rated_script(tmp_path: Path, steps: str = RATED) -> Path:
    text = MINI.read_text()
    first = "          - id: role\n"
    assert first in text
    path = tmp_path / "rated.yaml"
    path.write_text(text.replace(first, steps + first, 1))
    return path


def asked_after(script_path: Path, name: str) -> str:
    iv = Interview(load_script(script_path), "short")
    for event in iv.interpret(name, 1000.0).events:
        iv.apply(event)
    ask = iv.ask()
    assert ask is not None and ask.step.id == "platform-rating"
    return ask.text


def test_the_platform_tracks_alternative_is_named_in_its_questions(script):
    iv = Interview(script, "platform")
    typed = {
        "role": "I run the ML platform team and the shared training cluster.",
        "models-in-production": "12",
        "platform-limitations": "Scheduling is manual and nobody trusts the lineage.",
        "candidate-1": "Vertex AI (managed)",
    }
    now, asked = 1000.0, []
    while (ask := iv.ask()) is not None and ask.step.id != "candidate-1-strategic":
        asked.append(ask)
        now += 5
        for event in iv.interpret(typed.get(ask.step.id, "3"), now).events:
            iv.apply(event)
    assert ask is not None
    texts = [a.text for a in asked if a.step.id.startswith("candidate-1-")] + [ask.text]
    assert len(texts) == 4
    assert all("“Vertex AI (managed)”" in t and "alternative" not in t for t in texts)


def test_a_hostile_name_is_escaped_markdown_and_cut_to_one_short_line(tmp_path):
    text = asked_after(rated_script(tmp_path), HOSTILE)
    assert "\x1b" not in text and "␛" in text
    assert "<b>" not in text and "\\[red\\]" in text and "\\`code\\`" in text
    long = asked_after(rated_script(tmp_path), "word " * 60 + "\nsecond line")
    assert "\n" not in long and "…" in long and len(long) < 140


def test_plain_mode_lists_the_ratings_meaning_and_shows_the_name_as_typed(tmp_path, store):
    runner = SessionRunner.start(store, "short", None, None, str(rated_script(tmp_path)))
    out = io.StringIO()
    run_plain(runner, io.StringIO(HOSTILE + "\n/pause\n"), out)
    text = out.getvalue()
    assert f"How would “{SHOWN}” rate?" in " ".join(text.split())
    for line in ("1) Poor", "2) Weak", "3) Adequate", "4) Good", "5) Excellent"):
        assert f"   {line}\n" in text
    assert "\x1b" not in text


def test_json_lines_ask_carries_the_labels_and_the_escaped_name(tmp_path, store):
    runner = SessionRunner.start(store, "short", None, None, str(rated_script(tmp_path)))
    out = io.StringIO()
    run_jsonl(runner, io.StringIO(HOSTILE + "\n"), out)
    asks = [m for m in map(json.loads, out.getvalue().splitlines()) if m["type"] == "ask"]
    rating = next(m for m in asks if m["step"] == "platform-rating")
    assert rating["options"] == [
        {"value": "1", "label": "Poor"},
        {"value": "2", "label": "Weak"},
        {"value": "3", "label": "Adequate"},
        {"value": "4", "label": "Good"},
        {"value": "5", "label": "Excellent"},
    ]
    assert "\x1b" not in rating["text"] and "\\[red\\]x\\[/red\\]" in rating["text"]


async def test_the_app_lists_the_ratings_meaning_and_shows_the_name_as_typed(tmp_path, store):
    app = InterviewerApp(store, str(rated_script(tmp_path)), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#answer-text", AnswerText)
        area.text = HOSTILE
        await pilot.press("enter")
        await pilot.pause()
        assert runner_of(app).interview.asking == "platform-rating"
        choice = app.screen.query_one("#answer-choice", OptionList)
        prompts = [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]
        assert prompts == ["1. Poor", "2. Weak", "3. Adequate", "4. Good", "5. Excellent"]
        lines = app.screen.query_one(ChatLog).plain_text.splitlines()
        shown = " ".join(" ".join(line.lstrip("▌ ").split()) for line in lines)
        assert f"How would “{SHOWN}” rate?" in shown
        await pilot.press("4")
        await pilot.pause()
        assert runner_of(app).interview.answers["platform-rating"] == 4


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{answer:platform}", "{answer:nowhere}", "{answer:nowhere} names no step that comes"),
        ("{answer:platform}", "{answer:models}", "{answer:models} names no step that comes"),
        ("labels: {1: Poor, 2: Weak,", "labels: {1: Poor, 7: Weak,", "outside 1-5"),
        ("labels: {1: Poor, 2: Weak,", "labels: {1: Poor, 2: '',", "says nothing for 2"),
    ],
)
def test_a_quote_or_a_label_that_cannot_work_is_reported_with_its_line(tmp_path, old, new, message):
    path = rated_script(tmp_path, RATED.replace(old, new, 1))
    problems = validate(path)
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines, 1) if new.split(",")[0].split(":")[0] in line)
    assert any(p.startswith(f"{path}:{at}:") and message in p for p in problems), problems
