"""Mappings and lists that remember the line they came from, so problems can name it.

Kept apart from the YAML loader: a script read back from the JSON cache uses these classes too,
without importing PyYAML.
"""

from __future__ import annotations

from typing import Any


class LineDict(dict):
    """A mapping from YAML that knows where it and each of its keys started (1-based)."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}
        self.duplicate_keys: list[tuple[Any, int]] = []  # the whole document's, on the root

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []

    @classmethod
    def of(cls, items: list[Any]) -> LineList:
        """A plain list (from the JSON cache) as a LineList without line numbers."""
        out = cls()
        out.extend(items)
        out.item_lines = [0] * len(items)
        return out


def line_dict(pairs: list[tuple[Any, Any]]) -> LineDict:
    """json.loads object_pairs_hook: every mapping becomes a LineDict (line 0: unknown)."""
    out = LineDict()
    out.update(pairs)
    return out


def line_of(mapping: Any, key: Any) -> int:
    """The line of `key` in a mapping from YAML (its own line, or 0, for any other mapping)."""
    if isinstance(mapping, LineDict):
        return mapping.key_lines.get(key, mapping.line)
    return 0


def line(obj: Any, default: int = 0) -> int:
    """The line a mapping or list from YAML started on; `default` for anything else."""
    return getattr(obj, "line", default) or default


def item_lines(items: list[Any]) -> list[int]:
    """The line of each item of a list from YAML (0 each for any other list)."""
    lines = getattr(items, "item_lines", None)
    return lines if lines is not None and len(lines) == len(items) else [0] * len(items)
