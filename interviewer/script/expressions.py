"""A tiny, safe, total expression language for `when`, `constraint` and `next` rules.

Expressions are parsed with `ast` and only a whitelist of node types is accepted; they are then
compiled into closures, so evaluation never goes near `eval` and costs a few microseconds.

Bounded: the source is at most MAX_SOURCE characters and nests at most MAX_DEPTH deep, checked
before and after `ast.parse`; arithmetic is on numbers only (no string or list repetition), so no
value grows past what the source and the answers already hold.

Total: calling an `Expr` never raises. An expression that fails at run time (text added to a
number, a division by zero, ...) counts as false, and a warning goes to the `interviewer.script`
logger. `validate` runs every expression on sample answers beforehand (see script.typecheck), so
a script that passes it should never log one.
"""

from __future__ import annotations

import ast
import logging
import operator
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

log = logging.getLogger("interviewer.script")
log.addHandler(logging.NullHandler())  # a library: where warnings go is the application's choice

MAX_SOURCE = 1000  # characters; the longest condition in the built-in script has about 80
MAX_DEPTH = 32  # nesting of the syntax tree
MAX_INT_BITS = 1024  # an integer result larger than about 10**308 is an error, as for floats

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
    "contradicted": ("dimension", 2),
    "absent": ("dimension", 2),
    "asks": ("dimension", 2),
    "routing": ("dimension", 1),
    "len": ("value", 1),
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
    def contradicted(self, dimension: str, check: str) -> bool: ...
    def absent(self, dimension: str, indicator: str) -> bool: ...
    def asks(self, dimension: str, indicator: str) -> bool: ...
    def routing(self, dimension: str) -> bool: ...


class AnswerLookups:
    """The answer functions of a Context over an `answers` mapping: the engine's context and
    the linter's sample contexts share them, so a check runs what the interview will."""

    answers: Mapping[str, Any]

    def answered(self, step: str) -> bool:
        return self.answers.get(step) is not None

    def answer(self, step: str) -> Any:
        return self.answers.get(step)

    def selected(self, step: str, option: str) -> bool:
        value = self.answers.get(step)
        return option in value if isinstance(value, list) else value == option


Fn = Callable[[Context, Any], Any]


class ExpressionError(ValueError):
    """The expression cannot be compiled (raised by compile_expression, with a readable reason)."""


class EvaluationError(Exception):
    """The expression was applied to values it cannot handle (raised by `Expr.fn`)."""


class Expr(NamedTuple):
    """A compiled `when`/`next`/constraint expression and what it refers to.

    Calling it is total: the result is a bool, and an error while evaluating is false plus a
    warning on the `interviewer.script` logger. `fn` is the raw evaluator, which may raise."""

    source: str
    fn: Fn
    references: tuple[tuple[str, str], ...] = ()  # (kind, name)
    uses_value: bool = False

    def __call__(self, ctx: Context, value: Any = None) -> bool:
        try:
            return bool(self.fn(ctx, value))
        except Exception as exc:  # total by design: any failure is "false", never a crash
            log.warning(
                "expression %r could not be evaluated (%s); it counts as false",
                self.source,
                describe_failure(exc),
            )
            return False


def describe_failure(exc: BaseException) -> str:
    if isinstance(exc, EvaluationError):
        return str(exc)
    if isinstance(exc, ZeroDivisionError):
        return "division by zero"
    return f"{type(exc).__name__}: {exc}"


def _kind(x: Any) -> str:
    if x is None:
        return "none"
    if isinstance(x, bool):
        return "a boolean"
    if isinstance(x, (int, float)):
        return "a number"
    if isinstance(x, str):
        return "text"
    if isinstance(x, list):
        return "a list"
    return type(x).__name__


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _bounded(x: Any) -> Any:
    if isinstance(x, int) and x.bit_length() > MAX_INT_BITS:
        raise EvaluationError("a number grew too large")
    return x


