"""What is wrong with a script: problems with their lines, and the error that carries them."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """A finding about a script, reported as file:line: message."""

    line: int
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.message}"


class ScriptError(Exception):
    """The script cannot be used; `problems` holds every reason with its line."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(p.format(path) for p in problems))


def ordered(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by line, then message."""
    return sorted(set(problems), key=lambda p: (p.line, p.message))


class ScriptFileError(ScriptError):
    """The path given as a script cannot be read as a file at all (a FIFO, a device, a
    directory): one line saying what it is, not a problem at a line."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, [])
        self.args = (message,)

    def __str__(self) -> str:
        return str(self.args[0])
