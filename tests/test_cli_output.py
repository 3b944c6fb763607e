"""`-o`: a folder means "into this folder" (issue 12), and exports are private files (issue 10)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import MINI, persona
from jsonl_driver import finished_session, run_cli


@pytest.fixture()
def session(tmp_path):
    root = tmp_path / "sessions"
    return root, finished_session(root, persona("no", 2), org="Acme Corp", script=MINI)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1
    assert result.stderr.startswith("interviewer: ") and result.stderr.count("\n") == 1, result
    return result.stderr


@pytest.mark.parametrize("slash", ["/", ""])
def test_export_into_a_folder_uses_the_default_name(session, tmp_path, slash):
    root, sid = session
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli(["export", sid, "-o", f"{out}{slash}"], root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{sid}-profile.svg", f"{sid}.md"]
    assert f"]({sid}-profile.svg)" in (out / f"{sid}.md").read_text()
    assert result.stdout.strip() == f"Wrote {out / f'{sid}.md'}"
    for fmt in ("html", "json"):
        assert run_cli(["export", sid, "--format", fmt, "-o", f"{out}/"], root).returncode == 0
        assert (out / f"{sid}.{fmt}").stat().st_size > 0


def test_report_into_a_folder_is_named_after_the_organisation(session, tmp_path):
    root, _ = session
    out = tmp_path / "reports"
    out.mkdir()
    result = run_cli(["report", "--org", "acme corp", "--format", "html", "-o", f"{out}/"], root)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["acme-corp.html"]


def test_a_folder_that_does_not_exist_is_one_line_and_writes_nothing(session, tmp_path):
    root, sid = session
    err = _one_line_error(run_cli(["export", sid, "-o", f"{tmp_path}/newdir/"], root))
    assert "newdir" in err and "no such folder" in err
    err = _one_line_error(run_cli(["export", sid, "-o", f"{tmp_path}/gone/r.md"], root))
    assert f"the folder {tmp_path / 'gone'} does not exist" in err
    err = _one_line_error(run_cli(["report", "--org", "Acme Corp", "-o", f"{tmp_path}/x/"], root))
    assert "no such folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions"]


@pytest.mark.parametrize("umask", [0o000, 0o022])
@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_new_exports_are_private_whatever_the_umask(session, tmp_path, umask, fmt):
    root, sid = session
    out = tmp_path / f"report.{fmt}"
    result = run_cli(
        ["export", sid, "--format", fmt, "-o", str(out)],
        root,
        preexec_fn=lambda: os.umask(umask),
    )
    assert result.returncode == 0, result.stderr
    assert _mode(out) == 0o600
    if fmt == "md":
        assert _mode(tmp_path / "report-profile.svg") == 0o600
    report = tmp_path / f"org.{fmt}"
    result = run_cli(
        ["report", "--org", "Acme Corp", "--format", fmt, "-o", str(report)],
        root,
        preexec_fn=lambda: os.umask(umask),
    )
    assert result.returncode == 0, result.stderr
    assert _mode(report) == 0o600


def test_an_existing_file_keeps_its_mode(session, tmp_path):
    root, sid = session
    out, chart = tmp_path / "shared.md", tmp_path / "shared-profile.svg"
    out.write_text("old and much longer than nothing " * 1000)
    chart.write_text("old")
    os.chmod(out, 0o644)
    os.chmod(chart, 0o640)
    result = run_cli(["export", sid, "-o", str(out)], root, preexec_fn=lambda: os.umask(0))
    assert result.returncode == 0, result.stderr
    assert _mode(out) == 0o644 and _mode(chart) == 0o640
    text = out.read_text()
    assert text.startswith("# MLOps maturity report") and "old and much" not in text
    assert chart.read_text().startswith("<svg")