def _arith(name: str, op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        if a is None or b is None:
            return None  # an unanswered step's answer: the result is unknown too
        if not (_is_number(a) and _is_number(b)):
            raise EvaluationError(f"cannot {name} {_kind(a)} and {_kind(b)}")
        return _bounded(op(a, b))

    return apply


_ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: _arith("add", operator.add),
    ast.Sub: _arith("subtract", operator.sub),
    ast.Mult: _arith("multiply", operator.mul),
    ast.Div: _arith("divide", operator.truediv),
}


def _order(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return False  # nothing is more or less than an unanswered step
        numbers = _is_number(a) and _is_number(b)
        if not numbers and not (type(a) is type(b) and isinstance(a, str)):
            raise EvaluationError(f"cannot compare {_kind(a)} with {_kind(b)} by size")
        return op(a, b)

    return compare


def _contains(a: Any, b: Any) -> bool:
    if b is None:
        return False
    if isinstance(b, list):
        return a in b
    if isinstance(b, str):
        if not isinstance(a, str):
            raise EvaluationError(f"cannot look for {_kind(a)} in text")
        return a in b
    raise EvaluationError(f"cannot look for something in {_kind(b)}")


_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: _order(operator.lt),
    ast.LtE: _order(operator.le),
    ast.Gt: _order(operator.gt),
    ast.GtE: _order(operator.ge),
    ast.In: _contains,
    ast.NotIn: lambda a, b: b is None or not _contains(a, b),
}


def _length(x: Any) -> int:
    if x is None:
        return 0
    if isinstance(x, (str, list)):
        return len(x)
    raise EvaluationError(f"len() of {_kind(x)}")


def _negate(x: Any) -> Any:
    if x is None:
        return None
    if not _is_number(x):
        raise EvaluationError(f"cannot negate {_kind(x)}")
    return -x


def _depth(tree: ast.AST) -> int:
    """How deep the syntax tree nests, without recursion."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> Expr:
    """Parse and compile `source`, raising ExpressionError with a readable reason.

    Cached: an Expr is immutable once built, and scripts repeat the same conditions a lot."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("expression must be a non-empty string")
    text = source.strip()
    if len(text) > MAX_SOURCE:
        raise ExpressionError(
            f"expression {text[:40]!r}... is {len(text):,} characters long; "
            f"the limit is {MAX_SOURCE:,}"
        )
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"malformed expression {source!r}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):  # ValueError: e.g. a NUL character
        raise ExpressionError(f"expression {text[:40]!r}... cannot be read") from None
    if _depth(tree) > MAX_DEPTH:
        raise ExpressionError(
            f"expression {text[:40]!r}... nests more than {MAX_DEPTH} levels deep"
        )
    refs: list[tuple[str, str]] = []
    flags = {"value": False}
    fn = _compile(tree.body, source, refs, flags)
    return Expr(source=source, fn=fn, references=tuple(refs), uses_value=flags["value"])


@lru_cache(maxsize=4096)
def function_call(name: str, *args: str | int) -> Expr:
    """The expression `name(args...)`, built without parsing (for the conditions the loader
    generates, whose arguments come from ids of any length). Cached like compile_expression."""
    kind, arity = FUNCTIONS[name]
    if len(args) != arity or kind == "value" or not isinstance(args[0], str):
        raise ValueError(f"{name}() takes {arity} argument(s) and a quoted {kind} id")
    source = f"{name}({', '.join(repr(a) for a in args)})"
    return Expr(source=source, fn=_call(name, args), references=_refs(name, kind, args))


def _refs(name: str, kind: str, args: tuple[Any, ...]) -> tuple[tuple[str, str], ...]:
    """What a call refers to; contradicted() names a check too, as `dimension:check`."""
    if name == "contradicted":
        return ((kind, args[0]), ("check", f"{args[0]}:{args[1]}"))
    if name == "absent":
        return ((kind, args[0]), ("indicator", f"{args[0]}:{args[1]}"))
    return ((kind, args[0]),)


def both(a: Expr, b: Expr | None) -> Expr:
    """`a and b`; a failure in either is the combined expression's failure."""
    if b is None:
        return a
    fa, fb = a.fn, b.fn
    return Expr(
        source=f"({a.source}) and ({b.source})",
        fn=lambda ctx, v: fa(ctx, v) and fb(ctx, v),
        references=a.references + b.references,
        uses_value=a.uses_value or b.uses_value,
    )


