"""Interview scripts: YAML model, loader, linter. Headless: never imports Textual or Rich."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from interviewer.script import cache
from interviewer.script.linter import validate
from interviewer.script.loader import Problem, ScriptError, build_script, parse_script
from interviewer.script.model import END, Script, Step, Track

BUILTIN_NAME = "mlops-discovery.yaml"

__all__ = [
    "END",
    "Problem",
    "Script",
    "ScriptError",
    "Step",
    "Track",
    "builtin_script_path",
    "load_script",
    "validate",
]


def builtin_script_path() -> Path:
    """The shipped script: inside the wheel (interviewer/_scripts), or in the source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_scripts" / BUILTIN_NAME
    if packaged.is_file():
        return packaged
    return package.parent / "scripts" / BUILTIN_NAME


def load_script(path: str | Path | None = None) -> Script:
    """Load a script, raising ScriptError with every problem if it is not usable.

    Tracks are checked when first used (`script.tracks[key]` raises ScriptError then);
    `validate` checks everything at once."""
    p = Path(path) if path is not None else builtin_script_path()
    stat = p.stat() if p.exists() else None
    return _load_cached(str(p), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime: int, _size: int) -> Script:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(path, [Problem(0, f"cannot read the script: {exc}")]) from None
    sha = hashlib.sha256(text.encode()).hexdigest()
    if sha in _BY_SHA:  # the same script in another place (every session keeps its own copy)
        return _BY_SHA[sha]
    doc = cache.read(sha)
    if doc is not None:
        script, problems = build_script(doc, sha, path, build_all=False)
    else:
        script, problems = parse_script(text, path, build_all=False)
    if script is None or problems:
        raise ScriptError(path, sorted(set(problems), key=lambda p: p.line))
    if doc is None:
        from interviewer.script.yaml_lines import load_yaml

        cache.write(sha, load_yaml(text))
    script.path = Path(path)
    _BY_SHA[sha] = script
    return script


_BY_SHA: dict[str, Script] = {}
