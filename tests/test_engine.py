"""Engine behaviour on the small fixture script: answers, commands, revisions, time budget."""

from __future__ import annotations

from conftest import as_answer, ask_of, drive, persona

from interviewer.engine.interview import Interview
from interviewer.engine.machine import TrackMachine
from interviewer.engine.replies import Reply
from interviewer.records import Answer, Paused, Resumed, Started


def answer(iv: Interview, text: str, now: float = 0.0) -> Reply:
    reply = iv.interpret(text, now)
    for event in reply.events:
        iv.apply(event)
    return reply


def test_invalid_answers_are_rejected_with_a_reason_and_nothing_changes(mini):
    iv = Interview(mini, "short")
    assert ask_of(iv).step.id == "role"
    reply = answer(iv, "7")
    assert reply.invalid and "pick one option" in reply.invalid
    assert ask_of(iv).step.id == "role" and iv.events == []
    answer(iv, "engineer")
    assert ask_of(iv).step.kind == "number"
    for bad, reason in (("lots", "number"), ("-3", "at least 0"), ("200000", "too many")):
        reply = answer(iv, bad)
        assert reason in (reply.invalid or "")
        assert ask_of(iv).step.id == "models"
    answer(iv, "12")
    assert iv.answers["models"] == 12


def test_indicator_answers_accept_words_numbers_and_na_with_reason(mini):
    iv = Interview(mini, "short")
    for text in ("1", "3", "0", "A long enough answer about deploying models", "2"):
        answer(iv, text)
    assert ask_of(iv).step.kind == "indicator"
    assert answer(iv, "maybe").invalid
    reply = iv.interpret("na: we only do batch", 1.0)
    step = "deployment_serving.ind.scripted"
    na = Answer(
        step,
        "na",
        "na: we only do batch",
        1.0,
        "we only do batch",
        False,
        "Deployments are scripted.",
    )
    assert reply.events == [na]  # with the question as it was shown
    assert as_answer(iv.interpret("Partly", 1.0).events[0]).value == "partly"
    assert as_answer(iv.interpret("5", 1.0).events[0]).value == "unknown"
    for said in ("mostly", "Largely", "most", "m", "2"):
        assert as_answer(iv.interpret(said, 1.0).events[0]).value == "mostly"


def test_next_rules_branch_on_an_answer(mini):
    iv = Interview(mini, "short")
    answer(iv, "2")  # executive: skips the number of models
    assert ask_of(iv).step.id == "budget"


def test_back_revises_the_previous_answer_and_reroutes(mini):
    iv = Interview(mini, "short")
    answer(iv, "1")  # engineer
    answer(iv, "3")  # models
    assert ask_of(iv).step.id == "budget"
    answer(iv, "/back")
    assert ask_of(iv).step.id == "models" and ask_of(iv).previous == 3
    answer(iv, "/back")
    assert ask_of(iv).step.id == "role"
    answer(iv, "2")  # now an executive: the models question leaves the route
    assert ask_of(iv).step.id == "budget"
    assert "models" not in iv.answers
    superseded = [t.step.id for t in iv.transcript if iv.transcript.superseded(t)]
    assert superseded == ["role", "models"]
    assert [t.number for t in iv.transcript if t.revises] == [3]


def test_revision_keeps_later_answers_still_on_the_route(mini):
    iv = Interview(mini, "short")
    drive(iv, persona("no", 1), limit=12)
    before = dict(iv.answers)
    assert "deployment_serving.pains" in before
    # revise the self-rating: the indicators after it are still on the route and kept
    reply = iv.interpret("2", 99999.0, step_id="deployment_serving.self_rating")
    for event in reply.events:
        iv.apply(event)
    assert iv.answers["deployment_serving.self_rating"] == 2
    for key, value in before.items():
        if key != "deployment_serving.self_rating":
            assert iv.answers[key] == value