def _call(name: str, args: tuple[Any, ...]) -> Fn:
    target = args[0]
    if name == "selected":
        option = str(args[1])
        return lambda ctx, v: ctx.selected(target, option)
    if name == "reachable":
        level = int(args[1])
        return lambda ctx, v: ctx.reachable(target, level)
    if name == "contradicted":
        check = str(args[1])
        return lambda ctx, v: ctx.contradicted(target, check)
    if name == "absent":
        indicator = str(args[1])
        return lambda ctx, v: ctx.absent(target, indicator)
    if name == "asks":
        indicator = str(args[1])
        return lambda ctx, v: ctx.asks(target, indicator)
    method = name
    return lambda ctx, v: getattr(ctx, method)(target)


def _compile(node: ast.AST, src: str, refs: list[tuple[str, str]], flags: dict[str, bool]) -> Fn:
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, (str, int, float, bool, type(None))):
            raise ExpressionError(f"unsupported constant in {src!r}")
        const = _bounded_constant(node.value, src)
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
            return lambda ctx, v: _negate(inner(ctx, v))
        raise ExpressionError(f"unsupported operator in {src!r}")
    if isinstance(node, ast.BinOp):
        arith = _ARITH.get(type(node.op))
        if arith is None:
            raise ExpressionError(f"unsupported operator in {src!r}")
        left, right = _compile(node.left, src, refs, flags), _compile(node.right, src, refs, flags)
        return lambda ctx, v: arith(left(ctx, v), right(ctx, v))
    if isinstance(node, ast.Compare):
        first = _compile(node.left, src, refs, flags)
        ops: list[tuple[Callable[[Any, Any], bool], Fn]] = []
        for op_node, comp in zip(node.ops, node.comparators, strict=True):
            op = _COMPARE.get(type(op_node))
            if op is None:
                raise ExpressionError(f"unsupported comparison in {src!r}")
            ops.append((op, _compile(comp, src, refs, flags)))

        def compare(ctx: Context, v: Any) -> bool:
            a = first(ctx, v)
            for op, right in ops:
                b = right(ctx, v)
                if not op(a, b):
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


def _bounded_constant(value: Any, src: str) -> Any:
    try:
        return _bounded(value)
    except EvaluationError:
        raise ExpressionError(f"a number in {src[:40]!r} is too large") from None


def _compile_call(
    node: ast.Call, src: str, refs: list[tuple[str, str]], flags: dict[str, bool]
) -> Fn:
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        name = getattr(node.func, "id", None) or ast.unparse(node.func)
        allowed = ", ".join(sorted(FUNCTIONS))
        raise ExpressionError(f"unknown function {name!r} in {src!r} (allowed: {allowed})")
    name = node.func.id
    kind, arity = FUNCTIONS[name]
    if node.keywords or len(node.args) != arity:
        raise ExpressionError(f"{name}() takes {arity} argument(s) in {src!r}")
    if name == "len":
        inner = _compile(node.args[0], src, refs, flags)
        return lambda ctx, v: _length(inner(ctx, v))
    first = node.args[0]
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        raise ExpressionError(f"{name}() needs a quoted {kind} id as first argument in {src!r}")
    if arity == 2:
        second = node.args[1]
        if (
            not isinstance(second, ast.Constant)
            or not isinstance(second.value, (str, int))
            or isinstance(second.value, bool)
        ):
            raise ExpressionError(f"{name}() needs a literal second argument in {src!r}")
        if name == "reachable" and not isinstance(second.value, int):
            raise ExpressionError(f"reachable() needs a level number in {src!r}")
        if name == "contradicted" and not isinstance(second.value, str):
            raise ExpressionError(f"contradicted() needs a quoted check id in {src!r}")
        refs.extend(_refs(name, kind, (first.value, second.value)))
        return _call(name, (first.value, second.value))
    refs.append((kind, first.value))
    return _call(name, (first.value,))
