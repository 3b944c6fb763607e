"""Reading a script file: within limits, through the script cache, into a Script or problems.

Every problem is collected with its line rather than raised, so `validate` can report them all
at once; `load_script` raises ScriptError with them instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interviewer.file_kind import NotRegularFileError, read_file
from interviewer.script.cache import ScriptCache, script_sha256
from interviewer.script.document import build_script, track_problems
from interviewer.script.model import Script
from interviewer.script.problems import Problem, ScriptError, ScriptFileError, ordered
from interviewer.script.texts import mid_sentence

__all__ = [
    "MAX_BYTES",
    "Problem",
    "ScriptError",
    "build_script",
    "builtin_script_path",
    "clear_cache",
    "load_script",
    "mid_sentence",
    "parse_script",
    "read_script",
    "validate",
]

BUILTIN_NAME = "mlops-discovery.yaml"
MAX_BYTES = 1024 * 1024  # eight times the built-in script

CACHE = ScriptCache()
"""The cache `load_script` uses unless given another."""


def builtin_script_path() -> Path:
    """The shipped script: inside the wheel (interviewer/_scripts), or in the source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_scripts" / BUILTIN_NAME
    if packaged.is_file():
        return packaged
    return package.parent / "scripts" / BUILTIN_NAME


def clear_cache() -> None:
    """Forget the scripts `load_script` keeps in memory (the files on disk are keyed by
    content and stay valid)."""
    CACHE.forget()


def read_text(path: str | Path) -> str:
    """The script's text, newlines as `open` reads them; ScriptError (line 0) if it cannot
    be read, is not UTF-8 or is larger than MAX_BYTES; ScriptFileError, without blocking, if
    it is not a regular file (a FIFO, a device, a directory)."""
    try:
        data = read_file(str(path), MAX_BYTES + 1)
    except NotRegularFileError as exc:
        raise ScriptFileError(str(path), str(exc)) from None
    except OSError as exc:
        raise ScriptError(str(path), [Problem(0, f"cannot read the script: {exc}")]) from None
    if len(data) > MAX_BYTES:
        message = f"the script is larger than {MAX_BYTES // 1024:,} KiB; a script is far smaller"
        raise ScriptError(str(path), [Problem(0, message)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScriptError(str(path), [Problem(0, f"cannot read the script: {exc}")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_document(text: str) -> tuple[Any, list[Problem]]:
    # PyYAML is imported only to read a script not in the cache: most starts never need it
    from interviewer.script.yaml_lines import YamlError, load_yaml

    try:
        return load_yaml(text), []
    except YamlError as exc:
        return None, [Problem(exc.line, exc.message)]


def parse_script(
    text: str, path: str = "<script>", build_all: bool = True
) -> tuple[Script | None, list[Problem]]:
    """Build the script from YAML text and return it with every problem found; the script is
    None if unusable. With `build_all=False` only the top level is checked now; each track is
    built and checked when first used, and raises ScriptError then if it has problems."""
    doc, problems = parse_document(text)
    if problems:
        return None, problems
    return build_script(doc, script_sha256(text), path, build_all)


def read_script(path: str | Path, build_all: bool = True) -> tuple[Script | None, list[Problem]]:
    """The script at `path` and its problems; ScriptFileError if it is not a file to read."""
    try:
        text = read_text(path)
    except ScriptFileError:
        raise
    except ScriptError as exc:
        return None, exc.problems
    script, problems = parse_script(text, str(path), build_all)
    if script is not None:
        script.path = Path(path)
    return script, problems


def validate(path: str | Path) -> list[str]:
    """Every problem in the script at `path`, formatted `file:line: message`; empty if fine.
    ScriptFileError if `path` is not a regular file."""
    _, problems = read_script(path, build_all=True)
    return [p.format(str(path)) for p in ordered(problems)]


def load_script(path: str | Path | None = None, cache: ScriptCache | None = None) -> Script:
    """Load a script, raising ScriptError with every problem if it is not usable.

    A script with a broken track still loads: using that track (`script.tracks[key]`) raises
    ScriptError with its problems and their lines. `validate` reports everything at once."""
    p = Path(path) if path is not None else builtin_script_path()
    cache = cache if cache is not None else CACHE
    text = read_text(p)
    sha = script_sha256(text)
    key = cache.key(sha)
    script = cache.script(key)
    if script is not None:
        return script
    doc = cache.document(key)
    if doc is not None:
        script, problems = build_script(doc, sha, str(p), build_all=False, lint=False)
        if script is not None and not problems:
            script.path = p
            cache.remember(key, script)
            return script
    doc, problems = parse_document(text)
    script = None
    if not problems:
        script, problems = build_script(doc, sha, str(p), build_all=False)
    if script is None or problems:
        raise ScriptError(str(p), ordered(problems))
    script.path = p
    cache.store(key, script, doc, problems=len(track_problems(script)))
    return script
