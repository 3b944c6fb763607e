"""Every typed command on every kind of question: a command never records an answer nobody gave
(the session's events, read back from the store, say so), and its own effect is shown.

On a list of options single keys answer (y is "yes", 2 the second option): a `/` opens the
command field first, so `/why` there is the command, not "yes". Text and number questions take
the command as typed text. One app per kind runs every command that leaves the question where
it is; /skip comes last in it; /back, /pause and /quit each need an app of their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from conftest import MINI, runner_of
from test_tui import type_text
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from interviewer.engine.explain import explain_step, status_text
from interviewer.records import Answer, Back, Paused
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.browser import app_help
from interviewer.tui.conversation.answer_area import AnswerArea, AnswerText, Hint
from interviewer.tui.conversation.chat import ChatLog
from interviewer.tui.conversation.command_field import CommandField
from interviewer.tui.conversation.history import HistoryScreen
from interviewer.tui.conversation.screen import ConversationScreen

# The short test track: role (choice), models and budget (numbers), then Deployment: how
# (text), self-rating (scale), indicators, pains (several choices).
STEP = {
    "choice": "role",
    "number": "models",
    "text": "deployment_serving.open.how",
    "scale": "deployment_serving.self_rating",
    "indicator": "deployment_serving.ind.scripted",
    "na-reason": "deployment_serving.ind.scripted",
    "multi": "deployment_serving.pains",
}
KINDS = list(STEP)
BEFORE = {  # the question before each one: where /back goes (the first has none)
    "number": "role",
    "text": "budget",
    "scale": "deployment_serving.open.how",
    "indicator": "deployment_serving.self_rating",
    "na-reason": "deployment_serving.self_rating",
    "multi": "deployment_serving.ind.rollback",
}
FOCUSED = {  # the widget that has the keys on each kind of question
    "choice": "answer-choice",
    "number": "answer-number",
    "text": "answer-text",
    "scale": "answer-choice",
    "indicator": "answer-choice",
    "na-reason": "na-reason",
    "multi": "answer-multi",
}


# what is answered before each kind's question
GIVEN = ["1", "3", "2", "We deploy with a script on a laptop, then check by hand", "1"]
BEFORE_KIND = {
    "choice": [],
    "number": GIVEN[:1],
    "text": GIVEN[:3],
    "scale": GIVEN[:4],
    "indicator": GIVEN,
    "na-reason": GIVEN,
    "multi": [*GIVEN, "n", "n", "n", "n"],
}


def at(store: SessionStore, kind: str) -> InterviewerApp:
    """The app on `kind`'s question: the answers before it are given first (as the snapshot
    tests do), then the app resumes the session there."""
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(MINI))
    runner.opening()
    for answer in BEFORE_KIND[kind]:
        runner.handle(answer)
    runner.close()
    return InterviewerApp(store, str(MINI), resume=runner.session_id)


async def reach(pilot: Pilot[str | None], kind: str) -> None:
    await pilot.pause()
    if kind == "na-reason":
        await pilot.press("a")  # not applicable: the reason field opens
        await pilot.pause()


@asynccontextmanager
async def on(
    store: SessionStore, kind: str, size: tuple[int, int] = (100, 32)
) -> AsyncIterator[tuple[InterviewerApp, Pilot, list[Answer]]]:
    """The app on `kind`'s question, its pilot, and the answers recorded before it."""
    app = at(store, kind)
    async with app.run_test(size=size) as pilot:
        await reach(pilot, kind)
        yield app, pilot, answers(app)


def answers(app: InterviewerApp) -> list[Answer]:
    """The answers recorded so far, read back from the session's file."""
    store, sid = runner_of(app).store, runner_of(app).session_id
    return [e for e in store.events(sid) if isinstance(e, Answer)]


def area(app: InterviewerApp) -> AnswerArea:
    return app.screen.query_one(AnswerArea)


def error_line(app: InterviewerApp) -> str:
    error = app.screen.query_one("#answer-error", Static)
    return str(error.render()) if error.display else ""


def last_info(app: InterviewerApp) -> str:
    chat = app.screen.query_one(ChatLog)
    return next((e.text for e in reversed(chat.entries) if e.role == "info"), "")


def burst(app: App[str | None], keys: str) -> None:
    """The keys arriving together, as a fast typist's, a browser's or tmux's do: none waits
    for the one before it to be handled."""
    names = {"/": "slash", " ": "space", "\r": "enter"}
    for key in keys:
        app.post_message(events.Key(names.get(key, key), key))


async def command(pilot: Pilot[str | None], text: str) -> None:
    """Type the command and press Enter, in one burst."""
    burst(pilot.app, f"{text}\r")
    await pilot.pause()
    await pilot.pause()


