"""Notice and consent before the first question, and the interviewee's own copy at the end."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI, ask_of, persona, runner_of
from rich.console import Console
from textual.app import App
from textual.widgets import Static

from interviewer.cli import main
from interviewer.export.my_copy import my_copy_markdown, save_my_copy
from interviewer.frontends.jsonl import run_jsonl
from interviewer.frontends.plain import run_plain
from interviewer.records import TYPE_OF, ConsentGiven, RecordError, event_from_json
from interviewer.script import load_script, loader, validate
from interviewer.script.model import Notice
from interviewer.session.facilitation import record
from interviewer.session.links import open_link
from interviewer.session.runner import SessionRunner
from interviewer.store import SessionStore
from interviewer.store.invitations import InvitationStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.consent.screen import ConsentScreen
from interviewer.tui.conversation.chat import ChatLog
from interviewer.tui.conversation.screen import ConversationScreen
from interviewer.tui.summary.screen import SummaryScreen

NOTICE = """notice:
  source: added
  title: Before we start
  text: |
    The consulting team reads your answers and the report.

    - **Kept** for the engagement, at most 180 days.
    - **Deletion** on request to the facilitator.
"""


def with_notice(tmp_path: Path, notice: str = NOTICE, name: str = "notice.yaml") -> Path:
    """The mini script with a notice."""
    text = MINI.read_text(encoding="utf-8").replace("outro: Thanks!\n", "outro: Thanks!\n" + notice)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def kinds(store: SessionStore, sid: str) -> list[str]:
    return [TYPE_OF[type(e)] for e in store.events(sid)]


def plain(runner: SessionRunner, lines: str, my_copy: str | None = None) -> str:
    out = io.StringIO()
    run_plain(runner, io.StringIO(lines), out, my_copy=my_copy)
    runner.close()
    return " ".join(out.getvalue().split())  # as read: the wrapping left out


def jsonl(runner: SessionRunner, lines: str, my_copy: str | None = None) -> list[dict]:
    out = io.StringIO()
    run_jsonl(runner, io.StringIO(lines), out, my_copy=my_copy)
    runner.close()
    return [json.loads(line) for line in out.getvalue().splitlines()]


def finish(runner: SessionRunner, text: str = "We deploy with a script on a laptop") -> None:
    """Answer everything the way `persona` does, free text with `text`."""
    policy = persona("partly", 2, text=text)
    for _ in range(200):
        ask = runner.interview.ask()
        if ask is None or runner.finished:
            return
        runner.handle(policy(ask))


# -- the notice and the answer to it ----------------------------------------------------------


def test_plain_shows_the_notice_and_records_consent_before_the_first_answer(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    said = plain(runner, "yes\n1\n")
    assert "── Before we start" in said
    assert "The consulting team reads your answers and the report." in said
    assert "Do you agree to take part on these terms?" in said
    assert said.index("Do you agree") < said.index("What is your role?")
    events = store.events(runner.session_id)
    assert kinds(store, runner.session_id)[:3] == ["started", "consent_given", "answer"]
    script = load_script(with_notice(tmp_path))
    given = events[1]
    assert isinstance(given, ConsentGiven) and script.notice is not None
    assert given.notice_hash == script.notice.sha256


def test_plain_asks_again_until_yes_or_no_and_records_nothing_meanwhile(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    said = plain(runner, "maybe later\n/skip\n/help\n")
    assert said.count("Please answer yes to agree and start, or no to stop here") == 2
    assert "nothing you say is recorded until you agree" in said
    assert kinds(store, runner.session_id) == ["started", "paused"]  # input ended: paused


def test_declining_stores_nothing_but_the_decline(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada Lovelace", str(with_notice(tmp_path)))
    sid = runner.session_id
    said = plain(runner, "no\nEngineer\n")
    assert "You declined, so the interview ends here" in said
    assert "What is your role?" not in said
    assert kinds(store, sid) == ["started", "consent_declined"]
    folder = store.ref(sid).folder
    assert sorted(p.name for p in folder.iterdir()) == [
        "interviewee.lock",
        "meta.json",
        "script.yaml",
        "transcript.jsonl",
    ]
    meta = store.meta(sid)
    assert meta.status == "declined"
    assert meta.org == "" and meta.participant == ""
    for name in ("meta.json", "transcript.jsonl"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "Ada" not in text and "Acme" not in text and "Engineer" not in text


def test_a_declined_session_opened_again_shows_the_notice_again(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    sid = runner.session_id
    plain(runner, "no\n")
    again = SessionRunner.resume(store, sid)
    assert again.consent_pending
    said = plain(again, "yes\n1\n")
    assert "What is your role?" in said
    assert kinds(store, sid)[-3:] == ["consent_given", "answer", "paused"]


def test_an_unchanged_notice_is_not_asked_again_on_resume(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    sid = runner.session_id
    plain(runner, "yes\n1\n")
    again = SessionRunner.resume(store, sid)
    assert not again.consent_pending
    said = plain(again, "3\n")
    assert "Do you agree" not in said and "Before we start" not in said
    assert kinds(store, sid).count("consent_given") == 1


def test_a_changed_notice_is_asked_again_on_resume_and_accepted_anew(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    sid = runner.session_id
    plain(runner, "yes\n1\n")
    copy = store.script_copy(sid)  # the session's own copy: a script of its own keeps its notice
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("at most 180 days", "at most 90 days"),
        encoding="utf-8",
    )
    again = SessionRunner.resume(store, sid)
    assert again.consent_pending
    said = plain(again, "yes\n3\n")
    assert "This notice has changed since you agreed to it on" in said
    assert "at most 90 days" in said
    given = [e for e in store.events(sid) if isinstance(e, ConsentGiven)]
    assert len(given) == 2 and given[0].notice_hash != given[1].notice_hash
    assert kinds(store, sid)[-3:] == ["consent_given", "answer", "paused"]  # then the answer


def test_the_built_in_script_notice_in_force_is_the_current_one(store, tmp_path, monkeypatch):
    """A session started on the built-in script is held to the built-in script's notice as it
    is now: a consultancy that edits it reaches the sessions in progress."""
    runner = SessionRunner.start(store, "executive", "Acme", "Ada", None)
    assert runner.consent_pending
    sid = runner.session_id
    plain(runner, "yes\nHead of data\n")
    unchanged = SessionRunner.resume(store, sid)
    assert not unchanged.consent_pending
    unchanged.close()
    builtin = loader.builtin_script_path()
    edited = tmp_path / "mlops-discovery.yaml"
    edited.write_text(
        builtin.read_text(encoding="utf-8")
        .replace("180 days after", "30 days after")
        .replace("retention: 180d", "retention: 30d"),
        encoding="utf-8",
    )
    monkeypatch.setattr(loader, "builtin_script_path", lambda: edited)
    again = SessionRunner.resume(store, sid)
    assert again.consent_pending
    assert [o.kind for o in again.opening()][1] == "notice"
    again.close()


def test_a_script_without_notice_asks_nothing(store):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(MINI))
    said = plain(runner, "1\n")
    assert "Do you agree" not in said
    assert kinds(store, runner.session_id) == ["started", "answer", "paused"]


def test_an_invitation_link_session_gets_the_notice(store):
    token, _ = InvitationStore(store.root).create_interviewee("executive", "Acme", "Sam", None)
    opened = open_link(InvitationStore(store.root), token, store)
    assert opened is not None
    runner = SessionRunner.resume(store, opened[1])  # what `serve` runs for the link
    assert runner.consent_pending
    assert [o.kind for o in runner.opening()][1:] == ["notice", "ask"]
    runner.close()


def test_jsonl_sends_the_notice_and_a_consent_ask(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    msgs = jsonl(runner, "decline\n")
    notice = load_script(with_notice(tmp_path)).notice
    assert notice is not None
    say, ask = msgs[1], msgs[2]
    assert say["type"] == "say" and say["purpose"] == "notice"
    assert "The consulting team reads your answers" in say["text"]
    assert ask["type"] == "ask" and ask["purpose"] == "consent" and ask["kind"] == "choice"
    assert [o["value"] for o in ask["options"]] == ["accept", "decline"]
    assert ask["notice"]["sha256"] == notice.sha256
    assert ask["notice"]["title"] == "Before we start"
    assert msgs[-1] == {"type": "declined", "id": runner.session_id}
    assert kinds(store, runner.session_id) == ["started", "consent_declined"]


def test_jsonl_accept_goes_on_to_the_first_question(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    msgs = jsonl(runner, "accept\n")
    asks = [m for m in msgs if m["type"] == "ask"]
    assert [a["step"] for a in asks] == ["consent", "role"]
    assert "notice" not in asks[1]


def test_consent_records_are_checked_when_read():
    with pytest.raises(RecordError, match="SHA-256"):
        event_from_json({"type": "consent_given", "notice_hash": "abc", "ts": 1.0})
    event = event_from_json({"type": "consent_declined", "notice_hash": "a" * 64, "ts": 1.0})
    assert type(event).__name__ == "ConsentDeclined"


def test_validate_reports_a_bad_notice(tmp_path):
    bad = with_notice(tmp_path, "notice:\n  source: ours\n  txt: hello\n", "bad.yaml")
    problems = "\n".join(validate(bad))
    assert "notice: unknown field 'txt'" in problems
    assert "notice: source must be guide or added" in problems
    assert "missing `text`" in problems


def test_the_built_in_notice_is_ours_and_says_what_the_tool_does():
    notice = load_script().notice
    assert notice is not None and notice.source == "added"
    text = " ".join(notice.text.split())
    for said in ("consulting team", "sponsor", "follow the interview live", "180 days", "delete"):
        assert said in text
    assert "[" not in text  # nothing to fill in: it reads well as it is


# -- the app ----------------------------------------------------------------------------------


async def test_app_shows_the_notice_before_the_first_question_and_y_accepts(store, tmp_path):
    app = InterviewerApp(store, str(with_notice(tmp_path)), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#consent-text", Static).content)
        shown = " ".join(console.export_text().split())
        assert "The consulting team reads your answers" in shown
        # the conversation is built once the notice is accepted: the first frame is the notice
        assert not any(isinstance(s, ConversationScreen) for s in app.screen_stack)
        assert app.runner is not None
        assert kinds(store, app.runner.session_id) == ["started"]
        await pilot.press("enter")  # the notice has the focus: Enter accepts nothing
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert app.runner.interview.ask() is not None
        assert kinds(store, app.runner.session_id) == ["started", "consent_given"]
        said = app.screen.query_one(ChatLog).entries
        assert said[-1].text == ask_of(runner_of(app).interview).text  # the first question, asked


async def test_app_decline_by_mouse_ends_with_only_the_decline(store, tmp_path):
    app = InterviewerApp(store, str(with_notice(tmp_path)), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.runner is not None
        sid = app.runner.session_id
        await pilot.click("#decline")
        await pilot.pause()
    assert app.return_value is not None and "You declined" in app.return_value
    assert kinds(store, sid) == ["started", "consent_declined"]


async def test_app_resumed_with_a_changed_notice_says_so(store, tmp_path):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    sid = runner.session_id
    plain(runner, "yes\n1\n")
    copy = store.script_copy(sid)
    copy.write_text(copy.read_text(encoding="utf-8").replace("180", "90"), encoding="utf-8")
    app = InterviewerApp(store, resume=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        changed = str(app.screen.query_one("#consent-changed").render())
        assert "This notice has changed since you agreed to it on" in changed
        await pilot.click("#accept")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
    assert kinds(store, sid).count("consent_given") == 2


NOTICE_FIRST = """
import asyncio, sys
from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
LATER = (
    "interviewer.engine.interview", "interviewer.scoring", "interviewer.tui.conversation.screen"
)
async def main():
    app = InterviewerApp(SessionStore(sys.argv[1]), sys.argv[2], start=("short", "Acme", "Ada"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        print(type(app.screen).__name__, [m for m in LATER if m in sys.modules])
        await pilot.press("y")
        await pilot.pause()
        print(type(app.screen).__name__, app.runner.interview.ask() is not None)
asyncio.run(main())
"""


def test_app_paints_the_notice_before_importing_the_engine_and_the_conversation(tmp_path):
    """The notice opens most interviews: it is on screen before the engine, the scoring and the
    conversation's widgets are imported (about a tenth of the start), and accepting it starts
    the interview as usual."""
    script = str(with_notice(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", NOTICE_FIRST, str(tmp_path / "sessions"), script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.splitlines()[-2:] == ["ConsentScreen []", "ConversationScreen True"]


# -- the interviewee's own copy ---------------------------------------------------------------

MARKER = "FACILITATOR-ONLY-7f3a9c"


def completed_with_notes(store: SessionStore, tmp_path: Path) -> str:
    """A finished session a facilitator annotated, overrode and asked a question in."""
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    sid = runner.session_id
    runner.opening()
    runner.handle("yes")
    runner.handle("1")
    record(store, sid, "alex", "annotation", turn=1, note=f"{MARKER} note", tags=["quote", "pain"])
    record(store, sid, "alex", "override", dimension="deployment_serving", level=4, reason=MARKER)
    record(store, sid, "alex", "ask", text="Who approves a release?")
    finish(runner, text="UNIQUE-ANSWER deploys by hand from a laptop")
    assert runner.interview.status == "completed"
    runner.close()
    return sid


def test_my_copy_holds_the_answers_and_no_facilitator_note(store, tmp_path):
    sid = completed_with_notes(store, tmp_path)
    text = my_copy_markdown(store, sid)
    assert text.startswith("# Your copy: ")
    assert "UNIQUE-ANSWER deploys by hand from a laptop" in text
    assert "Who approves a release?" in text  # they were asked it and answered it
    assert "## Scorecard" in text
    assert MARKER not in text
    assert "Facilitator override" not in text and "Note by" not in text


def test_plain_saves_my_copy_private_where_asked(store, tmp_path):
    sid = completed_with_notes(store, tmp_path)
    folder = tmp_path / "mine"
    folder.mkdir()
    said = plain(SessionRunner.resume(store, sid), "", my_copy=str(folder))
    path = folder / f"{sid}-my-copy.md"
    assert f"Your own copy is saved as {path}" in said
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert MARKER not in path.read_text(encoding="utf-8")


def test_plain_piped_without_a_folder_says_how_to_get_a_copy(store, tmp_path):
    sid = completed_with_notes(store, tmp_path)
    said = plain(SessionRunner.resume(store, sid), "")
    assert f"interviewer resume {sid} --plain --my-copy FOLDER" in said


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("typed", "into"),
    [("mine\n", "mine"), ("\n", "."), ("no\n", None), ("", None)],  # "": ctrl+d
    ids=["a folder", "Enter", "no", "end of input"],
)
def test_plain_on_a_terminal_asks_where_to_save_my_copy(store, tmp_path, monkeypatch, typed, into):
    sid = completed_with_notes(store, tmp_path)
    (tmp_path / "mine").mkdir()
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    runner = SessionRunner.resume(store, sid)
    run_plain(runner, Terminal(typed), out)
    runner.close()
    said = " ".join(out.getvalue().split())
    assert f"Type a folder, Enter for {tmp_path}, or no:" in said
    saved = list(tmp_path.rglob("*-my-copy.md"))
    assert saved == ([] if into is None else [tmp_path / into / f"{sid}-my-copy.md"])


def test_jsonl_done_names_my_copy(store, tmp_path):
    sid = completed_with_notes(store, tmp_path)
    msgs = jsonl(SessionRunner.resume(store, sid), "", my_copy=str(tmp_path))
    assert msgs[-1] == {
        "type": "done",
        "id": sid,
        "my_copy": str(tmp_path / f"{sid}-my-copy.md"),
    }


def test_my_copy_into_a_missing_folder_says_so(store, tmp_path):
    sid = completed_with_notes(store, tmp_path)
    with pytest.raises(Exception, match="does not exist"):
        save_my_copy(store, sid, tmp_path / "nowhere")


def test_cli_my_copy_flag(store, tmp_path, capsys, monkeypatch):
    sid = completed_with_notes(store, tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(
        ["resume", sid, "--plain", "--my-copy", str(tmp_path), "--sessions-dir", str(store.root)]
    )
    assert code == 0
    assert (tmp_path / f"{sid}-my-copy.md").is_file()


async def test_summary_screen_saves_my_copy(store, tmp_path, monkeypatch):
    sid = completed_with_notes(store, tmp_path)
    monkeypatch.chdir(tmp_path)
    app = InterviewerApp(store, resume=sid)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # the folder offered first: the current one
        await pilot.pause()
        saved = str(app.screen.query_one("#summary-saved").render())
    path = tmp_path / f"{sid}-my-copy.md"
    assert str(path) in saved.replace("\n", "")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert MARKER not in path.read_text(encoding="utf-8")


class NoticeApp(App[None]):
    """The notice screen alone: its snapshot does not change with the conversation behind it."""

    def __init__(self, notice: Notice) -> None:
        super().__init__()
        self.notice = notice

    def on_mount(self) -> None:
        self.push_screen(ConsentScreen(self.notice, changed_since=1_767_268_800.0))


def test_consent_screen_snapshot(snap_compare, tmp_path, monkeypatch):
    """At the smallest size the app supports: title, what changed, text, question, buttons."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    notice = load_script(with_notice(tmp_path)).notice
    assert notice is not None
    try:
        assert snap_compare(NoticeApp(notice), terminal_size=(80, 24))
    finally:
        monkeypatch.undo()
        time.tzset()


def test_my_copy_without_plain_or_jsonl_is_refused_before_anything_starts(store, capsys):
    code = main(["start", "--role", "short", "--my-copy", ".", "--sessions-dir", str(store.root)])
    assert code == 1
    assert "--my-copy goes with --plain or --jsonl" in capsys.readouterr().err
    assert store.session_ids() == []


async def test_a_facilitator_shadowing_sees_when_the_notice_was_accepted(store, tmp_path):
    from interviewer.tui.shadow.app import ShadowApp

    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(with_notice(tmp_path)))
    runner.opening()
    runner.handle("yes")
    runner.handle("1")
    app = ShadowApp(store, runner.session_id, "alex")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = str(app.screen.query_one("#state").render())
        assert "Notice accepted " in panel
        said = [e.text for e in app.screen.query_one(ChatLog).entries if e.role == "info"]
        assert any(t.startswith("Ada accepted the notice at ") for t in said)
    runner.close()


# every command the interview takes; each has a y or n (or both) that would answer the notice
TYPED_COMMANDS = ("/why", "/help", "/skip", "/back", "/status", "/panel", "/change", "/nonsense")


async def test_app_a_typed_command_never_answers_the_notice(store, tmp_path):
    """`/why` holds the y that agrees and `/panel` the n that declines: typed after a `/`, every
    key is part of the command, which says it works once the interview has started."""
    app = InterviewerApp(store, str(with_notice(tmp_path)), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.runner is not None
        sid = app.runner.session_id
        told: list[str] = []
        # a stand-in for the app's notify that keeps what it is told
        app.notify = lambda message, **_: told.append(message)  # type: ignore[method-assign]
        for command in TYPED_COMMANDS:
            await pilot.press(*command, "enter")
            await pilot.pause()
            assert isinstance(app.screen, ConsentScreen), command
            assert kinds(store, sid) == ["started"], command
        assert any("/why works once the interview has started" in t for t in told)
        # Esc, or deleting the /, drops the command: nothing answered, the keys answer again
        await pilot.press(*"/yes", "escape", *"/no", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen) and kinds(store, sid) == ["started"]
        assert not app.screen.query_one("#consent-command", Static).display
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert kinds(store, sid) == ["started", "consent_given"]


async def test_app_quit_typed_on_the_notice_leaves_without_answering_it(store, tmp_path):
    app = InterviewerApp(store, str(with_notice(tmp_path)), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.runner is not None
        sid = app.runner.session_id
        await pilot.press(*"/quit", "enter")
        await pilot.pause()
    assert "consent_given" not in kinds(store, sid)
    assert "consent_declined" not in kinds(store, sid)
    assert app.return_value is not None and f"interviewer resume {sid}" in app.return_value


def test_consent_screen_with_a_command_typed_snapshot(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    notice = load_script(with_notice(tmp_path)).notice
    assert notice is not None
    try:
        assert snap_compare(NoticeApp(notice), press=[*"/why"], terminal_size=(80, 24))
    finally:
        monkeypatch.undo()
        time.tzset()
