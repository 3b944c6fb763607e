"""Reading YAML into mappings and lists that remember their lines, within fixed limits.

The document is built straight from PyYAML's event stream, without PyYAML's node tree, so every
limit is checked as the document is read and nothing is built past one:

* at most MAX_NODES nodes, counting each use of an alias in full (a "billion laughs" document
  stops at the first alias that crosses the limit, before anything large exists);
* no recursive aliases (`a: &x [1, *x]`), which have no finite value;
* nesting at most MAX_DEPTH deep (libyaml stops at 1000 anyway; the rest of the loader and
  Python's repr recurse, so the limit is lower here).

An alias is memoised: it shares the anchored value rather than copying it, as PyYAML does.
Strings are taken as they are; every other scalar (int, float, bool, null, timestamp, ...) is
built by PyYAML's own constructor, so `017` is 15 and `1:30` is 90, exactly as `yaml.safe_load`.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from interviewer.script.line_data import LineDict, LineList

MAX_NODES = 50_000  # the built-in script has about 6,000
MAX_DEPTH = 64  # the script format nests about 8 deep

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_CLAIMED = set(yaml.resolver.Resolver.yaml_implicit_resolvers) | {""}
_WORDS = set("yYnNtTfFoO")


class _LineLoader(_Base):
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
        result: str = super().resolve(kind, value, implicit)
        return result


class YamlError(Exception):
    """The text is not YAML the loader accepts; `line` is 1-based (0: unknown)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


YamlSyntaxError = YamlError  # the older name


class _Frame:
    """A mapping or sequence being read."""

    __slots__ = ("anchor", "key", "key_line", "merges", "start_total", "value")

    def __init__(self, value: LineDict | LineList, anchor: str | None, start_total: int) -> None:
        self.value = value
        self.anchor = anchor
        self.start_total = start_total
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.merges: list[tuple[Any, int]] = []


_NO_KEY = object()
_MERGE_KEY = object()
_VALUE_KEY = object()


def _line(event: Any) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


class _Reader:
    def __init__(self, loader: _LineLoader) -> None:
        self.loader = loader
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, expanded node count)
        self.open_anchors: set[str] = set()
        self.total = 0
        self.dups: list[tuple[Any, int]] = []

    def count(self, n: int, line: int) -> None:
        self.total += n
        if self.total > MAX_NODES:
            raise YamlError(
                f"the document has more than {MAX_NODES:,} YAML nodes, counting each use of an "
                "alias in full; a script is far smaller",
                line,
            )

    def anchor(self, name: str | None, line: int) -> None:
        if name is not None and name in self.anchors:
            raise YamlError(f"YAML error: anchor &{name} is defined twice", line)

    def scalar(self, event: ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        if tag == _MERGE:
            return _MERGE_KEY
        if tag == _VALUE:
            return _VALUE_KEY  # `=`: a string as a key, an error anywhere else (as PyYAML)
        mark: Any = event.start_mark  # a yaml.error.Mark, or its C twin
        node = yaml.ScalarNode(tag, event.value, mark, mark, event.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # PyYAML's constructors raise ValueError, KeyError, ...
            raise YamlError(
                f"YAML error: cannot read {event.value[:40]!r} as {tag.rsplit(':', 1)[-1]}: "
                f"{type(exc).__name__}",
                _line(event),
            ) from None

    def read(self) -> Any:
        get = self.loader.get_event
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                line = _line(event)
                self.count(1, line)
                self.anchor(event.anchor, line)
                value = self.scalar(event)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                if stack:
                    self.add(stack[-1], value, line)
                elif value is _MERGE_KEY or value is _VALUE_KEY:
                    raise YamlError("YAML error: `<<` and `=` are only mapping keys", line)
                else:
                    root = value
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                line = _line(event)
                self.count(1, line)
                self.anchor(event.anchor, line)
                if event.tag not in (None, "!", _MAP if kind is MappingStartEvent else _SEQ):
                    raise YamlError(f"YAML error: tag {event.tag} is not supported here", line)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(f"the document nests deeper than {MAX_DEPTH} levels", line)
                container: LineDict | LineList = (
                    LineDict() if kind is MappingStartEvent else LineList()
                )
                container.line = line
                stack.append(_Frame(container, event.anchor, self.total - 1))
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                    self.anchors[event.anchor] = (container, 0)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                value = self.finish(frame) if kind is MappingEndEvent else frame.value
                if frame.anchor is not None:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (value, self.total - frame.start_total)
                if stack:
                    self.add(stack[-1], value, frame.value.line)
                else:
                    root = value
            elif kind is AliasEvent:
                line = _line(event)
                name = event.anchor
                if name not in self.anchors:
                    raise YamlError(f"YAML error: found undefined alias *{name}", line)
                if name in self.open_anchors:
                    raise YamlError(f"recursive alias *{name}: a value cannot contain itself", line)
                value, size = self.anchors[name]
                self.count(size, line)
                if stack:
                    self.add(stack[-1], value, line)
                else:
                    root = value
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        "YAML error: expected a single document, found another", _line(event)
                    )
            elif kind is StreamEndEvent:
                break
            elif kind is not StreamStartEvent and kind is not DocumentEndEvent:
                raise YamlError(f"YAML error: unexpected {kind.__name__}", _line(event))
        if isinstance(root, LineDict):
            root.duplicate_keys = self.dups
        return root

    def add(self, frame: _Frame, value: Any, line: int) -> None:
        target = frame.value
        if (value is _MERGE_KEY or value is _VALUE_KEY) and (
            isinstance(target, LineList) or frame.key is not _NO_KEY
        ):
            raise YamlError("YAML error: `<<` and `=` are only mapping keys", line)
        if value is _VALUE_KEY:
            value = "="
        if isinstance(target, LineList):
            target.append(value)
            target.item_lines.append(line)
            return
        if frame.key is _NO_KEY:
            if isinstance(value, (list, dict, set)):
                raise YamlError("YAML error: found unhashable key (a list or mapping)", line)
            frame.key = value
            frame.key_line = line
            return
        key, key_line = frame.key, frame.key_line
        frame.key = _NO_KEY
        if key is _MERGE_KEY:
            if isinstance(value, dict):
                frame.merges.append((value, key_line))
            elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
                frame.merges.extend((v, key_line) for v in value)
            else:
                raise YamlError(
                    "YAML error: expected a mapping or list of mappings for merging", line
                )
            return
        if key in target:
            self.dups.append((key, key_line))
        target[key] = value
        target.key_lines[key] = key_line

    def finish(self, frame: _Frame) -> LineDict:
        own = frame.value
        assert isinstance(own, LineDict)
        if not frame.merges:
            return own
        merged = LineDict()
        merged.line = own.line
        for source, line in frame.merges:  # the first merge wins, the mapping's own keys over all
            for key, value in source.items():
                if key not in merged:
                    merged[key] = value
                    merged.key_lines[key] = line
        for key, value in own.items():
            merged.pop(key, None)
            merged[key] = value
            merged.key_lines[key] = own.key_lines[key]
        return merged


def load_yaml(text: str) -> Any:
    """The one YAML document in `text` as LineDicts, LineLists and scalars; YamlError if not."""
    loader = _LineLoader(text)
    try:
        return _Reader(loader).read()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or str(exc)
        raise YamlError(f"YAML syntax error: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}", 0) from None
    except (RecursionError, MemoryError):
        raise YamlError("the document is too large or too deeply nested to read", 0) from None
    finally:
        loader.dispose()
