"""`settled_by:` a question an earlier answer already answers is noted, said back, never asked."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import MINI, ask_of, runner_of

from interviewer.engine.amounts import spell_numbers
from interviewer.engine.interview import Interview
from interviewer.engine.settle import read_settled
from interviewer.frontends.jsonl import run_jsonl
from interviewer.frontends.plain import run_plain
from interviewer.records import Answer
from interviewer.script import load_script, validate
from interviewer.script.model import Script
from interviewer.session.runner import SessionRunner

OPENING = """          - id: team
            kind: text
            purpose: context
            text: Tell me about the people who build and run your models.
          - id: team-size
            kind: number
            purpose: context
            text: How many people work on ML?
            min: 1
            settled_by: team
          - id: cadence
            kind: choice
            purpose: context
            text: How often do you release?
            options: [{value: weekly, label: Every week}, {value: rarely, label: Rarely}]
"""
LATER = """          - id: cadence-again
            kind: choice
            purpose: context
            text: And how often do models change in production?
            options: [{value: weekly, label: Every week}, {value: rarely, label: Rarely}]
            settled_by: cadence
"""
LEAD_TIME = """      - id: lead-time
        kind: choice
        settled_by: open.how
        text: How long from approval to production?
        options:
          - {value: hours, label: Hours, matches: [hours, same day]}
          - {value: weeks, label: Weeks, matches: [a month, six weeks]}
