"""`interviewer resume ID` for a session that is not in the sessions folder: one line that says
where sessions were looked for, before any screen opens."""

from __future__ import annotations

import os

from interviewer import cli


def _no_app(*args, **kwargs):
    raise AssertionError("the app opened on a session that does not exist")


def test_resume_of_a_missing_session_says_where_it_looked(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("interviewer.tui.app.run_app", _no_app)
    monkeypatch.delenv("INTERVIEWER_SESSIONS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    for extra in ([], ["--plain"], ["--sessions-dir", "elsewhere"]):
        code = cli.main(["resume", "nope", *extra])
        out, err = capsys.readouterr()
        assert code != 0 and out == ""
        assert err.startswith("interviewer: no session 'nope'") and err.count("\n") == 1, err
        where = os.path.abspath("elsewhere" if extra[:1] == ["--sessions-dir"] else "sessions")
        assert f"(sessions are looked for in {where}; use --sessions-dir or " in err
        assert "$INTERVIEWER_SESSIONS_DIR)" in err
