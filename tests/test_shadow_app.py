"""The facilitator's app against a session that another writer is extending."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from conftest import MINI, ask_of
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from interviewer.records import Annotation, LevelOverride, PushedQuestion
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore
from interviewer.store.notes_file import read_notes
from interviewer.tui.conversation.chat import ChatLog
from interviewer.tui.shadow.app import ShadowApp, ShadowScreen
from interviewer.tui.shadow.state_panel import StatePanel

ANSWERS = ["1", "4", "3", "We deploy by hand, it is firefighting", "2", "no", "no", "no", "no"]


def interviewee(tmp_path: Path, answers: Sequence[str] = ()) -> tuple[SessionStore, SessionRunner]:
    """Ada's session of the short track, with `answers` given."""
    store = SessionStore(tmp_path / "sessions")
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(MINI))
    runner.opening()
    for answer in answers:
        runner.handle(answer)
    return store, runner


async def wait_for(
    pilot: Pilot[str | None], condition: Callable[[], object], timeout: float = 5.0
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


def on_screen(app: ShadowApp) -> list[str]:
    """The lines under the transcript: heading, question, choices, step."""
    ids = ("#now-heading", "#now-text", "#now-choices", "#now-detail")
    return [str(app.screen.query_one(i, Static).render()).strip() for i in ids]


def labels(app: ShadowApp) -> list[str]:
    return [e.label for e in app.screen.query_one(ChatLog).entries if e.role == "you"]


def transcript_text(app: App[str | None]) -> str:
    return "\n".join(e.text for e in app.screen.query_one(ChatLog).entries)


async def test_follows_a_live_session_and_shows_the_state(tmp_path):
    store, runner = interviewee(tmp_path)
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ShadowScreen)

        async def writer() -> None:  # the interviewee answering in the background
            for answer in ANSWERS:
                runner.handle(answer)
                await asyncio.sleep(0.03)

        task = asyncio.create_task(writer())
        await wait_for(pilot, lambda: "Rollback takes minutes." in transcript_text(app))
        await task
        await wait_for(pilot, lambda: transcript_text(app).count("No") >= 4)
        text = transcript_text(app)
        assert "What is your role?" in text and "Engineer" in text
        state = str(app.screen.query_one(StatePanel).render())
        assert "Deployment: level 1" in state
        assert "Main:" in state and "/15 min" in state
        now = on_screen(app)
        assert now[0] == "Now on Ada's screen · turn 10 · Deployment"
        assert now[1] == ask_of(runner.interview).text  # the question as the interviewee has it
        assert now[2].startswith("Choices: Deployments take weeks · ")
        assert now[3] == "step deployment_serving.pains (pain)"  # a detail, beneath
        chat = app.screen.query_one(ChatLog)
        titles = [e.title for e in chat.entries if e.title]
        assert titles[0] == "Turn 1 · context" and len(titles) == len(ANSWERS)
    runner.close()


async def test_annotate_override_and_push_from_the_app(tmp_path):
    store, runner = interviewee(tmp_path, ANSWERS[:4])
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "firefighting" in transcript_text(app))
        selected = str(app.screen.query_one("#selected", Static).render())
        assert selected.startswith("Turn 4 selected")  # the latest answer is selected by default
        await pilot.press("ctrl+up", "ctrl+up", "ctrl+up")  # back to turn 1
        action = app.screen.query_one("#action", Input)
        action.value = "Says engineer but leads a team #quote #follow-up"
        await pilot.press("enter")
        action.value = "/override deployment_serving 2 saw the scripts"
        await pilot.press("enter")
        action.value = "/override nowhere 2 x"
        await pilot.press("enter")
        await pilot.pause()
        result = str(app.screen.query_one("#action-result", Static).render())
        assert "unknown dimension 'nowhere'" in result
        action.value = "/ask Who approves a release?"
        await pilot.press("enter")
        await pilot.pause()
        notes = read_notes(store.ref(runner.session_id))
        assert [type(n) for n in notes] == [Annotation, LevelOverride, PushedQuestion]
        first = notes[0]
        assert isinstance(first, Annotation)
        assert first.turn == 1 and first.tags == ("quote", "follow-up")
        assert first.note == "Says engineer but leads a team"
        state = str(app.screen.query_one(StatePanel).render())
        assert "Deployment: not assessed yet" in state and "overridden to 2 by alex" in state
        # the interviewee is told a facilitator is present and gets the question next
        outs = runner.handle("2")
        texts = [o.text for o in outs]
        assert any("alex, is following" in t for t in texts)
        assert any(
            o.kind == "ask" and o.ask is not None and o.ask.step.purpose == "facilitator"
            for o in outs
        )
        assert not any("leads a team" in t for t in texts)
        runner.handle("Our head of data")
        await wait_for(pilot, lambda: "Our head of data" in transcript_text(app))
        assert "alex pushed a question: Who approves a release?" in transcript_text(app)
    runner.close()


