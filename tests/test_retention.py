"""Retention: the period the notice promised is recorded with the consent and kept without anyone
remembering: `purge --expired`, `serve`'s sweep, holds, the one-line warnings, and invitation
lines that outlive their purpose. Time is a clock these tests set, never a wait."""

from __future__ import annotations

import asyncio
import io
import json
import os
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from conftest import MINI

from interviewer.cli import main
from interviewer.records import ConsentGiven
from interviewer.script import load_script, validate
from interviewer.serve.server import LinkServer, Settings
from interviewer.session.runner import SessionRunner
from interviewer.store import InvitationStore, SessionStore
from interviewer.store.deletion import read_log
from interviewer.store.holds import HOLD_LOG
from interviewer.store.retention import remove_expired, standing
from interviewer.store.session_file import replace_script_copy

DAY = 86400.0


def notice(days: int, retention: str | None = None) -> str:
    line = f"  retention: {retention}\n" if retention else ""
    return (
        "notice:\n  source: added\n"
        + line
        + "  text: |\n    The consulting team reads your answers.\n\n"
        + f"    - **Kept** for the engagement, at most {days} days.\n"
    )


def script(tmp_path: Path, days: int = 180, retention: str | None = "180d") -> Path:
    text = MINI.read_text(encoding="utf-8")
    path = tmp_path / f"notice-{days}-{retention}.yaml"
    path.write_text(text.replace("outro: Thanks!\n", "outro: Thanks!\n" + notice(days, retention)))
    return path


def accepted(store: SessionStore, path: Path, org: str = "Acme") -> str:
    """A session whose notice was accepted and whose window then closed (paused)."""
    runner = SessionRunner.start(store, "short", org, "Ada Lovelace", str(path))
    try:
        runner.opening()
        runner.handle("yes")
    finally:
        runner.close()
    return runner.session_id


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


@pytest.fixture
def at(monkeypatch):
    """Set the clock every command reads: at(days) is that many days from now."""
    real = time.time()

    def move(days: float) -> float:
        monkeypatch.setattr(time, "time", lambda: real + days * DAY)
        return real + days * DAY

    return move


# -- the period is data, next to the notice -------------------------------------------------------


def test_the_built_in_notice_keeps_sessions_180_days_and_says_so():
    built_in = load_script(None).notice
    assert built_in is not None and built_in.retention_days == 180
    assert "180 days after the interview was last worked on" in " ".join(built_in.text.split())


@pytest.mark.parametrize(
    ("value", "days"),
    [("90d", 90), ("26w", 182), ("6m", 180), ("30", 30), ("soon", None), ("0d", None)],
)
def test_retention_reads_days_weeks_and_months(tmp_path, value, days):
    path = script(tmp_path, days or 30, value)
    problems = validate(path)
    if days is None:
        assert any("retention must be a period" in p for p in problems), problems
    else:
        notice = load_script(path).notice
        assert not problems and notice is not None and notice.retention_days == days


def test_a_notice_that_promises_other_than_it_keeps_fails_validation_with_its_line(tmp_path):
    path = script(tmp_path, 180, "90d")
    problems = validate(path)
    assert any("says 180 days but `retention:` keeps sessions 90 days" in p for p in problems)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "text: |" in text)
    assert any(p.startswith(f"{path}:{line}:") for p in problems), problems


def test_a_notice_without_retention_keeps_what_its_text_says(tmp_path):
    notice = load_script(script(tmp_path, 45, None)).notice
    assert notice is not None and notice.retention_days == 45


def test_consent_records_the_period_it_was_accepted_under(store, tmp_path):
    sid = accepted(store, script(tmp_path, 90, "90d"))
    consent = next(e for e in store.events(sid) if isinstance(e, ConsentGiven))
    assert consent.retention_days == 90
    assert store.meta(sid).retention_days == 90


def test_accepted_under_180_days_keeps_180_after_the_notice_changes_to_90(store, tmp_path, at):
    sid = accepted(store, script(tmp_path, 180, "180d"))
    replace_script_copy(store.ref(sid), script(tmp_path, 90, "90d").read_text())  # migrated
    assert standing(store, sid).days == 180
    at(120)
    assert remove_expired(store, "t", "purge --expired", time.time()).deleted == []
    at(181)
    assert remove_expired(store, "t", "purge --expired", time.time()).deleted == [sid]


def test_a_consent_from_before_periods_were_recorded_keeps_the_180_days_then_promised(
    store, tmp_path
):
    sid = accepted(store, script(tmp_path, 180, None))
    meta_path = store.ref(sid).meta_path
    raw = json.loads(meta_path.read_text())
    del raw["_default"]["1"]["retention_days"]  # as meta.json was written before
    meta_path.write_text(json.dumps(raw))
    lines = store.ref(sid).transcript.read_text().splitlines()
    consent = [json.loads(x) for x in lines]
    for doc in consent:
        doc.pop("retention_days", None)
    store.ref(sid).transcript.write_text("".join(json.dumps(d) + "\n" for d in consent))
    assert standing(store, sid).days == 180


