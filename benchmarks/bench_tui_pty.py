"""Cold start as a terminal user sees it: the first screen painted in a pseudo-terminal.

Run: python benchmarks/bench_tui_pty.py [--pairs N] [--role ROLE] [--each]
(`python benchmarks/bench_tui.py --cold-start-only` runs it too, after the headless figures.)

Each program is started as a shell starts it: a fresh interpreter whose controlling terminal is
a new pseudo-terminal of 120x40 with TERM=xterm-256color. Ours is
`python -m interviewer start --role full --org Acme --participant Bench --sessions-dir <tmp>`,
whose first screen is the built-in script's notice; the bare app is Textual with one Input, as
in bench_tui.py. The parent reads the terminal and notes, from just before the fork:
- shown: the end of the first frame with a text known to be on the first screen (the notice's
  title, "About this interview", for ours; the Input's placeholder for the bare app);
- full: the end of the first frame by which every row of the screen has been drawn and that text
  shown. The floor is judged on this one: ours draws the notice's dialog first and its backdrop
  in the frames after, and the screen is there only once all of it is.
Textual writes a frame in one piece, ending with the cursor's placement, which is how a frame's
end is found. Then the parent presses ctrl+q, as a user quits, and reaps the child (SIGTERM,
then SIGKILL, if it has not gone within a few seconds).

The pseudo-terminal answers none of Textual's queries (synchronised output, in-band resize), as
a plain terminal would not; both apps alike. Pairs run interleaved (bare, ours, bare, ours, ...)
after one unmeasured start of each (the OS file cache, the script cache), so that other work on
the machine slows both alike; printed are the medians, their ratio and the median of the pairs'
ratios. DESIGN.md's floor: ours ≤ 1.3 × bare.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from fcntl import ioctl
from typing import NamedTuple

from bench_tui import ENV, ROOT, compile_package

COLUMNS, ROWS = 120, 40
ALL_ROWS = range(1, ROWS + 1)
BARE_MARKER = "bare app painted"
OURS_MARKER = "About this interview"  # the built-in notice's title
BARE = f"""
from textual.app import App
from textual.widgets import Input
class Bare(App):
    def compose(self):
        yield Input(placeholder={"> " + BARE_MARKER!r})  # the cursor is drawn on the ">"
Bare().run()
"""
# a terminal's environment: its size comes from the terminal, not from COLUMNS/LINES
PTY_ENV = {k: v for k, v in ENV.items() if k not in ("COLUMNS", "LINES")}
PTY_ENV["TERM"] = "xterm-256color"
CTRL_Q = b"\x11"
FRAME_END = re.compile(rb"\x1b\[\d+;\d+H\Z")  # the cursor placed, and nothing after it yet
# a row drawn on: the cursor moved to it, then text written there after any change of colours
DRAWN_ROW = re.compile(rb"\x1b\[(\d+);\d+H(?:\x1b\[[\d;]*m)*[^\x1b]")


class Painted(NamedTuple):
    """Seconds from just before the fork."""

    shown: float  # to the end of the first frame showing the marker
    full: float  # to the end of the first frame by which every row is drawn, marker shown


def first_paint(argv: Sequence[str], marker: str, timeout: float = 60.0) -> Painted:
    """Start `argv` on a new pseudo-terminal, time its first screen, then quit and reap it."""
    master, slave = os.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: the terminal becomes its controlling terminal and stdio
        try:
            os.close(master)
            os.chdir(ROOT)
            os.login_tty(slave)
            os.execve(argv[0], list(argv), PTY_ENV)
        finally:
            os._exit(127)
    os.close(slave)
    try:
        return _read_until_painted(master, marker.encode(), start, timeout)
    finally:
        _quit(master, pid)
        os.close(master)


def _read_until_painted(master: int, marker: bytes, start: float, timeout: float) -> Painted:
    output = bytearray()
    rows: set[int] = set()
    marked = False  # the marker is in the output
    shown: float | None = None
    while True:
        left = start + timeout - time.monotonic()
        if left <= 0 or not select.select([master], [], [], left)[0]:
            raise TimeoutError(f"no full frame with {marker!r} in {timeout} s: {_tail(output)}")
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: the child has gone
            chunk = b""
        if not chunk:
            raise RuntimeError(f"exited before painting {marker!r}: {_tail(output)}")
        now = time.monotonic() - start
        read = max(0, len(output) - 256)  # a sequence may straddle two reads
        output += chunk
        marked = marked or output.find(marker, read) >= 0
        rows.update(int(m[1]) for m in DRAWN_ROW.finditer(output, read))
        if not FRAME_END.search(output, len(output) - 16):
            continue  # in the middle of a frame
        if marked and shown is None:
            shown = now
        if shown is not None and rows.issuperset(ALL_ROWS):
            return Painted(shown, now)


def _tail(output: bytearray) -> str:
    return repr(bytes(output[-400:]))


def _quit(master: int, pid: int) -> None:
    """ctrl+q as a user quits; SIGTERM, then SIGKILL, for a child that does not go."""
    os.write(master, CTRL_Q)
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            os.kill(pid, sig)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.05)[0]:  # drained, so its writes never block
                with contextlib.suppress(OSError):
                    os.read(master, 1 << 16)
            if os.waitpid(pid, os.WNOHANG)[0]:
                return


def bench_pty_start(pairs: int, role: str = "full", each: bool = False) -> None:
    compile_package()
    bare_argv = [sys.executable, "-c", BARE]
    bare: list[Painted] = []
    ours: list[Painted] = []
    with tempfile.TemporaryDirectory() as tmp:
        ours_argv = [sys.executable, "-m", "interviewer", "start", "--role", role]
        ours_argv += ["--org", "Acme", "--participant", "Bench", "--sessions-dir", tmp]
        first_paint(ours_argv, OURS_MARKER)
        first_paint(bare_argv, BARE_MARKER)
        for _ in range(pairs):
            bare.append(first_paint(bare_argv, BARE_MARKER))
            ours.append(first_paint(ours_argv, OURS_MARKER))
            if each:
                print(f"  pair: bare {_ms(bare[-1])}   ours {_ms(ours[-1])}")
    print(f"pty {COLUMNS}x{ROWS}, first screen, median of {pairs} interleaved pairs (ms):")
    print("                                                  shown    full")
    print(f"  bare Textual app with one Input               {_medians(bare)}")
    print(f"  interviewer start --role {role:<10} (notice)   {_medians(ours)}")
    for field in Painted._fields:
        b = statistics.median(getattr(p, field) for p in bare)
        o = statistics.median(getattr(p, field) for p in ours)
        per_pair = statistics.median(
            getattr(x, field) / getattr(y, field) for x, y in zip(ours, bare, strict=True)
        )
        print(
            f"  ratio, {field:5}  {o / b:4.2f}  (median of pair ratios {per_pair:4.2f}; floor 1.30)"
        )


def _ms(p: Painted) -> str:
    return f"{p.shown * 1000:5.0f} / {p.full * 1000:5.0f}"


def _medians(runs: list[Painted]) -> str:
    return "  ".join(
        f"{statistics.median(getattr(p, f) for p in runs) * 1000:6.0f}" for f in Painted._fields
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--role", default="full", help="the track `interviewer start` opens")
    parser.add_argument("--each", action="store_true", help="print every pair's times")
    args = parser.parse_args()
    bench_pty_start(args.pairs, args.role, args.each)


if __name__ == "__main__":
    main()
