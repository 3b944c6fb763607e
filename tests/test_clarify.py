"""A contradiction's clarifying question settles it: answered on the indicator's own scale, the
choice becomes the indicator's answer in force, so the level, the finding, the actions and the
confidence follow it; a sentence is read and said back; sessions clarified in words before
replay as they scored."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, as_answer, drive
from test_contradictions import CASES, consistent, interview

from interviewer.engine.clarify import read_sentence
from interviewer.engine.interview import Interview
from interviewer.export.json_export import render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.frontends.plain import run_plain
from interviewer.scoring import DimensionScore
from interviewer.scoring.findings import Findings, findings
from interviewer.script import Script
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore

CASE = CASES["monitoring-share"]
INDICATOR = f"{CASE.dimension}.ind.{CASE.indicator}"
CHECK = f"{CASE.dimension}.check.{CASE.check}"
OLD = FIXTURES / "old-clarified"


def analysed(script: Script, clarify: str) -> tuple[Interview, DimensionScore, Findings]:
    iv, _ = interview(script, CASE.overrides, clarify)
    card = iv.scorecard()
    found = findings(script, iv.track, card, iv.answers, iv.transcript, trimmed=iv.trimmed)
    return iv, card.dimensions[CASE.dimension], found


def covering(found: Findings) -> list[str]:
    """The recommended actions that put the contradicted practice in place."""
    return [
        a.title
        for a in found.actions
        if any(x.kind == "indicator" and x.id == CASE.indicator for x in a.addresses)
    ]


def until(iv: Interview, step_id: str, now: float = 1000.0) -> float:
    """Answer as the consistent interviewee until `step_id` is asked; the time reached."""
    policy = consistent(CASE.overrides)
    while iv.asking != step_id:
        ask = iv.ask()
        assert ask is not None, f"{step_id} was never asked"
        now += 5
        for event in iv.interpret(policy(ask), now).events:
            iv.apply(event)
    return now


def at_the_check(root: Path) -> tuple[SessionStore, SessionRunner]:
    """A session in `root` answered as the consistent interviewee up to the clarifying
    question, through the runner every front end uses."""
    store = SessionStore(root)
    runner = SessionRunner.start(store, "full", None, None, None)
    runner.answer_consent(True)
    policy = consistent(CASE.overrides)
    while runner.interview.asking != CHECK:
        ask = runner.interview.ask()
        assert ask is not None
        runner.handle(policy(ask))
    return store, runner


def test_answered_no_the_indicator_level_finding_and_actions_follow(script):
    _, before, found_before = analysed(script, "y")
    iv, after, found = analysed(script, "n")
    assert iv.answers[INDICATOR] == "no"
    assert after.level < before.level  # a critical level 3 practice is not in place
    dim = next(f for f in found.dimensions if f.key == CASE.dimension)
    assert "every production model has automated monitoring" in dim.finding
    assert "(answered no)" in dim.finding  # a gap now, not what leads the finding
    assert covering(found) and not covering(found_before)
    (c,) = [c for c in after.contradictions if c.check == CASE.check]
    assert (c.clarified, c.outcome, c.claim, c.clarified_as) == (True, "changed", "yes", "no")
    assert not [f for f in after.flags if f.code == "contradiction"]
    # the transcript shows the claim superseded and the indicator changed by the clarification
    turns = [t for t in iv.transcript if t.step.id == INDICATOR]
    assert [t.answer for t in turns] == ["Yes", "No (changed after clarification)"]
    assert iv.transcript.superseded(turns[0]) and not iv.transcript.superseded(turns[1])
    # the report quotes the claim at the turn it was made
    (cf,) = [c for c in dim.contradictions if c.indicator == CASE.indicator]
    assert cf.turns[0] == turns[0].number and (cf.outcome, cf.answer) == ("changed", "No")


def test_answered_stands_the_yes_holds_and_confidence_is_no_longer_capped(script):
    _, unresolved, _ = analysed(script, "/skip")
    iv, stands, found = analysed(script, "y")
    assert iv.answers[INDICATOR] == "yes" and stands.level == unresolved.level
    (c,) = [c for c in stands.contradictions if c.check == CASE.check]
    assert (c.clarified, c.outcome) == (True, "confirmed")
    cap = "a contradiction in the answers is not yet clarified, so confidence cannot be high"
    assert cap in unresolved.reasons and cap not in stands.reasons
    assert unresolved.confidence != "high" and stands.confidence == "high"
    assert [t.answer for t in iv.transcript if t.step.id == INDICATOR][-1] == (
        "Yes (confirmed after clarification)"
    )
    dim = next(f for f in found.dimensions if f.key == CASE.dimension)
    assert "claimed, but contradicted" not in dim.finding


def test_a_sentence_is_read_said_back_and_kept_as_the_reason(script):
    iv = Interview(script, "full")
    now = until(iv, CHECK)
    reply = iv.interpret("My 'yes' was wrong; it should be no", now)
    assert reply.invalid is None
    assert reply.info is not None
    assert reply.info.startswith(
        "You said “My 'yes' was wrong; it should be no”, so I've noted “No”"
    )
    assert "Every production model has automated monitoring" in reply.info
    assert reply.info.endswith("Type /back if that's wrong.")
    check, indicator = (as_answer(e) for e in reply.events)
    assert (check.step, check.value, check.note) == (
        CHECK,
        "no",
        "My 'yes' was wrong; it should be no",
    )
    assert (indicator.step, indicator.value) == (INDICATOR, "no")
    assert indicator.note == f"clarified by {CHECK} from yes"


def test_words_that_give_no_answer_are_asked_again_and_kept_as_the_reason(script):
    iv = Interview(script, "full")
    now = until(iv, CHECK)
    reply = iv.interpret("Only the two main models, really.", now)
    assert reply.events == [] and reply.invalid is not None
    assert "“Only the two main models, really.”" in reply.invalid
    assert "y (yes), m (mostly), p (partly), n (no) or d (don't know)" in reply.invalid
    reply = iv.interpret("p", now + 5)
    check, indicator = (as_answer(e) for e in reply.events)
    assert (check.value, check.note) == ("partly", "Only the two main models, really.")
    assert indicator.value == "partly"
    assert reply.info == (
        "I've changed your answer to “Every production model has automated monitoring of at "
        "least its key quality metric, not just server uptime.” from Yes to Partly. Type /back "
        "if that's wrong."
    )


def test_back_after_a_clarification_restores_the_earlier_answer(script):
    iv = Interview(script, "full")
    now = until(iv, CHECK)
    for event in iv.interpret("n", now).events:
        iv.apply(event)
    level_no = iv.scorecard().dimensions[CASE.dimension].level
    assert iv.answers[INDICATOR] == "no"
    back = iv.interpret("/back", now + 5)
    assert back.command == "back"
    for event in back.events:
        iv.apply(event)
    ask = iv.ask()
    assert ask is not None and ask.step.id == CHECK and ask.previous == "no"
    reply = iv.interpret("yes", now + 10)
    assert reply.info is not None and reply.info.endswith(
        "from No to Yes. Type /back if that's wrong."
    )
    for event in reply.events:
        iv.apply(event)
    assert iv.answers[INDICATOR] == "yes"
    assert iv.scorecard().dimensions[CASE.dimension].level > level_no
    drive(iv, consistent(CASE.overrides), start=now + 20)
    (c,) = [
        c for c in iv.scorecard().dimensions[CASE.dimension].contradictions if c.check == CASE.check
    ]
    assert c.outcome == "confirmed"
    again = Interview.replay(script, "full", iv.events)
    assert again.answers == iv.answers


@pytest.mark.parametrize(
    ("said", "claim", "value"),
    [
        ("my yes was wrong, it's a no", "yes", "no"),
        ("actually only partly", "yes", "partly"),
        ("it stands", "yes", "yes"),
        ("no, we don't", "yes", "no"),
        ("No, only partly", "yes", "partly"),
        ("Mostly, but not the old ones", "yes", "mostly"),
        ("I don't know", "yes", "unknown"),
        ("that still holds", "no", "no"),
        ("my answer is right", "yes", "yes"),
        ("the yes is correct", "yes", "yes"),
        ("Ten percent is right; one model.", "yes", None),  # said of the other statement
        ("Actually we only do it for some models", "yes", "partly"),
        ("Not anymore, we stopped", "yes", "no"),
        ("the yes was correct but only for some", "yes", None),  # two answers: asked again
        ("Only the two main models, really.", "yes", None),
        ("I was wrong", "yes", None),
        ("yes, that's wrong", "yes", None),
    ],
)
def test_reading_a_sentence(said, claim, value):
    assert read_sentence(said, claim) == value


def test_plain_mode_reads_a_typed_clarification_and_says_it_back(tmp_path):
    """The interviewee types a sentence at the clarifying question, in the line mode."""
    store, runner = at_the_check(tmp_path)
    out = io.StringIO()
    run_plain(runner, io.StringIO("my yes was wrong, it's a no\n/pause\n"), out)
    text = out.getvalue()
    assert "Which is true today: does your “Yes” stand, or is it mostly, partly or no?" in text
    assert "y) Yes, that stands: in place and routine" in text
    assert "n) No" in text
    said = text.split("my yes was wrong, it's a no", 1)[1]
    assert "You said “my yes was wrong, it's a no”, so I've noted “No” for “Every production" in (
        " ".join(said.split())
    )
    runner.close()
    resumed = SessionRunner.resume(store, runner.session_id)
    assert resumed.interview.answers[INDICATOR] == "no"
    resumed.close()


def test_a_session_clarified_in_words_before_replays_and_exports_as_it_scored(tmp_path):
    """Made by the interviewer before its clarifying questions offered answers: the executive
    track, 'nobody re-measures it' against yes to the KPI being measured, clarified in words;
    expected.json holds what that version scored and reported."""
    expected = json.loads((OLD / "expected.json").read_text())
    shutil.copytree(OLD / "sessions", tmp_path / "sessions")
    store = SessionStore(tmp_path / "sessions")
    data = gather(store, expected["session"])
    iv = data.interview
    assert iv.answers == expected["answers"]
    assert [[t.number, t.step.id, t.answer] for t in iv.transcript] == expected["transcript"]
    for key, want in expected["dimensions"].items():
        got = iv.scorecard().dimensions[key]
        assert got.level == want["level"] and list(got.range) == want["range"]
        assert round(got.score, 4) == want["score"] and got.confidence == want["confidence"]
        assert [f.code for f in got.flags] == want["flags"]
        assert [[c.check, c.clarified] for c in got.contradictions] == want["contradictions"]
    markdown = render_markdown(data)
    lines = [line for line in markdown.splitlines() if "do not fit together" in line]
    assert lines == expected["markdown_contradictions"]
    body = render_json(data)
    assert body["schema"] == "interviewer.report/3"
    (c,) = [c for f in body["findings"] for c in f["contradictions"]]
    assert (c["resolved"], c["outcome"]) == (True, "explained")
    assert c["clarification"] == "We re-measure the two biggest models every quarter now."


def test_the_old_session_fixture_is_the_shape_before(tmp_path):
    """The fixture answers its clarifying question in words, never with an indicator answer."""
    log = next((OLD / "sessions").glob("*/transcript.jsonl")).read_text().splitlines()
    answers = [json.loads(line)["doc"] for line in log if '"step"' in line]
    checks = [a for a in answers if ".check." in a.get("step", "")]
    assert checks and all(len(str(a["value"]).split()) > 3 for a in checks)
    assert not [a for a in answers if str(a.get("note") or "").startswith("clarified by ")]


async def test_the_app_asks_with_indicator_keys_and_takes_a_sentence(tmp_path):
    """In the app: the answers on y m p n d, the claim worded as the one that stands; w opens
    a line for words, which are read and said back in the chat."""
    from textual.widgets import Input, OptionList, Static

    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.conversation.answer_area import Hint
    from interviewer.tui.conversation.chat import ChatLog

    store, runner = at_the_check(tmp_path)
    runner.close()
    app = InterviewerApp(store, resume=runner.session_id)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        choice = app.screen.query_one("#answer-choice", OptionList)
        shown = [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]
        assert shown == [
            "y  Yes, that stands: in place and routine",
            "m  Mostly — most models, a few gaps",
            "p  Partly — some models, or done by hand",
            "n  No",
            "d  Don't know",
            "w  In my own words…",
        ]
        hint = app.screen.query_one("#answer-hint", Hint)
        # the command hint is left out where the line has no room for it
        assert hint.text == "Press a key, or w to say it in your own words · / a command"
        await pilot.press("w")
        await pilot.pause()
        line = app.screen.query_one("#na-reason", Input)
        assert line.display and line.has_focus
        await pilot.press(*"only the two main models")  # no answer in it: asked again
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#answer-error", Static)
        assert error.display and "“only the two main models”" in str(error.render())
        assert not line.display and choice.has_focus  # the answers again, to pick one
        assert app.runner.interview.asking == CHECK
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"honestly we never got round to it")
        await pilot.press("enter")
        await pilot.pause()
        iv = app.runner.interview
        assert iv.answers[INDICATOR] == "no"
        chat = "\n".join(e.text for e in app.screen.query_one(ChatLog).entries)
        assert "You said “honestly we never got round to it”, so I've noted “No”" in chat
        assert "(changed after clarification)" not in chat  # said once, by the say-back
        assert (
            not app.screen.query("#answer-error")
            or not app.screen.query_one("#answer-error", Static).display
        )


def test_jsonl_offers_the_answers_and_says_a_sentence_back(tmp_path):
    """Another program sees the clarifying question with its options and hears the reading."""
    from jsonl_driver import JsonlProcess

    _, runner = at_the_check(tmp_path)
    runner.close()
    p = JsonlProcess(["resume", runner.session_id], tmp_path)
    ask = p.read_until("ask")
    assert (ask["step"], ask["kind"], ask["purpose"]) == (CHECK, "indicator", "contradiction")
    assert [o["value"] for o in ask["options"]] == ["yes", "mostly", "partly", "no", "unknown"]
    assert ask["options"][0]["label"] == "Yes, that stands: in place and routine"
    p.send("actually only partly")
    said = p.read_until("say")
    assert said["text"].startswith("You said “actually only partly”, so I've noted “Partly”")
    p.send("/pause")
    assert p.close_input() == 0
    resumed = SessionRunner.resume(SessionStore(tmp_path), runner.session_id)
    assert resumed.interview.answers[INDICATOR] == "partly"
    resumed.close()


def test_it_stands_typed_is_said_back_and_keeps_the_claim(script):
    iv = Interview(script, "full")
    now = until(iv, CHECK)
    reply = iv.interpret("It stands, the 10% are the ones that matter", now)
    assert reply.info is not None
    assert reply.info.startswith(
        "You said “It stands, the 10% are the ones that matter”, so I've noted “Yes”"
    )
    for event in reply.events:
        iv.apply(event)
    assert iv.answers[INDICATOR] == "yes"
    (c,) = [
        c for c in iv.scorecard().dimensions[CASE.dimension].contradictions if c.check == CASE.check
    ]
    assert (c.clarified, c.outcome) == (True, "confirmed")


def test_the_clarification_changed_later_from_anywhere_restores_the_claim(script):
    """Changing the clarifying answer later (the app's change-an-answer) works while the route
    is still on the questions its 'no' opened, and the answers after it stay."""
    iv = Interview(script, "full")
    now = until(iv, CHECK)
    for event in iv.interpret("n", now).events:
        iv.apply(event)
    opened = iv.asking
    # the 'no' opens the practices of the level it puts in doubt, or the pain questions
    assert opened is not None and opened.startswith(
        (f"{CASE.dimension}.pains", f"{CASE.dimension}.ind.")
    )
    assert opened not in iv.answers
    target = iv.answers[f"{CASE.dimension}.target"]  # kept, though the route is behind it
    reply = iv.interpret("y", now + 5, step_id=CHECK)
    assert reply.invalid is None
    for event in reply.events:
        iv.apply(event)
    assert iv.answers[INDICATOR] == "yes"
    assert iv.answers[f"{CASE.dimension}.target"] == target
    assert iv.asking != opened  # no weakness left to ask about


def test_words_that_are_an_answer_in_a_session_from_before_change_nothing(script):
    """Before, the clarifying question took words: 'no' typed then is the words, not a 'no'
    the indicator was given (no indicator answer came with it), so nothing changes."""
    from interviewer.scoring import score_answers

    iv, _ = interview(script, CASE.overrides)
    answers = {**iv.answers, CHECK: "no"}
    score = score_answers(script, iv.track, answers).dimensions[CASE.dimension]
    (c,) = [c for c in score.contradictions if c.check == CASE.check]
    assert (c.clarified, c.outcome, c.clarified_as) == (True, "explained", "")
    unclarified = score_answers(script, iv.track, iv.answers).dimensions[CASE.dimension]
    assert (score.level, score.score) == (unclarified.level, unclarified.score)


REPLIES = json.loads((FIXTURES / "clarify-replies.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["written_with", "held_out"])
def test_no_labelled_reply_is_read_as_an_answer_it_does_not_give(kind):
    """A wrong reading is said back and one /back away, but must stay rare: none in the
    labelled replies. The rules were made with the first set (all read as labelled); the
    held-out set was measured once: 21 of 25 read, 4 asked again, none misread."""
    misread, asked_again = [], 0
    for said, claim, value in REPLIES[kind]:
        got = read_sentence(said, claim)
        if got is None and value is not None:
            asked_again += 1
        elif got != value:
            misread.append((said, got, value))
    assert misread == []
    assert asked_again <= (0 if kind == "written_with" else 4)
