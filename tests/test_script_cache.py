"""The script cache keeps only scripts linted clean in full (issue bug 7, and bug 10's part:
cache files 0600 in a 0700 directory whatever the umask)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import MINI

from interviewer.script import ScriptError, load_script, yaml_lines

GOOD_RULE = "              - {if: \"answer('role') == 'exec'\", goto: budget}"


def with_broken_track(tmp_path: Path) -> tuple[Path, int]:
    """mini.yaml plus a second track whose step goes nowhere; unique text, so never cached."""
    text = MINI.read_text() + (
        "  broken:\n"
        "    title: Broken\n"
        "    minutes: 5\n"
        "    segments:\n"
        "      - id: only\n"
        "        title: Only\n"
        "        minutes: 5\n"
        "        steps:\n"
        "          - id: lost\n"
        "            text: Where to?\n"
        "            next:\n"
        "              - {else: nowhere}\n"
        f"# {uuid.uuid4()}\n"
    )
    path = tmp_path / "two-tracks.yaml"
    path.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "nowhere" in t)
    return path, line


LOAD = (
    "import sys\n"
    "from interviewer.script import ScriptError, load_script\n"
    "script = load_script(sys.argv[1])\n"
    "try:\n"
    "    script.tracks[sys.argv[2]]\n"
    "    print('ok')\n"
    "except ScriptError as exc:\n"
    "    print(exc)\n"
)


def fresh_process_load(path: Path, track: str, cache_dir: Path) -> str:
    env = {**os.environ, "INTERVIEWER_CACHE_DIR": str(cache_dir)}
    result = subprocess.run(
        [sys.executable, "-c", LOAD, str(path), track],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_a_broken_track_keeps_its_real_line_in_a_later_process(tmp_path):
    path, line = with_broken_track(tmp_path)
    cache_dir = tmp_path / "cache"
    assert fresh_process_load(path, "short", cache_dir).strip() == "ok"  # the good track first
    later = fresh_process_load(path, "broken", cache_dir)
    assert f"{path}:{line}: track broken: step lost goes to unknown step 'nowhere'" in later
    assert f"{path}:0:" not in later


def test_only_a_script_clean_in_full_is_cached(tmp_path, monkeypatch):
    from interviewer.script import ScriptCache

    cache = ScriptCache(tmp_path / "cache")
    path, line = with_broken_track(tmp_path)
    script = load_script(path, cache=cache)
    assert script.tracks["short"].steps[0].id == "role"
    with pytest.raises(ScriptError, match=f":{line}: track broken"):
        script.tracks["broken"]
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
    assert load_script(path, cache=cache) is not script  # not kept in memory either
    load_script(MINI, cache=cache)
    assert len(list((tmp_path / "cache").glob("script-*.json"))) == 1


def test_a_session_on_a_broken_track_is_refused_when_it_starts(tmp_path):
    """A track named in a script read back from the cache (all of its tracks linted clean) is
    built once the interview needs it; a script with a broken track is never cached, and a
    session on that track is still refused at the start, before any screen is shown."""
    from interviewer.session.runner import SessionRunner
    from interviewer.store import SessionStore

    path, line = with_broken_track(tmp_path)
    store = SessionStore(tmp_path / "sessions")
    with pytest.raises(ScriptError, match=f":{line}: track broken"):
        SessionRunner.start(store, "broken", "Acme", "Ada", str(path))
    for _ in range(2):  # read from YAML and cached, then read back from the cache
        runner = SessionRunner.start(store, "short", "Acme", "Ada", str(MINI))
        assert runner.opening()[-1].ask is not None
        runner.close()


def count_yaml_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads = [0]
    original = yaml_lines._LineLoader.__init__

    def counting(self, *args, **kwargs):
        reads[0] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(yaml_lines._LineLoader, "__init__", counting)
    return reads


def test_the_first_load_reads_the_yaml_once_and_a_later_one_not_at_all(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "script.yaml"
    path.write_text(MINI.read_text() + f"# {uuid.uuid4()}\n")
    reads = count_yaml_reads(monkeypatch)
    load_script(path).tracks["short"]
    assert reads[0] == 1


def test_the_key_covers_the_linters_version(tmp_path, monkeypatch):
    from interviewer.script import ScriptCache, linter

    cache = ScriptCache(tmp_path / "cache")
    load_script(MINI, cache=cache)
    cache.forget()
    reads = count_yaml_reads(monkeypatch)
    load_script(MINI, cache=cache)
    assert reads[0] == 0  # from the cached document
    cache.forget()
    monkeypatch.setattr(linter, "VERSION", linter.VERSION + 1)
    load_script(MINI, cache=cache)
    assert reads[0] == 1  # a newer linter checks the script again
    assert len(list((tmp_path / "cache").glob("script-*.json"))) == 2


def test_tests_have_a_public_way_to_forget_cached_scripts():
    from interviewer.script import clear_cache

    first = load_script(MINI)
    assert load_script(MINI) is first
    clear_cache()
    assert load_script(MINI) is not first


def test_cache_files_are_private_whatever_the_umask(tmp_path):
    cache_dir = tmp_path / "home" / ".cache" / "interviewer"
    path = tmp_path / "script.yaml"
    path.write_text(MINI.read_text() + f"# {uuid.uuid4()}\n")
    old = os.umask(0)
    try:
        env = {**os.environ, "INTERVIEWER_CACHE_DIR": str(cache_dir)}
        subprocess.run(
            [sys.executable, "-c", LOAD, str(path), "short"], env=env, timeout=60, check=True
        )
    finally:
        os.umask(old)
    files = list(cache_dir.iterdir())
    assert files
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    for d in (cache_dir, cache_dir.parent, cache_dir.parent.parent):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d


def test_a_cached_script_loads_without_importing_pyyaml(tmp_path):
    """PyYAML's import is a tenth of the app's start-up: a start from the cache never pays it."""
    code = (
        "import sys; from interviewer.script import load_script; load_script(sys.argv[1]); "
        "print('yaml' in sys.modules)"
    )
    env = {**os.environ, "INTERVIEWER_CACHE_DIR": str(tmp_path)}

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", code, str(MINI)], env=env, capture_output=True, text=True
        )
        return result.stdout.strip()

    assert run() == "True"  # never seen: read from YAML, then cached
    assert run() == "False"
