"""`interviewer migrate` and `interviewer validate --against`: a session moves to a new version of
its script, keeps what still fits, retires what is gone, asks what is new on resume, and its
reports say which version each answer was given under."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI, ask_of

from interviewer.cli import main
from interviewer.engine.errors import ReplayError
from interviewer.export.json_export import render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.records import ScriptMigrated
from interviewer.session.runner import Out, SessionRunner
from interviewer.store import SessionStore
from interviewer.store.notes_file import NotesWriter

BUDGET = """          - id: budget
            kind: number
            purpose: context
            text: What is the budget?
            min: 0
            priority: optional
"""
TEAM = """          - id: team
            kind: text
            purpose: context
            text: Who deploys the models?
"""


def version_2(
    tmp_path: Path,
    edit: Callable[[str], str] = lambda text: text,
    name: str = "mini-v2.yaml",
) -> Path:
    """The fixture's next version: `team` added after `models`, `budget` removed, `role`'s
    Engineer option relabelled; `edit` changes it further."""
    text = MINI.read_text(encoding="utf-8")
    assert BUDGET in text and "version: 1\n" in text
    text = text.replace("version: 1\n", "version: 2\n", 1).replace(BUDGET, TEAM)
    text = text.replace("goto: budget}", "goto: team}")
    text = text.replace("{value: eng, label: Engineer}", "{value: eng, label: Software engineer}")
    path = tmp_path / name
    path.write_text(edit(text), encoding="utf-8")
    return path


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        self.now += 7
        return self.now


def paused_session(store: SessionStore) -> str:
    """A session on the fixture, paused after the opening, the budget and the first question
    of the deployment dimension: past the place version 2 adds a question."""
    runner = SessionRunner.start(store, "short", "Acme", "Dana", str(MINI), clock=Clock())
    runner.opening()
    for line in ("eng", "3", "250000", "We deploy by hand, on Fridays."):
        out = runner.handle(line)
        assert not [o for o in out if o.kind == "invalid"], (line, out)
    runner.handle("/pause")
    runner.close()
    return runner.session_id


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def migrate(
    capsys: pytest.CaptureFixture[str], store: SessionStore, sid: str, script: Path | str
) -> tuple[int, str, str]:
    """`interviewer migrate SID --script SCRIPT` on the test's sessions folder."""
    return run(capsys, "migrate", sid, "--script", str(script), "--sessions-dir", str(store.root))


def asked(outs: list[Out]) -> list[str]:
    return [o.ask.step.id for o in outs if o.kind == "ask" and o.ask is not None]


def session_files(store: SessionStore, sid: str) -> dict[str, bytes]:
    folder = store.ref(sid).folder
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if not p.name.endswith(".lock") and not p.name.startswith("notes-")
    }


