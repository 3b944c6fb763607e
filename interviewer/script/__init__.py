"""Interview scripts: YAML model, loader, linter. Headless: never imports Textual or Rich.

The modules, each with one job (none imports a module listed after it):
problems (Problem, ScriptError), line_data and yaml_lines (YAML with line numbers, bounded),
expressions (the condition language, total), model (the loaded form), fields (typed field
readers), texts (generated wording), steps (plain steps), expand (a dimension into steps),
dimensions, routing (where a step leads), typecheck (expressions on sample answers), linter,
tracks, post_discovery (the weeks after discovery), document (the Script from a parsed
document), cache, loader (files, load_script, validate).
"""

from __future__ import annotations

from interviewer.script.cache import ScriptCache
from interviewer.script.loader import (
    BUILTIN_NAME,
    builtin_script_path,
    clear_cache,
    load_script,
    validate,
)
from interviewer.script.model import END, Script, Step, Track
from interviewer.script.problems import Problem, ScriptError

__all__ = [
    "BUILTIN_NAME",
    "END",
    "Problem",
    "Script",
    "ScriptCache",
    "ScriptError",
    "Step",
    "Track",
    "builtin_script_path",
    "clear_cache",
    "load_script",
    "validate",
]
