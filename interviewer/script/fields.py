"""Reading the fields of a parsed YAML mapping with their types checked.

A field of the wrong type, or a missing one, is recorded as a Problem with its line and a
harmless default is returned, so the loader carries on and reports everything at once.
"""

from __future__ import annotations

import math
import re
from typing import Any

from interviewer.script.expressions import Expr, ExpressionError, compile_expression
from interviewer.script.line_data import LineDict, LineList, line, line_of
from interviewer.script.model import END
from interviewer.script.problems import Problem

Raw = dict[Any, Any]  # a mapping from the YAML (a LineDict) or from the JSON cache

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED_IDS = {END, "state", "trigger", "initial", "start"}


def level_entry(mapping: Raw, n: int) -> Any:
    """Level keys are integers in YAML and strings once cached as JSON."""
    return mapping.get(n, mapping.get(str(n)))


class Fields:
    """Typed getters that collect problems instead of raising."""

    def __init__(self, lint: bool = True) -> None:
        self.problems: list[Problem] = []
        self.lint = lint  # False: a document the cache kept as linted clean; skip costly checks

    def problem(self, at: int, message: str) -> None:
        self.problems.append(Problem(at, message))

    def mapping(self, parent: Raw, key: str, required: bool = True) -> Raw:
        value = parent.get(key)
        if isinstance(value, dict):
            return value
        if value is not None:
            self.problem(line_of(parent, key), f"`{key}` must be a mapping")
        elif required:
            self.problem(line(parent, 1), f"missing `{key}`")
        empty = LineDict()
        empty.line = line_of(parent, key) or 1
        return empty

    def sequence(self, parent: Raw, key: str, required: bool = False) -> list[Any]:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(line(parent), f"missing `{key}`")
            return LineList()
        if not isinstance(value, list):
            self.problem(line_of(parent, key), f"`{key}` must be a list")
            return LineList()
        return value

    def text(self, parent: Raw, key: str, required: bool = True, default: str = "") -> str:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(line(parent), f"missing `{key}`")
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(line_of(parent, key), f"`{key}` must be text")
            return default
        return str(value).strip()

    def number(self, parent: Raw, key: str, required: bool = True) -> float | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(line(parent), f"missing `{key}`")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(line_of(parent, key), f"`{key}` must be a number")
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.problem(line_of(parent, key), f"`{key}` must be a finite number")
            return None
        return number

    def ident(self, parent: Raw, key: str = "id") -> str:
        value = self.text(parent, key)
        if value and not ID_RE.fullmatch(value):
            self.problem(
                line_of(parent, key),
                f"id {value[:80]!r} is not a name a state can take: use lower-case letters, "
                "digits and '-' (it must start with a letter or digit)",
            )
        if value in RESERVED_IDS:
            self.problem(line_of(parent, key), f"id {value!r} is reserved")
        return value

    def expr(self, parent: Raw, key: str) -> Expr | None:
        source = parent.get(key)
        if source is None:
            return None
        if isinstance(source, bool):
            source = str(source)
        if not isinstance(source, (str, int, float)):
            self.problem(line_of(parent, key), f"`{key}` must be an expression")
            return None
        try:
            return compile_expression(str(source))
        except ExpressionError as exc:
            self.problem(line_of(parent, key), str(exc))
            return None