def still_on(app: InterviewerApp, kind: str) -> None:
    """The question is in front of them as before, with the keys where they were."""
    shown = area(app)
    assert shown.ask is not None and shown.ask.step.id == STEP[kind]
    assert runner_of(app).interview.asking == STEP[kind]
    field = app.screen.query_one(CommandField)
    assert not field.is_open and field.value == ""
    expected = "answer-choice" if kind == "na-reason" else FOCUSED[kind]  # the n/a is left
    assert app.focused is not None and app.focused.id == expected


@pytest.mark.parametrize("kind", KINDS)
async def test_commands_that_keep_the_question_record_nothing(
    store: SessionStore, kind: str
) -> None:
    async with on(store, kind) as (app, pilot, given):
        shown = area(app).ask
        assert shown is not None and shown.step.id == STEP[kind]
        assert app.focused is not None and app.focused.id == FOCUSED[kind]
        iv = runner_of(app).interview

        await command(pilot, "/why")
        assert last_info(app) == explain_step(iv)
        assert answers(app) == given
        still_on(app, kind)

        await command(pilot, "/help")
        assert last_info(app) == app_help(False)
        assert answers(app) == given
        still_on(app, kind)

        await command(pilot, "/status")
        assert last_info(app) == status_text(iv) and "Track: Short" in last_info(app)
        assert answers(app) == given

        assert not app.screen.query("#profile")  # 100 columns: the panel starts hidden
        await command(pilot, "/panel")
        assert app.screen.query_one("#profile").display
        assert answers(app) == given
        still_on(app, kind)

        theme = app.theme
        await command(pilot, "/theme")
        assert app.theme != theme
        assert answers(app) == given
        still_on(app, kind)

        await command(pilot, "/change")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert answers(app) == given
        still_on(app, kind)

        await command(pilot, "/nope")  # an unknown command: the usual message, nothing else
        assert "Unknown command /nope" in error_line(app)
        assert answers(app) == given
        assert runner_of(app).interview.asking == STEP[kind]

        await command(pilot, "/skip")  # last: it moves on
        recorded = answers(app)
        assert recorded[: len(given)] == given and len(recorded) == len(given) + 1
        skipped = recorded[-1]
        assert skipped.step == STEP[kind] and skipped.skipped and skipped.value is None
        assert runner_of(app).interview.asking != STEP[kind]


@pytest.mark.parametrize("kind", KINDS)
async def test_back_returns_to_the_previous_question_and_records_no_answer(
    store: SessionStore, kind: str
) -> None:
    async with on(store, kind) as (app, pilot, given):
        await command(pilot, "/back")
        assert answers(app) == given
        events = store.events(runner_of(app).session_id)
        if kind == "choice":  # the first question: nowhere to go back to
            assert "no earlier answer to go back to" in error_line(app)
            assert not any(isinstance(e, Back) for e in events)
            return
        assert isinstance(events[-1], Back) and events[-1].step == BEFORE[kind]
        shown = area(app).ask
        assert shown is not None and shown.step.id == BEFORE[kind]
        assert runner_of(app).interview.asking == BEFORE[kind]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("word", ["/pause", "/quit"])
async def test_pause_and_quit_leave_without_an_answer(
    store: SessionStore, kind: str, word: str
) -> None:
    async with on(store, kind) as (app, pilot, given):
        await command(pilot, word)
        sid = runner_of(app).session_id
    events = store.events(sid)
    assert [e for e in events if isinstance(e, Answer)] == given
    assert isinstance(events[-1], Paused)
    assert app.return_value == f"Paused. Resume any time with: interviewer resume {sid}"


@pytest.mark.parametrize("kind", ["indicator", "choice", "multi", "na-reason"])
async def test_a_command_typed_key_by_key_is_a_command_even_with_a_number(
    store: SessionStore, kind: str
) -> None:
    async with on(store, kind) as (app, pilot, given):
        await type_text(pilot, "/why")
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app) == given
        assert last_info(app) == explain_step(runner_of(app).interview)
        await type_text(pilot, "/skip 2")  # a number after the command is the command's
        await pilot.press("enter")
        await pilot.pause()
        (skipped,) = answers(app)[len(given) :]
        assert skipped.step == STEP[kind] and skipped.skipped


