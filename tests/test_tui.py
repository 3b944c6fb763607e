"""The interviewee's Textual app, driven headlessly with Pilot."""

from __future__ import annotations

from typing import Any

from conftest import MINI, runner_of
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from interviewer.store import SessionStore, list_sessions
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.answer_area import AnswerText
from interviewer.tui.conversation.chat import ChatEntry, ChatLog
from interviewer.tui.conversation.screen import ConversationScreen
from interviewer.tui.conversation.status_bar import StatusBar
from interviewer.tui.home.screen import HomeScreen
from interviewer.tui.summary.screen import SummaryScreen
from interviewer.tui.themes import LIGHT


def start_app(store: SessionStore, **kw: Any) -> InterviewerApp:
    return InterviewerApp(store, str(MINI), start=("short", "Acme", "Ada"), **kw)


async def type_text(pilot: Pilot[str | None], text: str) -> None:
    await pilot.press(*[" " if c == " " else c for c in text])


def asking(app: InterviewerApp) -> str | None:
    return runner_of(app).interview.asking


def conversation(app: InterviewerApp) -> ConversationScreen:
    """The screen of the conversation, for a test past the home screen."""
    screen = app.screen
    assert isinstance(screen, ConversationScreen), screen
    return screen


def chat_text(app: InterviewerApp) -> str:
    return "\n".join(e.text for e in app.screen.query_one(ChatLog).entries)


async def click_entry(pilot: Pilot[str | None], entry: ChatEntry) -> None:
    chat = pilot.app.screen.query_one(ChatLog)
    line = chat.line_of(entry) + 2  # the first line of the message body
    chat.scroll_to(y=max(0, line - 3), animate=False)
    await pilot.pause()
    await pilot.click(ChatLog, offset=(10, line - chat.scroll_offset.y))


async def to_the_first_text_question(pilot: Pilot[str | None]) -> None:
    """The short track opens with a role choice and a number before its first open question."""
    await pilot.press("2")
    await pilot.pause()
    await type_text(pilot, "1")
    await pilot.press("enter")
    await pilot.pause()


async def wheel_up(pilot: Pilot[str | None], widget: Widget, offset: tuple[int, int]) -> None:
    """One notch of the mouse wheel over `widget`, sent as the terminal sends it: to the app."""
    from textual import events

    x, y = widget.region.offset + offset
    pilot.app.post_message(events.MouseScrollUp(None, x, y, 0, -1, 0, False, False, False, x, y))
    await pilot.pause()


async def answer_text(pilot: Pilot[str | None], text: str) -> None:
    area = pilot.app.screen.query_one("#answer-text", AnswerText)
    area.text = text
    await pilot.press("enter")
    await pilot.pause()


async def test_home_screen_to_summary_answering_every_kind(store):
    app = InterviewerApp(store, str(MINI))
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        tracks = app.screen.query_one("#track-list", OptionList)
        assert "Short · 20 min" in str(tracks.get_option_at_index(0).prompt)
        app.screen.query_one("#org", Input).value = "Acme"
        app.screen.query_one("#participant", Input).value = "Ada"
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert asking(app) == "role"
        await pilot.press("1")  # choice by number key
        await pilot.pause()
        assert asking(app) == "models"
        await type_text(pilot, "12")  # number
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # budget: empty number -> rejected, reason shown
        await pilot.pause()
        error = app.screen.query_one("#answer-error", Static)
        assert "Please type an answer" in str(error.render())
        await type_text(pilot, "250k")
        await pilot.press("enter")
        await pilot.pause()
        assert runner_of(app).interview.answers["budget"] == 250000
        await answer_text(pilot, "We deploy with a script on a laptop, then check by hand")
        assert asking(app) == "deployment_serving.self_rating"
        options = app.screen.query_one("#answer-choice", OptionList)
        assert "Some scripts" in str(options.get_option_at_index(1).prompt)  # descriptors shown
        await pilot.press("2")  # scale
        await pilot.pause()
        for key in ("y", "p", "n"):
            await pilot.press(key)  # indicators on single keys
            await pilot.pause()
        await pilot.press("a")  # not applicable, with a reason
        await pilot.pause()
        await type_text(pilot, "batch only")
        await pilot.press("enter")
        await pilot.pause()
        iv = runner_of(app).interview
        assert [
            iv.answers[f"deployment_serving.ind.{k}"]
            for k in ("scripted", "envs", "cicd", "rollback")
        ] == ["yes", "partly", "no", "na"]
        assert iv.transcript.turns[-1].event.note == "batch only"
        assert asking(app) == "deployment_serving.pains"
        await pilot.press("1", "2")  # multi: tick two, Enter sends
        await pilot.press("enter")
        await pilot.pause()
        assert iv.answers["deployment_serving.pains"] == ["slow", "breaks"]
        while (now := asking(app)) is not None:
            step = iv.track.index[now]
            if step.kind == "text":
                await answer_text(pilot, "Alerts go to a shared channel that someone reads")
            elif step.kind == "indicator":
                await pilot.press("n")
            elif step.kind == "multi":
                await pilot.press("1", "enter")
            else:
                await pilot.press("1")
            await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        chart = str(app.screen.query_one("#summary-chart", Static).render())
        assert "Deployment" in chart and "Monitoring" in chart and "S" in chart
        overall = str(app.screen.query_one("#summary-overall", Static).render())
        assert "Overall" in overall and "covering" in overall
        pains = str(app.screen.query_one("#summary-pains", Static).render())
        assert "Deployments take weeks" in pains
        actions = str(app.screen.query_one("#summary-actions", Static).render())
        # every target was set to 1 and no pain was critical: nothing to do, and it says so
        assert "Next actions" in actions and "Nothing stands between" in actions
    rows = list_sessions(store)
    assert rows[0].status == "completed" and rows[0].org == "Acme"


