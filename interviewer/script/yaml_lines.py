"""YAML loading that remembers line numbers, so the linter can point at the right line."""

from __future__ import annotations

from typing import Any

import yaml

from interviewer.script.line_data import LineDict, LineList

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    # scripts use no path resolvers: skip PyYAML's per-node bookkeeping for them
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        # most scalars in a script are prose: a plain scalar whose first character no implicit
        # resolver (int, float, bool, null, ...) claims is a string; skip the regex walk
        if kind is yaml.ScalarNode and implicit[0]:
            first = value[:1]
            if first not in _CLAIMED or (first in _WORDS and len(value) > 5):
                return _STR  # bool and null words are at most five letters long
        return super().resolve(kind, value, implicit)


_TRUE = {"true", "yes", "on"}
_STR = "tag:yaml.org,2002:str"
_CLAIMED = set(yaml.resolver.Resolver.yaml_implicit_resolvers) | {""}
_WORDS = set("yYnNtTfFoO")


def _to_python(node: yaml.Node, loader: _LineLoader, dups: list[tuple[Any, int]]) -> Any:
    """Convert a composed node tree ourselves: much faster than PyYAML's Python constructor,
    and every mapping keeps its line numbers."""
    kind = node.id
    if kind == "scalar":
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == "tag:yaml.org,2002:int":
            text = node.value.replace("_", "")
            return int(text, 0) if text[:2].lower() in ("0x", "0o", "0b") else int(text)
        if tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in _TRUE
        if tag == "tag:yaml.org,2002:null":
            return None
        return loader.construct_object(node, deep=True)  # floats, timestamps, ...
    if kind == "sequence":
        seq = LineList()
        seq.line = node.start_mark.line + 1
        for child in node.value:
            seq.append(_to_python(child, loader, dups))
            seq.item_lines.append(child.start_mark.line + 1)
        return seq
    if kind == "mapping":
        if any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
            loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = _to_python(key_node, loader, dups)
            if isinstance(key, list):
                key = tuple(key)
            line = key_node.start_mark.line + 1
            if key in result:
                dups.append((key, line))
            result[key] = _to_python(value_node, loader, dups)
            result.key_lines[key] = line
        return result
    return loader.construct_object(node, deep=True)


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load_yaml(text: str) -> Any:
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            dups: list[tuple[Any, int]] = []
            doc = None if node is None else _to_python(node, loader, dups)
            if isinstance(doc, LineDict):
                doc.duplicate_keys = dups
            return doc
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or str(exc)
        raise YamlSyntaxError(f"YAML syntax error: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML error: {exc}", 0) from None
