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
