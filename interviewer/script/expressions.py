"""A tiny, safe expression language for `when`, `constraint` and `next` rules.

Expressions are parsed with `ast` and only a whitelist of node types is accepted; they are then
compiled into closures, so evaluation never goes near `eval` and costs a few microseconds.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

# name -> (kind of first argument, number of arguments)
FUNCTIONS: dict[str, tuple[str, int]] = {
    "answered": ("step", 1),
    "answer": ("step", 1),
    "selected": ("step", 2),
    "level": ("dimension", 1),
    "low": ("dimension", 1),
    "high": ("dimension", 1),
    "reachable": ("dimension", 2),
    "inconsistent": ("dimension", 1),
    "len": ("value", 1),
}

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: b is not None and a in b,
    ast.NotIn: lambda a, b: b is None or a not in b,
}

_ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class Context(Protocol):
    """What an expression can ask about the interview so far."""

    def answered(self, step: str) -> bool: ...
    def answer(self, step: str) -> Any: ...
    def selected(self, step: str, option: str) -> bool: ...
    def level(self, dimension: str) -> int: ...
    def low(self, dimension: str) -> bool: ...
    def high(self, dimension: str) -> bool: ...
    def reachable(self, dimension: str, level: int) -> bool: ...
    def inconsistent(self, dimension: str) -> bool: ...


class ExpressionError(ValueError):
    pass


class Expr(NamedTuple):
    """A compiled `when`/`next`/constraint expression and what it refers to."""

    source: str
    fn: Callable[[Context, Any], Any]
    references: tuple[tuple[str, str], ...] = ()  # (kind, name)
    uses_value: bool = False

    def __call__(self, ctx: Context, value: Any = None) -> Any:
        return self.fn(ctx, value)


def _safe_len(x: Any) -> int:
    return 0 if x is None else len(x)


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> Expr:
    """Parse and compile `source`, raising ExpressionError with a readable reason.

    Cached: an Expr is immutable once built, and scripts repeat the same conditions a lot."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("expression must be a non-empty string")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"malformed expression {source!r}: {exc.msg}") from None
    refs: list[tuple[str, str]] = []
    flags = {"value": False}
    fn = _compile(tree.body, source, refs, flags)
    return Expr(source=source, fn=fn, references=tuple(refs), uses_value=flags["value"])


def _compile(node: ast.AST, src: str, refs: list, flags: dict) -> Callable[[Context, Any], Any]:
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, (str, int, float, bool, type(None))):
            raise ExpressionError(f"unsupported constant in {src!r}")
        const = node.value
        return lambda ctx, v: const
    if isinstance(node, ast.Name):
        if node.id == "value":
            flags["value"] = True
            return lambda ctx, v: v
        if node.id in ("true", "True"):
            return lambda ctx, v: True
        if node.id in ("false", "False"):
            return lambda ctx, v: False
        raise ExpressionError(f"unknown name {node.id!r} in {src!r} (only `value` is a variable)")
    if isinstance(node, ast.BoolOp):
        parts = [_compile(n, src, refs, flags) for n in node.values]
        if isinstance(node.op, ast.And):
            return lambda ctx, v: all(p(ctx, v) for p in parts)
        return lambda ctx, v: any(p(ctx, v) for p in parts)
    if isinstance(node, ast.UnaryOp):
        inner = _compile(node.operand, src, refs, flags)
        if isinstance(node.op, ast.Not):
            return lambda ctx, v: not inner(ctx, v)
        if isinstance(node.op, ast.USub):
            return lambda ctx, v: -inner(ctx, v)
        raise ExpressionError(f"unsupported operator in {src!r}")
    if isinstance(node, ast.BinOp):
        op = _ARITH.get(type(node.op))
        if op is None:
            raise ExpressionError(f"unsupported operator in {src!r}")
        left, right = _compile(node.left, src, refs, flags), _compile(node.right, src, refs, flags)
        return lambda ctx, v: op(left(ctx, v), right(ctx, v))
    if isinstance(node, ast.Compare):
        left = _compile(node.left, src, refs, flags)
        ops = []
        for op_node, comp in zip(node.ops, node.comparators, strict=True):
            op = _COMPARE.get(type(op_node))
            if op is None:
                raise ExpressionError(f"unsupported comparison in {src!r}")
            ops.append((op, _compile(comp, src, refs, flags)))

        def compare(ctx: Context, v: Any) -> bool:
            a = left(ctx, v)
            for op, right in ops:
                b = right(ctx, v)
                try:
                    if not op(a, b):
                        return False
                except TypeError:
                    return False
                a = b
            return True

        return compare
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_compile(n, src, refs, flags) for n in node.elts]
        return lambda ctx, v: [i(ctx, v) for i in items]
    if isinstance(node, ast.Call):
        return _compile_call(node, src, refs, flags)
    raise ExpressionError(f"unsafe or unsupported syntax ({type(node).__name__}) in {src!r}")


def _compile_call(node: ast.Call, src: str, refs: list, flags: dict) -> Callable:
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        name = getattr(node.func, "id", ast.unparse(node.func))
        allowed = ", ".join(sorted(FUNCTIONS))
        raise ExpressionError(f"unknown function {name!r} in {src!r} (allowed: {allowed})")
    name = node.func.id
    kind, arity = FUNCTIONS[name]
    if node.keywords or len(node.args) != arity:
        raise ExpressionError(f"{name}() takes {arity} argument(s) in {src!r}")
    if name == "len":
        inner = _compile(node.args[0], src, refs, flags)
        return lambda ctx, v: _safe_len(inner(ctx, v))
    first = node.args[0]
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        raise ExpressionError(f"{name}() needs a quoted {kind} id as first argument in {src!r}")
    target = first.value
    refs.append((kind, target))
    if arity == 2:
        second = node.args[1]
        if not isinstance(second, ast.Constant) or not isinstance(second.value, (str, int)):
            raise ExpressionError(f"{name}() needs a literal second argument in {src!r}")
        arg2 = second.value
        if name == "selected":
            return lambda ctx, v: ctx.selected(target, str(arg2))
        return lambda ctx, v: ctx.reachable(target, int(arg2))
    method = name
    return lambda ctx, v: getattr(ctx, method)(target)