async def test_revisions_show_as_superseded(tmp_path):
    store, runner = interviewee(tmp_path)
    runner.handle("1")
    runner.handle("3")
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "Engineer" in transcript_text(app))
        runner.revise("role", "2")  # now an executive: the models answer leaves the route
        await wait_for(pilot, lambda: "Executive" in transcript_text(app))
        chat = app.screen.query_one(ChatLog)
        assert [e.text for e in chat.entries if e.superseded] == ["Engineer", "3"]
    runner.close()


async def test_home_screen_lists_live_sessions_and_opens_the_shadow_view(tmp_path):
    from textual.widgets import OptionList

    from interviewer.tui.app import InterviewerApp

    store, runner = interviewee(tmp_path)
    runner.handle("1")
    app = InterviewerApp(store, str(MINI))
    async with app.run_test(size=(120, 40)) as pilot:
        live = app.screen.query_one("#live-list", OptionList)
        assert live.get_option_at_index(0).id == runner.session_id
        live.focus()
        live.highlighted = 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ShadowScreen))
        await wait_for(pilot, lambda: "Engineer" in transcript_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ShadowScreen)
    runner.close()


async def test_the_interviewee_is_named_and_the_first_open_says_following(tmp_path):
    store, runner = interviewee(tmp_path, ANSWERS[:3])
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(labels(app)) == 3)
        first = app.screen.query_one(ChatLog).entries[0]
        assert first.text.startswith("Following Ada's interview as alex")
        assert "resumed" not in transcript_text(app)
        assert labels(app) == ["Ada", "Ada", "▶ Ada · selected"]  # the newest, until one is chosen
        chat = app.screen.query_one(ChatLog)
        assert "You" not in chat.plain_text.split()
        title = str(app.screen.query_one("#shadow-title", Static).render())
        assert title.startswith("Following Ada · Acme · as alex")
    runner.close()


async def test_without_a_name_the_interviewee_is_the_interviewee(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    runner = SessionRunner.start(store, "short", "", "", str(MINI))
    runner.opening()
    runner.handle("1")
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(labels(app)) == 1)
        assert labels(app) == ["▶ Interviewee · selected"]
        assert on_screen(app)[0] == "Now on the interviewee's screen · turn 2"
    runner.close()


async def test_a_note_stays_on_the_chosen_turn_while_the_interviewee_answers_on(tmp_path):
    """The review's case: a #quote typed about one answer while the next arrives went on the
    newest turn. It goes on the turn selected when the note was begun, which the input names,
    and the report quotes that turn's answer."""
    from interviewer.export.markdown import render_markdown
    from interviewer.export.report_data import gather

    store, runner = interviewee(tmp_path, ANSWERS[:4])  # 4: "We deploy by hand, it is …"
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(labels(app)) == 4)
        prefix = app.screen.query_one("#action-prefix")
        assert str(prefix.render()) == "Note on turn 4:"
        await pilot.press("up")
        assert str(prefix.render()) == "Note on turn 3:"
        assert labels(app)[2] == "▶ Ada · selected" and labels(app)[3] == "Ada"
        await pilot.press("down")  # back on the newest: it follows new answers again
        await pilot.press(*"hand deploys #quote")
        runner.handle(ANSWERS[4])  # the self-rating arrives while the note is typed
        await wait_for(pilot, lambda: len(labels(app)) == 5)
        assert str(prefix.render()) == "Note on turn 4:"  # held on the turn it was begun on
        assert labels(app)[3] == "▶ Ada · selected"
        selected = str(app.screen.query_one("#selected", Static).render())
        assert selected.startswith("Turn 4 selected (Ada): “We deploy by hand, it is firefighting”")
        assert "held while you type" in selected
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.screen.query_one("#action-result", Static).render()) == "Noted on turn 4."
        assert str(prefix.render()) == "Note on turn 5:"  # saved: following the newest again
        notes = read_notes(store.ref(runner.session_id))
        assert [(n.turn, n.note, n.tags) for n in notes if isinstance(n, Annotation)] == [
            (4, "hand deploys", ("quote",))
        ]
        assert len(notes) == 1
    runner.close()
    data = gather(store, runner.session_id, with_notes=True)
    report = render_markdown(data)
    turn_4 = report.split("### Turn 4 ")[1].split("### Turn 5 ")[0]
    assert "**Answer:** We deploy by hand, it is firefighting" in turn_4
    assert "> Note by alex #quote: hand deploys" in turn_4
    assert data.notes is not None
    assert [(q.turn, q.text) for q in data.notes.quotes] == [
        (4, "We deploy by hand, it is firefighting")
    ]


async def test_the_input_says_what_a_command_does(tmp_path):
    store, runner = interviewee(tmp_path, ["1"])
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(labels(app)) == 1)
        prefix = app.screen.query_one("#action-prefix")
        await pilot.press(*"/ask")
        assert str(prefix.render()) == "Question for Ada:"
        app.screen.query_one("#action", Input).value = "/override x"
        await pilot.pause()
        assert str(prefix.render()) == "Command:"
    runner.close()