"""


def settled_script(tmp_path: Path, opening: str = OPENING, later: str = LATER) -> Path:
    text = MINI.read_text()
    first = "        steps:\n          - id: role\n"
    lead = (
        "      - id: lead-time\n        kind: choice\n        text: How long from approval to "
        "production?\n        options: [{value: hours, label: Hours}, {value: weeks, label: "
        "Weeks}]\n"
    )
    main = "          - dimension: monitoring_observability\n"
    for anchor in (first, lead, main):
        assert text.count(anchor) == 1, anchor
    text = text.replace(first, "        steps:\n" + opening + "          - id: role\n")
    text = text.replace(lead, LEAD_TIME).replace(main, main + later)
    path = tmp_path / "settled.yaml"
    path.write_text(text)
    return path


@pytest.fixture
def settled(tmp_path: Path) -> Script:
    path = settled_script(tmp_path)
    assert validate(path) == []
    return load_script(path)


def answer(iv: Interview, text: str, now: float = 1.0, step_id: str | None = None) -> list[str]:
    """Answer, then record what earlier answers settle, as the session runner does; returns
    what the interviewee is told."""
    reply = iv.interpret(text, now, step_id=step_id)
    assert reply.invalid is None, reply.invalid
    for event in reply.events:
        iv.apply(event)
    said = []
    while (found := iv.settlement(now)) is not None:
        iv.apply(found[0])
        said.append(found[1])
    return said


def test_number_words_are_read_as_digits():
    assert spell_numbers("about six weeks") == "about 6 weeks"
    assert spell_numbers("twenty-five people, a dozen models") == "25 people, 12 models"
    assert spell_numbers("half a dozen") == "6"
    assert spell_numbers("no one knows, one of them") == "no one knows, one of them"


def test_a_number_in_free_text_settles_the_number_question_and_is_said_back(settled):
    iv = Interview(settled, "short")
    said = answer(iv, "We're about twenty five people across two teams. Since 2021, mostly.")
    assert iv.answers["team-size"] == 25
    assert ask_of(iv).step.id == "cadence"  # never asked how many people
    assert said == [
        "You mentioned “We're about twenty five people across two teams”, so I've noted “25” "
        "for “How many people work on ML?” Type /back if that's wrong."
    ]
    settled_answer = iv.events[-1]
    assert isinstance(settled_answer, Answer) and settled_answer.note == "settled by team"
    turn = iv.transcript.in_force("team-size")
    assert turn is not None and turn.answer == "25" and turn.question == said[0]


@pytest.mark.parametrize(
    "text",
    [
        "It's just me, honestly.",  # no amount
        "We started in 2019.",  # a year is not a head count
        "It takes 6 weeks to hire anyone.",  # weeks do not count people
        "idk",
    ],
)
def test_nothing_readable_means_the_question_is_asked(settled, text):
    iv = Interview(settled, "short")
    assert answer(iv, text) == []
    assert ask_of(iv).step.id == "team-size"


@pytest.mark.parametrize("weeks", ["six weeks", "6 weeks"])
def test_a_choice_is_read_from_its_matches_in_the_open_answer(settled, weeks):
    iv = Interview(settled, "short")
    for text in ("We are 4 people", "1", "1", "3", "1000"):
        answer(iv, text)
    assert ask_of(iv).step.id == "deployment_serving.open.how"
    answer(iv, f"A pull request, then it takes about {weeks} to get through review.")
    while ask_of(iv).step.id != "deployment_serving.target":
        step = ask_of(iv).step
        said = answer(iv, "no" if step.kind == "indicator" else "1")
    said = answer(iv, "3")
    assert iv.answers["deployment_serving.outcome.lead-time"] == "weeks"
    assert said[0].startswith(f"You mentioned “A pull request, then it takes about {weeks}")
    assert "I've noted “Weeks” for “How long from approval to production?”" in said[0]


LEAD = "deployment_serving.outcome.lead-time"


def lead_time_after(settled: Script, how: str) -> tuple[Interview, list[str]]:
    """The interview once the lead-time question is asked or settled, `how` said in the open
    question; with what the interviewee was told last."""
    iv = Interview(settled, "short")
    for text in ("We are 4 people", "1", "1", "3", "1000"):
        answer(iv, text)
    said = answer(iv, how)
    while LEAD not in iv.answers and ask_of(iv).step.id != LEAD:
        said = answer(iv, "no" if ask_of(iv).step.kind == "indicator" else "1")
    return iv, said


@pytest.mark.parametrize(
    "how", ["Six weeks for some models, hours for others.", "Hours, or six weeks."]
)
def test_two_options_named_is_not_guessed(settled, how):
    iv, _ = lead_time_after(settled, how)
    assert LEAD not in iv.answers
    assert ask_of(iv).step.id == LEAD


@pytest.mark.parametrize(
    ("how", "read", "quoted"),
    [
        ("It used to take six weeks; now hours.", "hours", "now hours"),
        ("Until last year it took six weeks, but now hours.", "hours", "hours"),
        ("We would like hours, but it takes six weeks.", "weeks", "six weeks"),
        ("It never takes six weeks. Hours, usually.", "hours", "Hours, usually"),
        ("The platform team ships in hours; we need six weeks.", "weeks", "six weeks"),
    ],
)
def test_only_what_is_said_of_now_and_here_settles_a_choice(settled, how, read, quoted):
    """The past, a wish, another team and a negated option name nothing."""
    iv, said = lead_time_after(settled, how)
    assert iv.answers[LEAD] == read
    assert said[0].startswith("You mentioned “") and quoted in said[0]


def test_a_closed_answer_with_the_same_options_is_copied(settled):
    iv = Interview(settled, "short")
    for text in ("We are 4 people", "rarely", "1", "3", "1000"):
        answer(iv, text)
    said: list[str] = []
    while "cadence-again" not in iv.answers:
        said = answer(iv, "no" if ask_of(iv).step.kind == "indicator" else "1")
    assert iv.answers["cadence-again"] == "rarely"
    assert said[-1].startswith("You answered “Rarely”, so I've noted “Rarely”")


def test_back_changes_the_settled_answer_and_it_stays_changed(settled):
    iv = Interview(settled, "short")
    answer(iv, "About 30 people.")
    assert ask_of(iv).step.id == "cadence"
    answer(iv, "/back")
    assert ask_of(iv).step.id == "team-size" and ask_of(iv).previous == 30
    answer(iv, "12")
    assert iv.answers["team-size"] == 12 and ask_of(iv).step.id == "cadence"
    answer(iv, "weekly")
    answer(iv, "About 40 people", step_id="team")  # a typed answer is never overwritten
    assert iv.answers["team-size"] == 12


def test_revising_the_earlier_answer_settles_again_and_keeps_the_rest(settled):
    iv = Interview(settled, "short")
    answer(iv, "About 30 people.")
    answer(iv, "weekly")
    answer(iv, "1")
    assert ask_of(iv).step.id == "models"
    said = answer(iv, "Eight of us now.", step_id="team")
    assert iv.answers["team-size"] == 8 and said and "“8”" in said[0]
    assert iv.answers["cadence"] == "weekly" and iv.answers["role"] == "eng"
    assert ask_of(iv).step.id == "models"
    first = next(t for t in iv.transcript if t.step.id == "team-size")
    assert iv.transcript.superseded(first)
    said = answer(iv, "Nobody full time.", step_id="team")  # nothing to read: asked again
    assert said == [] and ask_of(iv).step.id == "team-size"
    assert "team-size" not in iv.answers
    answer(iv, "3")  # as after any revision that brings a new question, the route goes on
    assert iv.answers["team-size"] == 3 and ask_of(iv).step.id == "cadence"


def test_a_settled_answer_replays_and_resumes(settled):
    iv = Interview(settled, "short")
    answer(iv, "About 30 people.")
    answer(iv, "weekly")
    replayed = Interview.replay(settled, "short", list(iv.events))
    assert replayed.answers == iv.answers and ask_of(replayed).step.id == "role"
    cut = Interview.replay(settled, "short", iv.events[:1])  # stopped before it was noted
    assert ask_of(cut).step.id == "team-size" and cut.pending is not None
    found = cut.settlement(2.0)
    assert found is not None and found[0].value == 30


def test_the_plain_mode_says_what_it_noted(tmp_path, store):
    path = settled_script(tmp_path)
    runner = SessionRunner.start(store, "short", "Acme", "Dana", str(path))
    out = io.StringIO()
    run_plain(runner, io.StringIO("About 30 of us\n/back\n"), out)
    text = out.getvalue()
    assert "You mentioned “About 30 of us”, so I've noted “30”" in text
    assert "How many people work on ML?" in text.split("Type /back if that's wrong.")[1]
    assert "How often do you release?" in text
    events = store.events(runner.session_id)
    assert [e.step for e in events if isinstance(e, Answer)] == ["team", "team-size"]


def test_json_lines_say_what_was_noted_before_the_next_ask(tmp_path, store):
    path = settled_script(tmp_path)
    runner = SessionRunner.start(store, "short", None, None, str(path))
    out = io.StringIO()
    run_jsonl(runner, io.StringIO("A dozen engineers\n"), out)
    messages = [json.loads(line) for line in out.getvalue().splitlines()]
    at = next(i for i, m in enumerate(messages) if "I've noted “12”" in m.get("text", ""))
    assert messages[at]["type"] == "say"
    assert messages[at + 1]["type"] == "ask" and messages[at + 1]["step"] == "cadence"


@pytest.mark.parametrize(
    "opening, later, message",
    [
        (
            OPENING.replace("settled_by: team", "settled_by: cadence"),
            LATER,
            "step team-size: settled_by names a step that does not come before it 'cadence'",
        ),
        (
            OPENING.replace("settled_by: team", "settled_by: nowhere"),
            LATER,
            "step team-size: settled_by names unknown step 'nowhere'",
        ),
        (
            OPENING,
            LATER.replace("settled_by: cadence", "settled_by: team"),
            "settled by the text step 'team', so at least one option needs `matches`",
        ),
        (
            OPENING,
            LATER.replace("settled_by: cadence", "settled_by: team-size"),
            "settled_by 'team-size' must be a text step, or a choice step with the same options",
        ),
        (
            OPENING.replace("kind: text\n", "kind: scale\n", 1),
            LATER,
            "settled_by 'team' is a scale step",
        ),
        (
            OPENING.replace("settled_by: team", "settled_by: [team, 3]"),
            LATER,
            "`settled_by` must be a step id or a list of step ids",
        ),
    ],
)
def test_validate_reports_settled_by_problems_with_their_line(tmp_path, opening, later, message):
    path = settled_script(tmp_path, opening, later)
    problems = validate(path)
    assert any(message in p for p in problems), problems
    hit = next(p for p in problems if message in p)
    lines = path.read_text().splitlines()
    number = int(hit.split(":")[1])
    assert (
        "team-size" in lines[number - 1]
        or "cadence-again" in lines[number - 1]
        or ("settled_by" in lines[number - 1])
    )


async def test_the_app_says_what_it_noted_once_and_again_after_a_resume(tmp_path, store):
    from textual.widgets import TextArea

    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.conversation.chat import ChatLog

    path = settled_script(tmp_path)
    noted = "You mentioned “About 30 of us”, so I've noted “30”"
    app = InterviewerApp(store, str(path), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.screen.query_one(TextArea).text = "About 30 of us"
        await pilot.press("enter")
        await pilot.pause()
        entries = app.screen.query_one(ChatLog).entries
        said = [e for e in entries if noted in e.text]
        assert len(said) == 1 and said[0].role == "interviewer"
        assert [e.text for e in entries if e.role == "you"] == ["About 30 of us"]
        assert runner_of(app).interview.asking == "cadence"
        sid = runner_of(app).session_id
        await pilot.press("ctrl+q")
        await pilot.pause()
    again = InterviewerApp(store, resume=sid)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        entries = again.screen.query_one(ChatLog).entries
        said = [e for e in entries if noted in e.text]
        assert len(said) == 1 and said[0].step == "team-size"
        assert [e.text for e in entries if e.role == "you"] == ["About 30 of us"]


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("Our new drift alert caught it within the hour.", "hours"),
        ("It used to take weeks; our new drift alert caught it within the hour.", "hours"),
        ("Within the week, once someone looks at the dashboard.", "weeks"),
        ("Last time it took three weeks. Our new drift alert caught it within the hour.", None),
    ],
)
def test_a_duration_is_read_with_its_unit(script, said, read):
    """ "within the hour" is never read as weeks: a duration in its usual forms, the past left
    out, and two durations of now asked about rather than guessed."""
    track = script.tracks["full"]
    step = track.index["monitoring_observability.outcome.time-to-detect"]
    source = track.index["monitoring_observability.open.degradation"]
    found = read_settled(step, source, said)
    assert (found.value if found is not None else None) == read
