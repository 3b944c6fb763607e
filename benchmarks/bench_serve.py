"""Benchmarks for interviews in the browser (issue 12).

Run: python benchmarks/bench_serve.py [--interviews 20] [--samples 50]
Needs the `playwright` module and a system Chromium (`playwright install` is never needed).

`interviewer serve` runs as its own process; headless Chromium opens N invitation links, one
page each, one after the other, and keeps them open:
- opening a link: from `page.goto(link)` to the websocket frame that carries the first
  screen's text (the script's notice, which comes before the first question), for each of the
  N links in turn (the k-th opened with k-1 open already);
- memory per open interview: the resident memory (VmRSS) of the server and every process under
  it, with the N interviews open, divided by N; PSS (shared pages split between the processes
  that share them) beside it, and the server alone before any link was opened;
- keystroke to echo: with the N interviews open, one page is typed into, one character every
  150 ms; from the key press to the first websocket frame that carries the character in its
  place in the input line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewer.store.invitations import InvitationStore  # noqa: E402

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and os.path.exists(p)),
    None,
)
FIRST_QUESTION = "about your role"
NOTICE = "Do you agree to take part"  # a new link's first screen: the script's notice
# every three characters in a row occur once, and in no English text: an echo is unambiguous
LOWER, UPPER = "abcdefghijklmnopqrstuvwxyz", "ZYXWVUTSRQPONMLKJIHGFEDCBA"
TYPED = "".join(a + b for a, b in zip(LOWER, UPPER, strict=True))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def strip(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(pid: int) -> list[int]:
    """pid and every process under it (Linux: /proc/PID/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return found


def kib(path: str, field: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def memory(pid: int) -> tuple[float, float, int]:
    """(RSS MiB, PSS MiB, processes) of pid and everything under it."""
    pids = tree(pid)
    rss = sum(kib(f"/proc/{p}/status", "VmRSS") for p in pids)
    pss = sum(kib(f"/proc/{p}/smaps_rollup", "Pss") for p in pids)
    return rss / 1024, pss / 1024, len(pids)


class Frames:
    """What one page's websocket received, each frame with the time it arrived."""

    def __init__(self) -> None:
        self.frames: list[tuple[float, str]] = []
        self.event = asyncio.Event()

    def attach(self, ws: Any) -> None:
        ws.on("framereceived", self.received)

    def received(self, data: str | bytes) -> None:
        if isinstance(data, bytes):
            self.frames.append((time.perf_counter(), strip(data.decode("utf-8", "replace"))))
            self.event.set()

    async def first(self, needle: str, since: float, seconds: float = 30) -> float:
        """When the first frame after `since` holding `needle` arrived."""
        async with asyncio.timeout(seconds):
            while True:
                for at, text in self.frames:
                    if at >= since and needle in text:
                        return at
                self.event.clear()
                await self.event.wait()


async def run(interviews: int, samples: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        invitations = InvitationStore(root)
        tokens = [
            invitations.create_interviewee("executive", "Acme", f"P{n}", None)[0]
            for n in range(interviews)
        ]
        port = free_port()
        command = [sys.executable, "-m", "interviewer", "serve", "--port", str(port)]
        server = subprocess.Popen(
            [*command, "--max-sessions", str(interviews + 5), "--sessions-dir", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 15
            while True:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                assert time.monotonic() < deadline, "the server did not start"
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            out["server alone"] = memory(server.pid)
            base = f"http://127.0.0.1:{port}"
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True)
                pages, frames, opens = [], [], []
                for token in tokens:
                    page = await browser.new_page(viewport={"width": 1100, "height": 700})
                    seen = Frames()
                    page.on("websocket", seen.attach)
                    t0 = time.perf_counter()
                    await page.goto(f"{base}/i/{token}")
                    opens.append((await seen.first(NOTICE, t0) - t0) * 1000)
                    pages.append(page)
                    frames.append(seen)
                out["opens"] = opens
                await asyncio.sleep(2.0)  # every app settled after its first paint
                out["open"] = memory(server.pid)

                page, seen = pages[-1], frames[-1]
                await page.focus(".xterm-helper-textarea")
                t0 = time.perf_counter()
                await page.keyboard.press("y")  # the notice accepted: the answer area is next
                await seen.first(FIRST_QUESTION, t0)
                echoes = []
                for n, char in enumerate(TYPED[: samples + 2]):
                    await asyncio.sleep(0.15)
                    t0 = time.perf_counter()
                    await page.keyboard.type(char)
                    if n >= 2:  # from the third character: three in a row are unique
                        echoes.append((await seen.first(TYPED[n - 2 : n + 1], t0) - t0) * 1000)
                out["echoes"] = echoes
                await browser.close()
        finally:
            apps = tree(server.pid)[1:]
            server.send_signal(signal.SIGTERM)  # pauses every interview, ends every app
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            for pid in apps:  # only the apps this server started, should any remain
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=20)
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args()
    if CHROMIUM is None:
        raise SystemExit("no system Chromium (apt-get install chromium)")
    out = asyncio.run(run(args.interviews, args.samples))
    n = args.interviews
    opens = out["opens"]
    print(
        f"open a link -> first screen (the notice) in the page ({n} links, one after the other): "
        f"first {opens[0]:.0f} ms, p50 {statistics.median(opens):.0f} ms, "
        f"max {max(opens):.0f} ms (floor: <= 2000 ms)"
    )
    rss0, pss0, _ = out["server alone"]
    rss, pss, procs = out["open"]
    print(f"server alone: RSS {rss0:.1f} MiB, PSS {pss0:.1f} MiB")
    print(
        f"{n} interviews open ({procs} processes): RSS {rss:.0f} MiB = {rss / n:.1f} MiB per "
        f"interview (floor: <= 80 MiB); PSS {pss:.0f} MiB = {pss / n:.1f} MiB per interview"
    )
    echoes = out["echoes"]
    print(
        f"keystroke -> echo in the page, {n} open, {len(echoes)} keys: "
        f"p50 {pct(echoes, 0.5):.0f} ms, p95 {pct(echoes, 0.95):.0f} ms, "
        f"max {max(echoes):.0f} ms (floor: p95 <= 100 ms)"
    )


if __name__ == "__main__":
    main()
