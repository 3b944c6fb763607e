"""The app uses Textual through its public API only.

A name starting with "_" that Textual defines is Textual's to change in any release: overriding
one (as `ChatLog._render` once did, which crashed the copy command) or calling one breaks
silently on an upgrade. These checks fail loudly instead.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from functools import cache
from pathlib import Path
from types import ModuleType

import textual
from conftest import runner_of

import interviewer.tui

ROOT = Path(__file__).resolve().parents[1]
TEXTUAL = Path(textual.__file__).parent
OUR_SOURCES = sorted((ROOT / "interviewer" / "tui").rglob("*.py"))
OUR_TESTS = sorted(
    [*ROOT.glob("tests/test_tui*.py"), ROOT / "tests" / "test_shadow_app.py"]
    + [p for p in [ROOT / "tests" / "test_snapshots.py"] if p.exists()]
)


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def defined_names(tree: ast.AST) -> set[str]:
    """Private names code defines: functions, classes, names assigned in a class or module
    body, and attributes assigned on self or cls (local variables are not names of anything)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, (ast.Module, ast.ClassDef)):
            for statement in node.body:
                for target in _targets(statement):
                    if isinstance(target, ast.Name):
                        names.add(target.id)
        for target in _targets(node):
            for sub in ast.walk(target):
                if (
                    isinstance(sub, ast.Attribute)
                    and isinstance(sub.value, ast.Name)
                    and sub.value.id in ("self", "cls")
                ):
                    names.add(sub.attr)
    return {n for n in names if private(n)}


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return [node.target]
    return []


@cache
def textual_private_names() -> frozenset[str]:
    names: set[str] = set()
    for path in TEXTUAL.rglob("*.py"):
        names |= defined_names(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def our_modules() -> list[ModuleType]:
    found: list[ModuleType] = []
    for info in pkgutil.walk_packages(interviewer.tui.__path__, "interviewer.tui."):
        found.append(importlib.import_module(info.name))
    return found


def textual_bases(cls: type) -> list[type]:
    return [c for c in cls.__mro__ if c.__module__.split(".")[0] == "textual"]


@cache
def names_in_source(cls: type) -> frozenset[str]:
    try:
        return frozenset(defined_names(ast.parse(inspect.getsource(cls))))
    except (OSError, TypeError):  # defined outside Python source
        return frozenset()


def names_of_textual_class(cls: type) -> set[str]:
    """What a Textual class and its bases define: attributes, methods, and what their code
    assigns on self (instance attributes)."""
    names = {n for n in dir(cls) if private(n)}
    for base in textual_bases(cls):
        names |= names_in_source(base)
    return names


def test_no_textual_private_name_is_overridden_or_shadowed():
    """Our subclasses define no method or attribute under a private name of their Textual
    base (e.g. `_render`, `_on_key`, `_lines` on a Log): a clash breaks Textual's own code."""
    clashes = []
    checked = 0
    for module in our_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not textual_bases(cls):
                continue
            checked += 1
            ours: set[str] = set()
            for klass in cls.__mro__:
                if klass.__module__.startswith("interviewer."):  # (Textual adds some itself)
                    ours |= names_in_source(klass)
            theirs = names_of_textual_class(textual_bases(cls)[0])
            clashes += [f"{cls.__qualname__}.{name}" for name in sorted(ours & theirs)]
    assert checked >= 10  # the chat, the answer widgets, the screens, the apps...
    assert clashes == []


def test_no_private_textual_name_or_module_is_used():
    """No `x._name` where `_name` is Textual's (and not also ours), in the app or its tests,
    and nothing imported from Textual's private modules (`textual._context`...)."""
    ours: set[str] = set()
    trees = {}
    for path in [*OUR_SOURCES, *OUR_TESTS]:
        trees[path] = ast.parse(path.read_text(encoding="utf-8"))
    for path in OUR_SOURCES:
        ours |= defined_names(trees[path])
    theirs = textual_private_names()
    assert {"_render", "_on_key", "_check_disabled", "_scroll_update"} <= theirs  # it looks
    used = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and private(node.attr):
                if node.attr in theirs and node.attr not in ours:
                    used.append(f"{path.name}:{node.lineno} .{node.attr}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
                if any(private(part) for part in (node.module or "").split(".")):
                    used.append(f"{path.name}:{node.lineno} from {node.module}")
                used += [
                    f"{path.name}:{node.lineno} import {a.name}"
                    for a in node.names
                    if private(a.name)
                ]
    assert used == []


async def test_the_text_answer_keys_work_through_the_public_key_handler(tmp_path):
    """Enter sends, ctrl+j starts a new line, other keys type: AnswerText handles keys in
    `on_key`, before TextArea's own handler, without overriding it."""
    from conftest import MINI
    from test_tui import to_the_first_text_question, type_text

    from interviewer.store import SessionStore
    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.conversation.answer_area import AnswerText

    app = InterviewerApp(SessionStore(tmp_path), str(MINI), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(100, 32)) as pilot:
        await to_the_first_text_question(pilot)
        area = app.screen.query_one("#answer-text", AnswerText)
        assert app.focused is area
        await type_text(pilot, "by hand")
        await pilot.press("ctrl+j")
        await type_text(pilot, "on Fridays")
        assert area.text == "by hand\non Fridays"
        step = runner_of(app).interview.asking
        assert step is not None
        await pilot.press("enter")
        await pilot.pause()
        assert runner_of(app).interview.answers[step] == "by hand\non Fridays"