def test_revising_an_indicator_changes_the_route(mini):
    iv = Interview(mini, "short")
    drive(iv, persona("no", 1))
    assert "deployment_serving.pains" in iv.answers
    for step in ("scripted", "envs", "cicd", "rollback"):
        reply = iv.interpret("yes", 5000.0, step_id=f"deployment_serving.ind.{step}")
        for event in reply.events:
            iv.apply(event)
    # level 3 now met: level 4 indicators are asked, pain probes have left the route
    assert ask_of(iv).step.id == "deployment_serving.ind.canary"
    assert "deployment_serving.pains" not in iv.answers


def test_skip_leaves_a_question_out(mini):
    iv = Interview(mini, "short")
    answer(iv, "/skip")
    assert ask_of(iv).step.id == "models"
    assert "role" in iv.answers and iv.answers["role"] is None


def test_why_explains_from_what_was_detected(mini):
    iv = Interview(mini, "short")
    drive(iv, persona("no", 1, text="Everything is firefighting, it took weeks"), limit=9)
    assert ask_of(iv).step.purpose == "pain"
    why = iv.interpret("/why", 1.0).info
    assert why is not None
    assert "level 1" in why and "critical" in why and "firefighting" in why


def test_status_and_help_and_unknown_command(mini):
    iv = Interview(mini, "short")
    assert "Segment 1 of 2: Opening" in (iv.interpret("/status", 0).info or "")
    assert "/back" in (iv.interpret("/help", 0).info or "")
    assert "Unknown command /dance" in (iv.interpret("/dance", 0).invalid or "")


def test_replaying_the_log_gives_the_same_state(mini):
    iv = Interview(mini, "short")
    drive(iv, persona("partly", 3), limit=15)
    answer(iv, "/back", 9000)
    answer(iv, "yes", 9001)
    copy = Interview.replay(mini, "short", list(iv.events))
    assert copy.answers == iv.answers
    assert copy.asking == iv.asking
    assert copy.scorecard().to_summary() == iv.scorecard().to_summary()


def test_optional_steps_are_trimmed_when_a_segment_is_over_budget(mini):
    fast = Interview(mini, "short")
    drive(fast, persona("no", 1), gap=5)
    assert "budget" in fast.answers and not fast.trimmed
    slow = Interview(mini, "short")
    drive(slow, persona("no", 1), gap=400)  # the 5-minute segment is used up
    assert "budget" in slow.trimmed
    assert "budget" not in slow.answers


def test_pauses_do_not_count_as_interview_time(mini):
    iv = Interview(mini, "short")
    iv.apply(Started(0))
    answer(iv, "1", 60)
    iv.apply(Paused(61))
    iv.apply(Resumed(5000))
    answer(iv, "3", 5030)
    assert iv.segment_seconds["opening"] == 90
    assert "budget" not in iv.trimmed


def test_one_way_steps_skip_the_trigger_but_every_route_is_the_machines():
    """Steps with one unconditional way on are moved directly; replaying the same answers with
    every move made by the transitions trigger must give the same questions and the same end."""
    from interviewer.script import load_script

    script = load_script()
    for role, who in (("full", persona("no", 1)), ("ml-engineering", persona("yes", 5))):
        direct = Interview(script, role)
        asked = [a.step.id for a in drive(direct, who)]
        assert direct.machine.shortcut_count > 100  # most steps of a real track have one way on
        triggers_only = TrackMachine(script.tracks[role], shortcuts=False)
        assert triggers_only.shortcut_count == 0
        by_trigger = Interview.replay(script, role, direct.events, triggers_only)
        again = Interview(script, role, triggers_only)
        assert [a.step.id for a in drive(again, who)] == asked
        assert by_trigger.path == direct.path and by_trigger.status == direct.status
        assert by_trigger.scorecard().to_summary() == direct.scorecard().to_summary()


def test_status_counts_the_answers_given_in_words_that_agree_with_the_count(mini):
    from interviewer.engine.explain import status_text

    iv = Interview(mini, "short")
    assert "0 answers so far" in status_text(iv)
    answer(iv, "engineer")
    assert "1 answer so far" in status_text(iv)
    answer(iv, "12")
    assert "2 answers so far" in status_text(iv)
