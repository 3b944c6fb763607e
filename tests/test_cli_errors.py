"""Every per-user-cause failure of every subcommand ends in one `interviewer: ...` line and a
non-zero exit, never a traceback: bad ids, missing sessions, damaged meta.json, script copy or
transcript, bad scripts, unusable folders."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import NoReturn

import pytest
from conftest import MINI, persona
from jsonl_driver import finished_session, run_cli

from interviewer import cli

BAD_SCRIPT = "id: [unclosed\n"


def _meta_doc(**fields: object) -> str:
    return json.dumps({"_default": {"1": {"org": "Acme", "status": "paused", **fields}}})


DAMAGES = {
    "meta is a list": ("meta.json", "[1, 2]"),
    "meta is an empty object": ("meta.json", "{}"),
    "meta is not JSON": ("meta.json", "{nope"),
    "meta names an unknown track": ("meta.json", _meta_doc(track="astronaut")),
    "meta names no track": ("meta.json", _meta_doc()),
    "meta track is a number": ("meta.json", _meta_doc(track=7)),
    "script copy damaged": ("script.yaml", BAD_SCRIPT),
    "script copy not a mapping": ("script.yaml", "- 1\n"),
    "script copy missing": ("script.yaml", None),
    "transcript line damaged": ("transcript.jsonl", "garbage\n{}\n"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = tmp_path_factory.mktemp("pristine") / "sessions"
    sid = finished_session(root, persona("no", 2), script=MINI, track="short")
    return root, sid


@pytest.fixture()
def damaged(pristine, tmp_path, request):
    source, sid = pristine
    root = tmp_path / "sessions"
    shutil.copytree(source, root)
    name, text = DAMAGES[request.param]
    path = root / sid / name
    if text is None:
        path.unlink()
    elif name == "transcript.jsonl":
        path.write_text(path.read_text() + text)
    else:
        path.write_text(text)
    return root, sid


def call(
    args: list[str],
    root: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str = "",
) -> tuple[int, str, str]:
    """`interviewer ARGS` in this process: exit code, stdout, stderr."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    monkeypatch.setattr("interviewer.tui.shadow.app.run_shadow", _no_app)
    code = cli.main([*args, "--sessions-dir", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def _no_app(*args: object) -> NoReturn:
    raise AssertionError(f"the facilitator's app opened on a session it cannot show: {args}")


def assert_one_line(code: int, err: str, *context: object) -> None:
    assert code != 0, context
    assert err.startswith("interviewer: ") and err.count("\n") == 1, (context, err)
    assert "Traceback" not in err


def session_commands(sid: str) -> dict[str, list[str]]:
    return {
        "resume --plain": ["resume", sid, "--plain"],
        "resume --jsonl": ["resume", sid, "--jsonl"],
        "export md": ["export", sid],
        "export html": ["export", sid, "--format", "html"],
        "export json": ["export", sid, "--format", "json", "--with-notes"],
        "report": ["report", "--org", "Acme"],
        "shadow": ["shadow", sid, "--as", "alex"],
    }


@pytest.mark.parametrize("damaged", sorted(DAMAGES), indirect=True)
def test_a_damaged_session_is_one_line_for_every_command(damaged, capsys, monkeypatch):
    root, sid = damaged
    for name, args in session_commands(sid).items():
        code, _, err = call(args, root, capsys, monkeypatch)
        assert_one_line(code, err, name)
    # a note, an override or a question need less of the session: they work, or say why not
    for args in (
        ["annotate", sid, "--turn", "1", "--note", "n", "--as", "alex"],
        ["override", sid, "--dimension", "deployment_serving", "--level", "2", "--reason", "r"],
        ["ask", sid, "--text", "Who approves a release?", "--as", "alex"],
        ["list"],
        ["list", "--json"],
    ):
        code, _, err = call(args, root, capsys, monkeypatch)
        if code != 0:
            assert_one_line(code, err, args)


@pytest.mark.parametrize("bad_id", ["nope", "../x", "a b", ""])
def test_a_bad_or_unknown_id_is_one_line_for_every_command(pristine, capsys, monkeypatch, bad_id):
    root, _ = pristine
    commands = [
        *session_commands(bad_id).values(),
        ["annotate", bad_id, "--turn", "1", "--note", "n"],
        ["override", bad_id, "--dimension", "deployment_serving", "--level", "2", "--reason", "r"],
        ["ask", bad_id, "--text", "Why?"],
    ]
    for args in commands:
        if args[0] == "report":
            continue
        code, _, err = call(args, root, capsys, monkeypatch)
        assert_one_line(code, err, args)


def test_a_missing_sessions_folder_is_one_line(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "none"
    for args in (
        ["resume", "nope", "--plain"],
        ["export", "nope"],
        ["report", "--org", "Acme"],
        ["annotate", "nope", "--turn", "1", "--note", "n"],
    ):
        code, _, err = call(args, missing, capsys, monkeypatch)
        assert_one_line(code, err, args)
    code, out, _ = call(["list"], missing, capsys, monkeypatch)
    assert code == 0 and out.startswith("No sessions yet")


def test_a_bad_script_is_one_line_naming_the_first_problem(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntracks: {}\n")
    for args in (
        ["start", "--role", "short", "--script", str(bad), "--plain"],
        ["start", "--role", "short", "--script", str(tmp_path / "missing.yaml"), "--jsonl"],
        ["graph", "--script", str(bad)],
        ["graph", "--role", "astronaut"],
        ["start", "--role", "astronaut", "--plain"],
    ):
        code, _, err = call(args, tmp_path, capsys, monkeypatch)
        assert_one_line(code, err, args)
    code, _, err = call(["graph", "--script", str(bad)], tmp_path, capsys, monkeypatch)
    assert f"{bad}:" in err and "more)" in err  # the first problem, and how many others


def test_validate_lists_problems_and_exits_1(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SCRIPT)
    code, out, err = call(["validate", str(bad)], tmp_path, capsys, monkeypatch)
    assert code == 1 and f"{bad}:" in out and err == "1 problem(s) found\n"
    code, out, _ = call(["validate", str(tmp_path / "gone.yaml")], tmp_path, capsys, monkeypatch)
    assert code == 1 and "cannot read the script" in out


def test_real_processes_show_no_traceback(pristine, tmp_path):
    source, sid = pristine
    root = tmp_path / "sessions"
    shutil.copytree(source, root)
    (root / sid / "script.yaml").write_text(BAD_SCRIPT)
    (tmp_path / "file").write_text("x")
    for args, where in (
        (["resume", sid, "--plain"], root),
        (["export", sid, "--format", "html"], root),
        (["report", "--org", "Acme"], root),
        (["override", sid, "--dimension", "x", "--level", "2", "--reason", "r"], root),
        (["start", "--role", "short", "--script", str(MINI), "--plain"], tmp_path / "file"),
    ):
        result = run_cli(args, where)
        assert_one_line(result.returncode, result.stderr, args)