def test_a_paused_session_moves_asks_the_new_question_keeps_the_rest_and_marks_the_retired(
    store, tmp_path, capsys
):
    sid = paused_session(store)
    new = version_2(tmp_path)
    code, out, err = migrate(capsys, store, sid, new)
    assert code == 0, err
    assert f"Session {sid} moved from version 1 to 2 of 'mini'" in out
    assert "Kept: 3 answer(s)." in out
    assert "budget: What is the budget? -> 250000 (the step is gone)" in out
    assert "team: Who deploys the models?" in out
    assert "Next on `interviewer resume" in out and out.count("Who deploys the models?") == 2
    folder = store.ref(sid).folder
    kept = [p.name for p in folder.glob("script.v1.*.yaml")]
    assert len(kept) == 1 and (folder / kept[0]).read_text() == MINI.read_text()
    assert (folder / "script.yaml").read_text() == new.read_text()
    assert store.meta(sid).script_version == 2
    assert store.meta(sid).status == "paused"

    runner = SessionRunner.resume(store, sid, clock=Clock())
    opening = runner.opening()
    assert asked(opening) == ["team"]  # the new question first, and the interviewee is told why
    assert any("questions were updated since your last answer" in o.text for o in opening)
    after = runner.handle("Alex, with a script")
    # then on from where the session paused: the rest is kept, nothing is asked twice
    assert asked(after) == ["deployment_serving.self_rating"]
    answers = runner.interview.answers
    assert answers["models"] == 3 and answers["deployment_serving.open.how"].startswith("We")
    assert "budget" not in answers
    runner.handle("/pause")
    runner.close()

    data = gather(store, sid)
    md = render_markdown(data)
    retired = md.split("## Retired answers", 1)[1].split("## Appendix", 1)[0]
    assert "Turn 3 (v1, retired, not scored): What is the budget? **Answer:** 250000" in retired
    assert "### Turn 3 · context (v1, retired, not scored)" in md
    assert "### Turn 1 · context (v1)" in md and "### Turn 5 · context (v2)" in md
    assert "~~250000~~" not in md  # retired, not superseded
    # the answer given under version 1 reads as it did then, not with version 2's label
    turn_1 = md.split("### Turn 1 ", 1)[1].split("### Turn 2", 1)[0]
    assert "**Answer:** Engineer" in turn_1
    rows = render_json(data)["transcript"]
    by_step = {r["step"]: r for r in rows}
    assert by_step["budget"]["retired"] is True and by_step["budget"]["script_version"] == 1
    assert by_step["team"]["retired"] is False and by_step["team"]["script_version"] == 2
    assert by_step["models"]["superseded"] is False
    moves = render_json(data)["session"]["script"]["moves"]
    assert [(m["from_version"], m["to_version"]) for m in moves] == [(1, 2)]


def test_the_move_is_an_event_in_the_log_and_a_second_move_keeps_each_version(
    store, tmp_path, capsys
):
    sid = paused_session(store)
    run(
        capsys,
        "migrate",
        sid,
        "--script",
        str(version_2(tmp_path)),
        "--sessions-dir",
        str(store.root),
    )
    moved = [e for e in store.events(sid) if isinstance(e, ScriptMigrated)]
    assert len(moved) == 1
    assert moved[0].from_version == 1 and moved[0].to_version == 2
    assert moved[0].retired == ("budget",)
    assert len(moved[0].from_hash) == 64 and moved[0].from_hash != moved[0].to_hash

    v3 = version_2(
        tmp_path,
        lambda t: t.replace("version: 2\n", "version: 3\n", 1).replace(
            "How many models are in production?", "How many models run in production today?"
        ),
        "mini-v3.yaml",
    )
    code, out, err = run(
        capsys, "migrate", sid, "--script", str(v3), "--sessions-dir", str(store.root)
    )
    assert code == 0, err
    assert "Retired: none." in out
    assert len(list(store.ref(sid).folder.glob("script.v*.yaml"))) == 2
    md = render_markdown(gather(store, sid))
    assert "from version 1 to 2 on" in md and "from version 2 to 3 on" in md
    turn_2 = md.split("### Turn 2 ", 1)[1].split("### Turn 3", 1)[0]
    assert "(v1)" in turn_2 and "How many models are in production?" in turn_2  # as asked
    assert "Turn 3 (v1, retired, not scored)" in md


def test_an_answer_whose_option_is_gone_is_retired_and_asked_again(store, tmp_path, capsys):
    sid = paused_session(store)
    new = version_2(
        tmp_path,
        lambda t: t.replace(
            "{value: eng, label: Software engineer}", "{value: engineer, label: Engineer}"
        ),
    )
    code, out, _ = migrate(capsys, store, sid, new)
    assert code == 0
    assert "role: What is your role? -> Engineer (option eng is no longer offered)" in out
    runner = SessionRunner.resume(store, sid, clock=Clock())
    assert asked(runner.opening()) == ["role"]
    runner.close()