async def test_the_command_field_opens_at_the_slash_and_esc_or_deleting_it_goes_back(
    store: SessionStore,
) -> None:
    async with on(store, "indicator", (80, 24)) as (app, pilot, given):
        hint = app.screen.query_one("#answer-hint", Hint)
        assert str(hint.render()).endswith("n/a · / a command")  # it fits at 80 columns
        await pilot.press("f5")  # the panel takes 45 columns: no room for it
        await pilot.pause()
        assert str(hint.render()) == "y yes · m mostly · p partly · n no · d don't know · a n/a"
        await pilot.press("f5")
        await pilot.pause()
        field = app.screen.query_one(CommandField)
        await pilot.press("/")
        assert field.is_open and field.value == "/" and app.focused is field
        assert "Esc goes back" in hint.text
        assert field.region.height == 1 and field.region.bottom <= 23  # above the key bar
        await type_text(pilot, "yes")
        assert field.value == "/yes"
        await pilot.press("escape")
        await pilot.pause()
        assert not field.is_open and app.focused.id == "answer-choice"
        assert hint.text.endswith("· / a command")
        assert runner_of(app).interview.asking == STEP["indicator"]
        await pilot.press("/", "p", "backspace", "backspace")  # the / deleted: back again
        await pilot.pause()
        assert not field.is_open and app.focused.id == "answer-choice"
        assert answers(app) == given
        await pilot.press("p")  # the answer keys work as before
        await pilot.pause()
        assert answers(app)[-1].value == "partly"


async def test_a_slash_inside_the_na_reason_is_text(store: SessionStore) -> None:
    async with on(store, "na-reason") as (app, pilot, _):
        await type_text(pilot, "batch/offline only")
        reason = app.screen.query_one("#na-reason", Input)
        assert reason.value == "batch/offline only"
        assert not app.screen.query_one(CommandField).is_open
        await pilot.press("enter")
        await pilot.pause()
        recorded = answers(app)[-1]
        assert recorded.value == "na" and recorded.note == "batch/offline only"


async def test_esc_in_the_na_reason_goes_back_to_the_options(store: SessionStore) -> None:
    async with on(store, "na-reason") as (app, pilot, given):
        hint = app.screen.query_one("#answer-hint", Hint)
        assert "Esc goes back" in hint.text
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one("#na-reason").display
        assert app.focused is not None and app.focused.id == "answer-choice"
        assert hint.text.endswith("· / a command")
        assert answers(app) == given
        await pilot.press("m")
        await pilot.pause()
        assert answers(app)[-1].value == "mostly"


async def test_ticks_and_a_draft_survive_a_command(store: SessionStore) -> None:
    """/why in the middle of an answer loses nothing already ticked or typed."""
    async with on(store, "multi") as (app, pilot, _):
        await pilot.press("2")
        await command(pilot, "/why")
        await pilot.press("enter")
        await pilot.pause()
        assert answers(app)[-1].value == ["breaks"]
    async with on(store, "text") as (app, pilot, _):
        await type_text(pilot, "We deploy")
        await pilot.press("f2")  # why, by its key
        await pilot.pause()
        assert app.screen.query_one("#answer-text", AnswerText).text == "We deploy"
    async with on(store, "scale") as (app, pilot, _):
        await command(pilot, "/back")  # the open question again, its answer filled in
        await type_text(pilot, " daily")
        await pilot.press("f6", "f2")  # the theme and why, by their keys
        await pilot.pause()
        text = app.screen.query_one("#answer-text", AnswerText).text
        assert text == f"{GIVEN[3]} daily"


async def test_a_clarifying_question_takes_commands_where_w_would_open_the_words(tmp_path):
    """A clarifying question answers on y m p n d and opens a line on w: /why is still /why,
    on the answers and as the first thing typed on that line."""
    from test_clarify import CHECK, at_the_check

    store, runner = at_the_check(tmp_path)
    runner.close()
    app = InterviewerApp(store, resume=runner.session_id)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        given = answers(app)
        iv = runner_of(app).interview
        await command(pilot, "/why")
        assert last_info(app) == explain_step(iv)
        await pilot.press("w")  # the line for words
        await pilot.pause()
        await command(pilot, "/why")
        chat = app.screen.query_one(ChatLog).entries
        assert [e.text for e in chat].count(explain_step(iv)) == 2
        assert answers(app) == given and iv.asking == CHECK
        shown = app.screen.query_one(AnswerArea).ask
        assert shown is not None and shown.step.id == CHECK


async def test_a_reason_typed_in_one_burst_after_a_is_the_reason(store: SessionStore) -> None:
    """Keys that arrive before the n/a line has the focus are the line's, never answers."""
    async with on(store, "indicator") as (app, pilot, given):
        burst(app, "abatch only\r")
        await pilot.pause()
        await pilot.pause()
        (recorded,) = answers(app)[len(given) :]
        assert recorded.value == "na" and recorded.note == "batch only"
