"""The command line's commands, a module per group. Each module lists its commands in
`COMMANDS` (name: summary, arguments, run); `interviewer.cli` builds the parser from them and
runs the one asked for. Modules import what a command needs inside it, so opening the app does
not pay for every command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    summary: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