def test_a_completed_session_moved_is_paused_and_asks_the_new_question(store, tmp_path, capsys):
    runner = SessionRunner.start(store, "short", None, None, str(MINI), clock=Clock())
    runner.opening()
    for _ in range(200):
        ask = runner.interview.ask()
        if ask is None:
            break
        kind = ask.step.kind
        runner.handle("yes" if kind == "indicator" else "2" if kind == "number" else "1")
    assert runner.interview.status == "completed"
    runner.close()
    sid = runner.session_id
    code, out, _ = run(
        capsys,
        "migrate",
        sid,
        "--script",
        str(version_2(tmp_path)),
        "--sessions-dir",
        str(store.root),
    )
    assert code == 0 and "Next on `interviewer resume" in out
    assert store.meta(sid).status == "paused"
    runner = SessionRunner.resume(store, sid, clock=Clock())
    assert asked(runner.opening()) == ["team"]
    runner.handle("Alex")
    assert runner.interview.status == "completed"  # nothing else was asked again
    runner.close()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("id: mini\n", "id: other\n", 1), "is script 'other', but session"),
        (lambda t: t.replace("goto: team}", "goto: nowhere}"), "fails validation: "),
        (lambda t: t.replace("  short:\n", "  brief:\n", 1), "has no track 'short'"),
        (lambda t: t.replace("version: 2\n", "version: 1\n", 1), "not newer than the session's"),
    ],
    ids=["another script", "fails validation", "track gone", "not a newer version"],
)
def test_a_move_that_cannot_be_made_is_refused_in_one_line_and_changes_nothing(
    store, tmp_path, capsys, edit, message
):
    sid = paused_session(store)
    before = session_files(store, sid)
    new = version_2(tmp_path, edit)
    code, out, err = migrate(capsys, store, sid, new)
    assert code == 1 and out == ""
    assert err.startswith("interviewer: ") and message in err and err.count("\n") == 1
    assert session_files(store, sid) == before


def test_a_session_open_in_another_window_is_not_moved(store, tmp_path, capsys):
    sid = paused_session(store)
    new = version_2(tmp_path)
    before = session_files(store, sid)
    with store.open_writer(sid):
        code, _, err = migrate(capsys, store, sid, new)
    assert code == 1 and "is already open in another window; close it there first" in err
    with NotesWriter(store.ref(sid), "alex"):
        code, _, err = migrate(capsys, store, sid, new)
    assert code == 1 and "open in another window (followed by alex)" in err
    assert session_files(store, sid) == before


def test_moving_again_to_the_same_script_does_nothing(store, tmp_path, capsys):
    sid = paused_session(store)
    new = version_2(tmp_path)
    migrate(capsys, store, sid, new)
    before = session_files(store, sid)
    code, out, _ = migrate(capsys, store, sid, new)
    assert code == 0 and "is already on" in out
    assert session_files(store, sid) == before


def test_a_move_cut_short_is_said_and_finished_by_running_it_again(store, tmp_path, capsys):
    sid = paused_session(store)
    new = version_2(tmp_path)
    migrate(capsys, store, sid, new)
    # as if the process died after recording the move, before replacing the copy
    (store.ref(sid).folder / "script.yaml").write_text(MINI.read_text())
    code, _, err = run(capsys, "export", sid, "--sessions-dir", str(store.root))
    assert code == 1 and "the move did not finish" in err and "interviewer migrate" in err
    code, out, _ = migrate(capsys, store, sid, new)
    assert code == 0 and "finished its move to version 2" in out
    code, out, _ = run(capsys, "export", sid, "--sessions-dir", str(store.root))
    assert code == 0 and "## Retired answers" in out


def test_a_move_cut_short_is_a_replay_error_wherever_the_session_is_opened(store, tmp_path, capsys):
    sid = paused_session(store)
    migrate(capsys, store, sid, version_2(tmp_path))
    (store.ref(sid).folder / "script.yaml").write_text(MINI.read_text())
    with pytest.raises(ReplayError, match="the move did not finish"):
        gather(store, sid)
    for mode in ("--plain", "--jsonl"):
        code, out, err = run(capsys, "resume", sid, mode, "--sessions-dir", str(store.root))
        assert code == 1 and "the move did not finish" in err, mode
        assert "unexpected" not in out + err, mode


def test_reports_of_a_session_never_moved_are_as_before(store):
    sid = paused_session(store)
    data = gather(store, sid)
    md = render_markdown(data)
    assert "Retired" not in md and "(v1" not in md and "moved to a new version" not in md
    assert "### Turn 1 · context\n" in md
    doc = render_json(data)
    assert "moves" not in doc["session"]["script"]
    assert all("script_version" not in r and "retired" not in r for r in doc["transcript"])


