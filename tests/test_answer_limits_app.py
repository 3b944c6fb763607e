"""The app, on the same two paths as the line modes (issue 18): Enter on an optional number
skips it, and a session deleted while it is answered ends the app with that said."""

from __future__ import annotations

from conftest import MINI, runner_of
from test_tui import asking, start_app, to_the_first_text_question

from interviewer.store.deletion import delete_session
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.answer_area import AnswerText


async def test_enter_on_an_optional_number_skips_it(store, tmp_path):
    script = tmp_path / "optional-budget.yaml"
    text = MINI.read_text()
    script.write_text(
        text.replace("priority: optional\n", "priority: optional\n            required: false\n", 1)
    )
    app = InterviewerApp(store, str(script), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("2")  # an executive: asked the budget
        await pilot.pause()
        assert asking(app) == "budget"
        await pilot.press("enter")
        await pilot.pause()
        assert asking(app) != "budget"
        turn = runner_of(app).interview.transcript.turns[-1]
        assert (turn.step.id, turn.answer, turn.event.skipped) == ("budget", "(skipped)", True)


async def test_a_forced_delete_ends_the_app_saying_the_session_is_gone(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await to_the_first_text_question(pilot)
        sid = runner_of(app).session_id
        delete_session(store, sid, "alex", force=True)
        app.screen.query_one("#answer-text", AnswerText).text = "We deploy by hand"
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 1
    assert app.return_value == (
        f"interviewer: session {sid} was deleted while it was open; nothing more is saved"
    )