async def test_rejected_answer_shows_the_reason_and_keeps_what_was_typed(store):
    app = start_app(store)
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await type_text(pilot, "lots")
        await pilot.press("enter")
        await pilot.pause()
        assert asking(app) == "models"
        assert app.screen.query_one("#answer-number", Input).value == "lots"
        assert "number" in str(app.screen.query_one("#answer-error", Static).render())


async def test_changing_an_earlier_answer_reroutes_and_dims_the_old_turns(store):
    app = start_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("1")  # engineer
        await pilot.pause()
        await type_text(pilot, "3")
        await pilot.press("enter")
        await pilot.pause()
        assert asking(app) == "budget"
        # click the first answer bubble ("Engineer") to change it
        chat = app.screen.query_one(ChatLog)
        first = next(e for e in chat.entries if e.role == "you")
        await click_entry(pilot, first)
        await pilot.pause()
        assert conversation(app).revising == "role"
        await pilot.press("2")  # executive: the models question leaves the route
        await pilot.pause()
        iv = runner_of(app).interview
        assert "models" not in iv.answers and iv.answers["role"] == "exec"
        assert asking(app) == "budget"
        dimmed = [e.text for e in chat.entries if e.superseded]
        assert dimmed == ["Engineer", "3"]
        assert "You · superseded" in chat.text_of(first)  # said in words, not only by style


async def test_history_picker_changes_an_answer_by_keyboard(store):
    app = start_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("2")  # executive -> budget
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        history = app.screen.query_one("#history-list", OptionList)
        assert history.option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen) and app.screen.revising == "role"
        await pilot.press("1")
        await pilot.pause()
        assert asking(app) == "models"


async def test_pause_then_resume_in_a_new_app(store):
    app = start_app(store)
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        sid = runner_of(app).session_id
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value and f"resume {sid}" in app.return_value
    assert list_sessions(store)[0].status == "paused"
    again = InterviewerApp(store, resume=sid)
    async with again.run_test(size=(90, 30)) as pilot:
        await pilot.pause()
        assert asking(again) == "models"
        text = chat_text(again)
        assert "Engineer" in text and "Welcome back" in text
        await pilot.press("f4")  # pause key
        await pilot.pause()
    assert again.return_value and "Paused" in again.return_value


