"""The command line in real processes: JSON-lines protocol, plain mode, SIGKILL and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from conftest import MINI
from jsonl_driver import JsonlProcess, answer_for, past_notice

ASK_KEYS = {"type", "step", "dimension", "kind", "purpose", "text", "options", "min", "max"}


def run(args, sessions, stdin="", env=None):
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args, "--sessions-dir", str(sessions)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_jsonl_protocol_walks_a_whole_track(tmp_path):
    p = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], tmp_path)
    first = p.read()
    assert first["type"] == "session" and first["resumed"] is False
    turns = 0
    while True:
        msg = p.read_until("ask", "summary")
        if msg["type"] == "summary":
            break
        assert set(msg) == ASK_KEYS
        assert msg["kind"] in ("text", "choice", "multi", "scale", "number", "indicator")
        p.send(answer_for(msg))
        turns += 1
    scores = msg["scores"]
    dim = scores["dimensions"]["deployment_serving"]
    assert set(dim) == {"level", "range", "score", "confidence", "self_rating", "target", "flags"}
    assert isinstance(dim["level"], int) and len(dim["range"]) == 2
    assert set(scores["overall"]) == {"score", "range", "coverage"}
    assert p.read() == {"type": "done", "id": first["id"]}
    assert p.close_input() == 0
    assert turns > 10


def test_invalid_answer_is_re_asked_with_a_reason(tmp_path):
    p = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], tmp_path)
    ask = p.read_until("ask")
    p.send("42")
    invalid = p.read()
    assert invalid["type"] == "invalid" and invalid["step"] == ask["step"]
    assert "pick one option" in invalid["message"]
    assert p.read() == ask
    p.send("/why")
    assert p.read()["type"] == "say"
    assert p.read() == ask
    assert p.close_input() == 0
    assert p.messages[-1]["type"] == "paused"


def test_sigkill_after_n_acknowledged_answers_resumes_with_all_n(tmp_path):
    p = JsonlProcess(["start", "--role", "full"], tmp_path)
    sid = p.read()["id"]
    ask = past_notice(p, p.read_until("ask"))
    answered = []
    for _ in range(25):
        p.send(answer_for(ask, indicator="yes", rating=4))
        answered.append(ask["step"])
        ask = p.read_until("ask")  # the next question: the answer was acknowledged
    os.kill(p.proc.pid, signal.SIGKILL)
    p.proc.wait()

    q = JsonlProcess(["resume", sid], tmp_path)
    hello = q.read()
    assert hello == {"type": "session", "id": sid, "resumed": True}
    resumed_ask = q.read_until("ask")
    assert resumed_ask["step"] == ask["step"]
    assert q.close_input() == 0
    events = [
        json.loads(line)["doc"]
        for line in (tmp_path / sid / "transcript.jsonl").read_text().splitlines()
    ]
    assert [e["step"] for e in events if e["type"] == "answer"] == answered


def test_second_window_on_the_same_session_is_refused(tmp_path):
    p = JsonlProcess(["start", "--role", "short", "--script", str(MINI)], tmp_path)
    sid = p.read()["id"]
    p.read_until("ask")
    other = run(["resume", sid, "--jsonl"], tmp_path)
    assert other.returncode == 1
    assert "already open in another window" in other.stderr
    assert "Traceback" not in other.stderr
    p.close_input()


def test_plain_mode_reads_like_a_conversation_and_prints_the_summary(tmp_path):
    answers = "\n".join(
        ["1", "4", "3", "We deploy by hand with a shell script", "2"]
        + ["no"] * 4
        + ["1", "1", "2", "1", "2", "2"]
        + ["Alerts go to a shared channel", "2", "yes", "no", "no", "no", "1", "2", "2", "1", "3"]
    )
    result = run(
        ["start", "--role", "short", "--script", str(MINI), "--plain"],
        tmp_path,
        stdin=answers + "\n",
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "What is your role?\n   1) Engineer\n   2) Executive\n> 1" in out
    assert "Maturity summary" in out and "Overall:" in out
    assert "Deployment" in out and "complete" in out


def test_end_of_input_pauses_and_list_shows_it(tmp_path):
    result = run(
        ["start", "--role", "short", "--script", str(MINI), "--plain", "--org", "Acme"],
        tmp_path,
        stdin="1\n",
    )
    assert result.returncode == 0
    sid = result.stdout.split("session ")[1].split(".")[0]
    assert f"interviewer resume {sid}" in result.stdout
    listing = run(["list", "--json"], tmp_path)
    rows = json.loads(listing.stdout)
    assert rows[0]["id"] == sid and rows[0]["status"] == "paused" and rows[0]["org"] == "Acme"
    table = run(["list", "--org", "Acme"], tmp_path).stdout
    assert sid in table and "paused" in table
    assert run(["list", "--org", "Nobody", "--json"], tmp_path).stdout.strip() == "[]"


def test_sessions_dir_defaults_to_the_environment_variable(tmp_path):
    env = {"INTERVIEWER_SESSIONS_DIR": str(tmp_path / "env-sessions")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "start",
            "--role",
            "short",
            "--script",
            str(MINI),
            "--jsonl",
        ],
        input="",
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert len(list((tmp_path / "env-sessions").iterdir())) == 1


def test_user_errors_give_a_message_not_a_traceback(tmp_path):
    for args in (
        ["resume", "nope", "--plain"],
        ["resume", "../x", "--plain"],
        ["start", "--role", "astronaut", "--plain"],
        ["graph", "--role", "astronaut"],
    ):
        result = run(args, tmp_path)
        assert result.returncode == 1, args
        assert result.stderr.startswith("interviewer: "), (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_graph_prints_a_mermaid_state_diagram(tmp_path):
    result = run(["graph", "--role", "executive"], tmp_path)
    assert result.returncode == 0
    out = result.stdout
    assert "stateDiagram-v2" in out
    assert '"business_value.pains (if low(business_value))"' in out
    assert "-->" in out and "[*] -->" in out
    ids = [line.split(" as ")[1] for line in out.splitlines() if line.strip().startswith("state ")]
    assert all(i.replace("_", "").isalnum() for i in ids)


def test_core_packages_never_import_textual_or_rich():
    code = (
        "import sys\n"
        "import interviewer.engine, interviewer.scoring, interviewer.script, interviewer.store\n"
        "import interviewer.frontends.jsonl, interviewer.frontends.plain\n"
        "import interviewer.export.markdown, interviewer.export.html\n"
        "import interviewer.export.json_export\n"
        "import interviewer.export.org_report, interviewer.scoring.findings\n"
        "import interviewer.evidence.reader, interviewer.evidence.now, interviewer.scoring.route\n"
        "import interviewer.bounded_json, interviewer.markdown_text, interviewer.whole_numbers\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_an_unusable_sessions_folder_is_a_message(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    for args in (
        ["start", "--role", "short", "--script", str(MINI), "--jsonl"],
        ["start", "--role", "short", "--script", str(MINI), "--plain"],
    ):
        result = run(args, not_a_folder)
        assert result.returncode == 1
        assert result.stderr.startswith("interviewer: cannot create a session in")
        assert "Traceback" not in result.stderr