def test_a_session_of_a_script_without_notice_has_no_period(store, at):
    runner = SessionRunner.start(store, "short", "Acme", "Ada", str(MINI))
    runner.close()
    assert standing(store, runner.session_id).days is None
    at(5000)
    assert remove_expired(store, "t", "purge --expired", time.time()).deleted == []


# -- purge --expired ------------------------------------------------------------------------------


def test_purge_expired_removes_exactly_the_sessions_past_retention_not_before(
    store, tmp_path, at, capsys
):
    short = accepted(store, script(tmp_path, 30, "30d"))
    long = accepted(store, script(tmp_path, 180, "180d"))
    at(29)
    assert main(["purge", "--expired", "--yes", "--sessions-dir", str(store.root)]) == 0
    assert "No session is past the retention" in capsys.readouterr().out
    at(31)
    assert main(["purge", "--expired", "--dry-run", "--sessions-dir", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert short in out and long not in out and "Dry run: 1 session would be deleted" in out
    assert sorted(store.session_ids()) == sorted([short, long])
    assert main(["purge", "--expired", "--yes", "--sessions-dir", str(store.root)]) == 0
    assert "Deleted 1 of 1 session" in capsys.readouterr().out
    assert store.session_ids() == [long]
    logged = read_log(store.root)
    assert [(d.session_id, d.command) for d in logged] == [(short, "purge --expired")]
    assert logged[0].date == time.strftime("%Y-%m-%d", time.localtime(time.time()))


def test_an_open_session_is_never_removed_and_is_reported(store, tmp_path, at, capsys):
    sid = accepted(store, script(tmp_path, 30, "30d"))
    runner = SessionRunner.resume(store, sid)  # its window is open
    try:
        at(400)
        assert main(["purge", "--expired", "--yes", "--sessions-dir", str(store.root)]) == 0
        assert "open in a window (the interviewee)" in capsys.readouterr().out
        assert remove_expired(store, "t", "purge --expired", time.time()).kept[0][0] == sid
        assert store.session_ids() == [sid]
    finally:
        runner.close()


def test_a_held_session_is_kept_listed_and_logged_then_goes_when_the_hold_ends(
    store, tmp_path, at, capsys
):
    sid = accepted(store, script(tmp_path, 30, "30d"))
    until = (date.today() + timedelta(days=60)).isoformat()
    argv = ["hold", sid, "--until", until, "--reason", "engagement extended", "--by", "Alex"]
    assert main([*argv, "--sessions-dir", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert f"kept through {until}: engagement extended" in out
    hold_line = json.loads((store.root / HOLD_LOG).read_text().splitlines()[-1])
    assert hold_line | {"date": "-"} == {
        "date": "-",
        "session": sid,
        "org": "Acme",
        "until": until,
        "by": "Alex",
        "reason": "engagement extended",
    }
    at(45)
    assert main(["list", "--sessions-dir", str(store.root)]) == 0
    assert f"{until} (held)" in capsys.readouterr().out
    assert main(["purge", "--expired", "--yes", "--sessions-dir", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert f"held until {until} by Alex (engagement extended)" in out
    assert "None of them is due" in out and store.session_ids() == [sid]
    at(62)
    assert main(["purge", "--expired", "--yes", "--sessions-dir", str(store.root)]) == 0
    assert store.session_ids() == []


def test_a_hold_needs_a_date_to_come_and_a_reason(store, tmp_path, capsys):
    sid = accepted(store, script(tmp_path))
    base = ["hold", sid, "--sessions-dir", str(store.root)]
    assert main([*base, "--until", "2020-01-01", "--reason", "x"]) == 1
    assert "2020-01-01 has passed" in capsys.readouterr().err
    assert main([*base, "--until", "2099-01-01"]) == 1
    assert "a hold needs a date and a reason" in capsys.readouterr().err
    assert main([*base, "--release"]) == 0
    assert "has no hold" in capsys.readouterr().out
    assert not (store.root / HOLD_LOG).exists()


def test_purge_older_than_keeps_a_held_session_too(store, tmp_path, capsys):
    sid = accepted(store, script(tmp_path))
    until = (date.today() + timedelta(days=10)).isoformat()
    assert (
        main(
            ["hold", sid, "--until", until, "--reason", "audit", "--sessions-dir", str(store.root)]
        )
        == 0
    )
    capsys.readouterr()
    old = time.time() - 400 * DAY
    for path in store.ref(sid).folder.iterdir():
        os.utime(path, (old, old))
    assert main(["purge", "--older-than", "30d", "--yes", "--sessions-dir", str(store.root)]) == 0
    assert "held until" in capsys.readouterr().out and store.session_ids() == [sid]


# -- the one-line warnings ------------------------------------------------------------------------


def test_list_and_resume_warn_in_one_line_of_sessions_past_retention(
    store, tmp_path, at, capsys, monkeypatch
):
    gone = accepted(store, script(tmp_path, 30, "30d"))
    kept = accepted(store, script(tmp_path, 180, "180d"))
    at(10)
    assert main(["list", "--sessions-dir", str(store.root)]) == 0
    assert "retention" not in capsys.readouterr().err
    at(40)
    assert main(["list", "--sessions-dir", str(store.root)]) == 0
    captured = capsys.readouterr()
    warning = [line for line in captured.err.splitlines() if "retention" in line]
    assert warning == [
        "interviewer: warning: 1 session is past the retention its interviewee agreed to; "
        "`interviewer purge --expired` deletes it (`interviewer hold ID --until DATE --reason "
        "TEXT` keeps one longer)"
    ]
    assert "(past)" in captured.out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    main(["resume", kept, "--plain", "--sessions-dir", str(store.root)])
    assert "1 session is past the retention" in capsys.readouterr().err
    assert gone in store.session_ids()  # a warning deletes nothing


# -- serve's sweep --------------------------------------------------------------------------------


async def _until(condition: Callable[[], object], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the sweep did not happen"
        await asyncio.sleep(0.02)


async def test_serve_sweeps_on_start_and_then_every_day(store, tmp_path):
    early = accepted(store, script(tmp_path, 30, "30d"))
    later = accepted(store, script(tmp_path, 90, "90d"))
    now = [time.time() + 31 * DAY]
    server = LinkServer(Settings(root=store.root, clock=lambda: now[0]))
    server.sweeper.every = 0.05  # a day, for this test
    runner = web.AppRunner(server.make_app())
    await runner.setup()  # the server starts: its first sweep
    try:
        await _until(lambda: len(read_log(store.root)) == 1)
        assert store.session_ids() == [later]
        now[0] += 60 * DAY  # the days pass
        await _until(lambda: len(read_log(store.root)) == 2)
        assert store.session_ids() == []
    finally:
        await runner.cleanup()
    logged = [(d.session_id, d.by, d.command) for d in read_log(store.root)]
    assert logged == [
        (early, "interviewer serve", "serve (retention)"),
        (later, "interviewer serve", "serve (retention)"),
    ]


async def test_serve_keeps_a_session_open_in_a_window(store, tmp_path):
    sid = accepted(store, script(tmp_path, 30, "30d"))
    window = SessionRunner.resume(store, sid)
    try:
        server = LinkServer(Settings(root=store.root, clock=lambda: time.time() + 99 * DAY))
        done = await server.sweeper.sweep()
        assert done is not None and done.deleted == [] and done.kept[0][0] == sid
    finally:
        window.close()
    assert store.session_ids() == [sid]


# -- invitation lines that outlive their purpose --------------------------------------------------


def test_expired_links_whose_sessions_are_gone_are_compacted_away(store, tmp_path, at):
    ours = accepted(store, script(tmp_path, 30, "30d"))
    alive = accepted(store, script(tmp_path, 180, "180d"))
    links = InvitationStore(store.root)
    _, unused_expired = links.create_interviewee("executive", "Acme", "Unused Expired", 3600.0)
    _, unused_live = links.create_interviewee("executive", "Acme", "Still Invited", None)
    _, of_alive = links.create_facilitator(alive, "kim-follower", 3600.0)
    _, of_ours = links.create_facilitator(ours, "alex-follower", 3600.0)
    _, revoked = links.create_interviewee("executive", "Acme", "Revoked Person", None)
    links.revoke(revoked.id)
    at(31)
    remove_expired(store, "t", "purge --expired", time.time())
    text = (store.root / "invitations.jsonl").read_text()
    for gone in ("Unused Expired", "alex-follower", "Revoked Person"):
        assert gone not in text
    for kept in ("Still Invited", "kim-follower"):
        assert kept in text
    assert {i.id for i in InvitationStore(store.root).list()} == {unused_live.id, of_alive.id}
    del unused_expired, of_ours


# -- the app's home screen ------------------------------------------------------------------------


async def test_the_home_screen_says_when_sessions_are_past_retention(store, tmp_path, at):
    from interviewer.tui.app import InterviewerApp

    accepted(store, script(tmp_path, 30, "30d"))
    at(40)
    app = InterviewerApp(store, str(MINI))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        toasts = app.screen.query("Toast")
        assert toasts
        said = " ".join(str(toasts.last().render()).split())
        assert "1 session is past the retention its interviewee agreed to" in said
        assert "interviewer purge --expired" in said
