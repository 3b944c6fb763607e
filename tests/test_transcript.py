"""One transcript model: the turns as asked and answered, the same for every reader."""

from __future__ import annotations

from conftest import MINI, drive, persona

from interviewer.engine.interview import Interview
from interviewer.export.report_data import gather
from interviewer.records import Answer
from interviewer.session.follower import SessionFollower
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore
from interviewer.transcript import clarified_from


def _revise(iv: Interview, step_id: str, raw: str, now: float) -> None:
    reply = iv.interpret(raw, now, step_id=step_id)
    assert reply.invalid is None, reply.invalid
    for event in reply.events:
        iv.apply(event)


def test_a_question_is_quoted_as_it_was_asked_even_after_a_revision_changes_it(script):
    """The target question names the level found so far; raising that level afterwards must
    not rewrite what the interviewee was asked."""
    iv = Interview(script, "ml-engineering")
    asked = drive(iv, persona("no", 1), limit=200)
    target = next(t for t in iv.transcript if t.step.purpose == "target")
    dim = script.dimensions[target.step.dimension]
    assert "level 1" in target.question
    level_two = [a.step.id for a in asked if a.step.id.startswith(f"{dim.key}.ind.")][:2]
    for ind in dim.indicators_at(2):
        step_id = f"{dim.key}.ind.{ind.id}"
        if step_id in iv.answers:
            _revise(iv, step_id, "yes", 9000.0)
    assert level_two and iv.ctx.level(dim.key) >= 2
    assert "level 1" not in iv.render(target.step)  # what it would say now
    assert iv.transcript[target.number].question == target.question  # what was asked


def test_turns_are_numbered_once_and_revisions_and_supersession_follow_the_route(mini):
    iv = Interview(mini, "short")
    drive(iv, persona("no", 1), limit=3)  # role: engineer, models, budget
    first_role = iv.transcript[1]
    _revise(iv, "role", "2", 1020.0)  # an executive: the models question leaves the route
    numbers = [t.number for t in iv.transcript]
    assert numbers == list(range(1, len(numbers) + 1))
    latest = iv.transcript.turns[-1]
    assert latest.step.id == "role" and latest.revises and not first_role.revises
    assert iv.transcript.superseded(first_role)
    assert {t.step.id for t in iv.transcript if iv.transcript.superseded(t)} == {"role", "models"}
    assert iv.transcript.in_force("role") == latest
    assert iv.transcript.in_force("models") is None


def test_the_runner_the_follower_and_the_report_read_the_same_turns(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(MINI))
    runner.opening()
    policy = persona("partly", 2)
    for _ in range(10):
        ask = runner.interview.ask()
        assert ask is not None
        runner.handle(policy(ask))
    runner.revise("role", "2")
    live = [(t.number, t.step.id, t.question, t.answer) for t in runner.interview.transcript]
    runner.close()

    follower = SessionFollower(store, runner.session_id)
    follower.poll()
    followed = [(t.number, t.step.id, t.question, t.answer) for t in follower.transcript]
    report = gather(store, runner.session_id)
    reported = [(t.number, t.step.id, t.question, t.answer) for t in report.transcript]
    assert live == followed == reported
    assert len(live) == 11


def test_each_answer_logs_the_question_as_shown_and_older_logs_still_read(script):
    iv = Interview(script, "ml-engineering")
    asks = drive(iv, persona("no", 1), limit=40)
    answers = [e for e in iv.events if isinstance(e, Answer) and clarified_from(e.note) is None]
    assert [a.question for a in answers] == [ask.text for ask in asks]
    # an indicator answer a clarifying question gave is logged with the indicator's question,
    # in the form its premise called for then
    for e in iv.events:
        if isinstance(e, Answer) and clarified_from(e.note) is not None:
            step = iv.track.index[e.step]
            assert e.question in (step.text, *(form.text for form in step.forms))
    # a log written before questions were logged: the same turns, quoted the same way
    older = Interview.replay(script, "ml-engineering", [strip(e) for e in iv.events])
    assert [t.question for t in older.transcript] == [t.question for t in iv.transcript]


def test_a_revised_clarifying_question_is_quoted_as_it_was_asked(script):
    """The perception-gap question names the self-rating: after the rating is revised, the
    superseded turn still shows the number that was in it when it was asked."""
    iv = Interview(script, "ml-engineering")
    asked = drive(iv, persona("no", 4), limit=60)
    clarify = next(a for a in asked if a.step.purpose == "clarify")
    assert "at 4" in clarify.text
    rating = next(a.step.id for a in asked if a.step.purpose == "self_rating")
    _revise(iv, rating, "1", 9000.0)
    first = next(t for t in iv.transcript if t.step.id == clarify.step.id)
    assert first.question == clarify.text and "at 4" in first.question
    assert "at 4" not in iv.render(clarify.step)


def strip(event):
    return event._replace(question=None) if isinstance(event, Answer) else event
