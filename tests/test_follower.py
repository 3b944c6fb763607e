"""What the facilitator reads about a live session, without the app: the question on the
interviewee's screen as they see it, and the session's events in words."""

from __future__ import annotations

from conftest import MINI, ask_of, persona

from interviewer.session.follower import SessionFollower
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore

MODEL_LIST = "We don't keep a separate list of our models. Whoever built one looks after it."
INVENTORY = "governance_compliance.ind.model-inventory"


def test_the_question_on_screen_is_rendered_as_the_interviewee_sees_it(tmp_path):
    """An indicator heard in an earlier answer is put with the quote ('You mentioned: …'): the
    facilitator reads that, with the step id only as a detail."""
    store = SessionStore(tmp_path)
    runner = SessionRunner.start(store, "full", "Acme", "Dana", None)
    runner.opening()
    runner.handle("y")  # the notice
    follower = SessionFollower(store, runner.session_id)
    answer = persona("yes", 3, text="We review every model with the team each week.")
    for _ in range(400):
        ask = ask_of(runner.interview)
        if ask.step.id == INVENTORY:
            break
        said = MODEL_LIST if ask.step.id == "governance_compliance.open.ownership" else None
        runner.handle(said or answer(ask))
    follower.poll()
    now = follower.on_screen()
    runner.close()
    assert now is not None
    assert now.text == ask.text
    assert now.text.startswith(f"You mentioned: “{MODEL_LIST.split('. ')[0]}.”")
    assert now.heading.startswith("Now on Dana's screen · turn ")
    assert now.heading.endswith(" · Governance & compliance")
    assert now.choices.startswith("Choices: Yes — in place and routine · ")
    assert now.detail == f"step {INVENTORY} (indicator)"
    assert INVENTORY not in now.heading + now.text


def test_the_notice_is_what_is_on_screen_until_it_is_answered(tmp_path):
    store = SessionStore(tmp_path)
    runner = SessionRunner.start(store, "executive", "", "", None)
    runner.opening()
    follower = SessionFollower(store, runner.session_id)
    follower.poll()
    now = follower.on_screen()
    assert now is not None and "notice" in now.text and now.detail == ""
    assert now.heading == "Now on the interviewee's screen"  # no name given: never "You"
    assert follower.participant == "Interviewee"
    runner.handle("y")
    follower.poll()
    now = follower.on_screen()
    assert now is not None and now.heading == "Now on the interviewee's screen · turn 1"
    assert now.text == ask_of(runner.interview).text
    runner.close()


def test_a_first_opening_by_link_is_not_a_resume_and_a_real_resume_is(tmp_path):
    """A browser link creates the session, then opens it (`resumed` right after `started`):
    that is the start, not a resume. Paused and opened again, it is resumed."""
    store = SessionStore(tmp_path)
    created = SessionRunner.start(store, "short", "Acme", "Ada", str(MINI))
    created.close()
    runner = SessionRunner.resume(store, created.session_id)
    runner.opening()
    runner.handle("1")
    runner.pause()
    runner.close()
    SessionRunner.resume(store, created.session_id).close()
    follower = SessionFollower(store, created.session_id)
    said = [follower.happened(i, e) for i, e in follower.poll()[0]]
    lines = [s.split(" at ")[0] for s in said if s is not None]
    assert lines == [
        "The interview started",
        "The interview was paused",
        "The interview was resumed",
    ]