def test_validate_against_lists_what_the_new_version_changes_per_track(tmp_path, capsys):
    new = version_2(
        tmp_path,
        lambda t: t.replace("How many models are in production?", "How many models run today?"),
    )
    code, out, _ = run(capsys, "validate", str(new), "--against", str(MINI))
    assert code == 0
    assert out.splitlines() == [
        "ok",
        "mini: version 1 -> 2",
        "track short (Short): 1 added, 1 removed, 1 reworded, 1 with options changed",
        "  added     team: Who deploys the models?",
        "  removed   budget: What is the budget?",
        "  reworded  models: How many models run today?",
        "            was: How many models are in production?",
        "  options   role: What is your role?",
        "            relabelled eng",
    ]
    code, out, _ = run(capsys, "validate", str(new), "--against", str(MINI), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] is True and doc["notes"] == []
    assert (doc["from"]["version"], doc["to"]["version"]) == (1, 2)
    [short] = doc["tracks"]
    assert [(s["change"], s["step"]) for s in short["steps"]] == [
        ("added", "team"),
        ("removed", "budget"),
        ("reworded", "models"),
        ("options", "role"),
    ]


def test_validate_against_says_what_stops_a_move_and_fails_on_a_broken_script(tmp_path, capsys):
    other = version_2(tmp_path, lambda t: t.replace("id: mini\n", "id: other\n", 1))
    code, out, _ = run(capsys, "validate", str(other), "--against", str(MINI))
    assert code == 0 and "note: the scripts have different ids ('mini', 'other')" in out
    same = version_2(tmp_path, lambda t: t.replace("version: 2\n", "version: 1\n", 1), "same.yaml")
    code, out, _ = run(capsys, "validate", str(same), "--against", str(MINI))
    assert code == 0 and "note: version 1 is not newer than 1" in out
    code, out, _ = run(capsys, "validate", str(MINI), "--against", str(MINI))
    assert code == 0 and "track short (Short): unchanged" in out
    broken = version_2(tmp_path, lambda t: t.replace("goto: team}", "goto: nowhere}"), "b.yaml")
    code, out, _ = run(capsys, "validate", str(broken), "--against", str(MINI))
    assert code == 1 and "unknown step 'nowhere'" in out and "version 1 -> 2" not in out


def test_an_answer_of_another_kind_is_retired_and_the_step_asked_again(store, tmp_path, capsys):
    sid = paused_session(store)
    number = "            kind: number\n            purpose: context\n            text: How many"
    choice = (
        "            kind: choice\n"
        "            options: [{value: few, label: A few}, {value: many, label: Many}]\n"
        "            purpose: context\n            text: How many"
    )
    new = version_2(
        tmp_path,
        lambda t: t.replace(number, choice, 1).replace(
            '            constraint: "value < 100000"\n'
            "            constraint_message: That seems like too many models; please check the "
            "number.\n",
            "",
        ),
    )
    code, out, err = migrate(capsys, store, sid, new)
    assert code == 0, err
    assert "models: How many models are in production? -> 3 (the question is now answered" in out
    runner = SessionRunner.resume(store, sid, clock=Clock())
    assert asked(runner.opening()) == ["models"]
    runner.handle("2")
    assert asked(runner.prompt()) == ["team"]
    runner.close()


def test_a_facilitator_following_sees_the_session_on_its_new_version(store, tmp_path, capsys):
    from interviewer.session.follower import SessionFollower

    sid = paused_session(store)
    follower = SessionFollower(store, sid)
    follower.poll()
    assert follower.script.version == 1
    run(
        capsys,
        "migrate",
        sid,
        "--script",
        str(version_2(tmp_path)),
        "--sessions-dir",
        str(store.root),
    )
    fresh, _ = follower.poll()
    assert [e.__class__.__name__ for _, e in fresh] == ["ScriptMigrated"]
    assert follower.script.version == 2
    assert ask_of(follower.interview).step.id == "team"
    retired = [t for t in follower.transcript if follower.transcript.retired(t)]
    assert [t.step.id for t in retired] == ["budget"]