async def test_a_second_app_on_the_same_session_is_refused(store):
    app = start_app(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        other = InterviewerApp(store, resume=runner_of(app).session_id)
        async with other.run_test() as other_pilot:
            await other_pilot.pause()
        assert other.return_code == 1
        assert "already open in another window" in (other.return_value or "")


async def test_markup_and_escapes_in_answers_are_shown_literally(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await to_the_first_text_question(pilot)
        hostile = "[bold]loud[/bold] [link=http://evil]x[/link] \x1b[31mred\x1b[0m <script>"
        await answer_text(pilot, hostile)
        chat = app.screen.query_one(ChatLog)
        entry = [e for e in chat.entries if e.role == "you"][-1]
        shown = chat.text_of(entry)
        assert "[bold]loud[/bold] [link=http://evil]x[/link] ␛[31mred␛[0m <script>" in shown
        assert "\x1b" not in shown
        block = chat.block_of(entry)
        styles = [seg.style for strip in block for seg in strip if "loud" in seg.text]
        assert styles and not any(st and (st.bold or st.link) for st in styles)


async def test_why_help_and_skip_work_as_keys_and_typed_commands(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert "part of the interview script" in chat_text(app) or "role" in chat_text(app)
        await pilot.press("f3")  # skip the role question
        await pilot.pause()
        assert asking(app) == "models" and runner_of(app).interview.answers["role"] is None
        await type_text(pilot, "/help")
        await pilot.press("enter")
        await pilot.pause()
        assert "/back" in chat_text(app)
        assert app.screen.query_one("#answer-number", Input).value == ""


async def test_status_bar_shows_track_segment_time_and_activity(store):
    app = start_app(store)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("1")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "3")
        await pilot.press("enter")
        await pilot.pause()
        line = str(app.screen.query_one(StatusBar).render())
        assert "Short · 2/2 Main" in line
        assert "Deployment · open questions" in line
        assert "0/15 min" in line and "%" in line
        panel = app.screen.query_one("#profile")
        assert panel.display  # wide enough for the side panel
        status, keys = app.screen.query_one(StatusBar), app.screen.query_one("KeyBar")
        assert panel.region.y == status.region.bottom  # between the bars, covering neither
        assert panel.region.bottom == keys.region.y
        assert app.screen.query_one(ChatLog).region.right <= panel.region.x


async def test_multi_select_needs_keys_and_works_at_80x24(store):
    app = start_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await pilot.pause()
        await answer_text(pilot, "Everything is firefighting, it took weeks last time")
        await pilot.press("1", "n", "n", "n", "n")
        await pilot.pause()
        assert asking(app) == "deployment_serving.pains"
        selection = app.screen.query_one("#answer-multi", OptionList)
        assert selection.region.height > 0 and selection.region.bottom <= 23
        await pilot.press("2")
        assert str(selection.get_option_at_index(1).prompt).startswith("[x] 2.")
        assert str(selection.get_option_at_index(0).prompt).startswith("[ ] 1.")
        assert not app.screen.query("#profile")  # too narrow: not shown, f5 shows it
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.query_one("#profile").display
        assert "Maturity so far" in str(app.screen.query_one("#profile").render())
        chat = app.screen.query_one(ChatLog)
        assert chat.region.height >= 8


async def test_f6_switches_theme_while_typing_and_earlier_messages_take_its_colours(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await to_the_first_text_question(pilot)
        area = app.screen.query_one("#answer-text", AnswerText)
        assert app.focused is area  # a free-text question: the text area has the keys
        chat = app.screen.query_one(ChatLog)

        def backgrounds() -> set:
            return {seg.style.bgcolor for line in chat.lines for seg in line if seg.style}

        dark = backgrounds()
        await pilot.press("f6")
        await pilot.pause()
        assert app.theme == LIGHT
        light = backgrounds()
        assert light and not light & dark  # no message keeps the dark background
        assert area.text == ""  # the key did not reach the answer


async def test_a_long_chat_scrolls_with_the_wheel_and_shows_where_the_view_is(store):
    app = start_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        chat = app.screen.query_one(ChatLog)
        await to_the_first_text_question(pilot)
        for n in range(4):
            await answer_text(pilot, f"Answer number {n}, long enough to wrap in the chat. " * 3)
        assert chat.max_scroll_y > 0 and chat.scroll_y == chat.max_scroll_y  # follows the end

        def thumb_rows() -> list[int]:
            return [y for y in range(chat.size.height) if chat.render_line(y).text.endswith("┃")]

        chat.render_lines(chat.size.region)
        at_end = thumb_rows()
        assert at_end and at_end[-1] == chat.size.height - 1  # the thumb sits at the bottom
        for _ in range(6):
            await wheel_up(pilot, chat, (10, 5))
        await pilot.pause()
        assert chat.scroll_y < chat.max_scroll_y
        chat.render_lines(chat.size.region)
        assert thumb_rows()[0] < at_end[0]  # and moves up with the view


async def test_the_collector_held_off_for_start_up_runs_again_once_the_app_is_up(store):
    import gc

    from interviewer import startup_gc

    startup_gc.hold()  # as the command line does before importing Textual
    try:
        assert not gc.isenabled()
        app = start_app(store)
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()  # a long interview must not grow without collection
            assert gc.get_freeze_count() > 0  # start-up objects are out of later collections
    finally:
        gc.unfreeze()
        gc.enable()


async def test_enter_alone_never_answers_an_indicator(store):
    app = start_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("1")  # role
        await pilot.pause()
        for text in ("3", "5"):  # models, budget
            await type_text(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
        await answer_text(pilot, "We deploy with a script on a laptop, then check by hand")
        await pilot.press("2")  # self-rating
        await pilot.pause()
        assert asking(app) == "deployment_serving.ind.scripted"
        await pilot.press("enter")
        await pilot.pause()
        assert asking(app) == "deployment_serving.ind.scripted"
        assert "deployment_serving.ind.scripted" not in runner_of(app).interview.answers
        await pilot.press("down", "enter")  # moving to an option and choosing it does answer
        await pilot.pause()
        assert runner_of(app).interview.answers["deployment_serving.ind.scripted"] == "yes"
