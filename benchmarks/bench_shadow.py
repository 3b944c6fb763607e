"""Benchmarks for shadowing (issue 4).

Run: python benchmarks/bench_shadow.py
- an answer appended by a real interviewee process shows in the facilitator's app: latency
  from the answer's own timestamp (taken just before it is written) to the frame that shows it;
- the facilitator's app on a 2,000-turn session: opening it, a new answer arriving, a key press.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_core import synthetic_script  # noqa: E402
from jsonl_driver import JsonlProcess, answer_for  # noqa: E402

from interviewer.records import Answer  # noqa: E402
from interviewer.session.runner import SessionRunner  # noqa: E402
from interviewer.store import SessionStore  # noqa: E402
from interviewer.tui.shadow.app import ShadowApp, ShadowScreen  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


async def live_latency(answers: int = 80) -> list[float]:
    latencies: list[float] = []
    original = ShadowScreen.tick

    def tick(self: ShadowScreen) -> None:
        before = len(self.follower.interview.events) if self.follower else 0
        original(self)
        if self.follower is None:
            return
        fresh = self.follower.interview.events[before:]
        stamps = [e.ts for e in fresh if isinstance(e, Answer)]
        if stamps:
            self.app.call_after_refresh(
                lambda: latencies.extend((time.time() - ts) * 1000 for ts in stamps)
            )

    ShadowScreen.tick = tick  # type: ignore[method-assign]  # timed in place of its own
    with tempfile.TemporaryDirectory() as tmp:
        proc = JsonlProcess(["start", "--role", "full"], Path(tmp))
        sid = proc.read()["id"]
        ask = proc.read_until("ask")

        def interviewee() -> None:
            nonlocal ask
            for _ in range(answers):
                time.sleep(0.1)
                proc.send(answer_for(ask))
                ask = proc.read_until("ask")

        app = ShadowApp(SessionStore(tmp), sid, "bench")
        async with app.run_test(size=(120, 40)) as pilot:
            thread = threading.Thread(target=interviewee)
            thread.start()
            while thread.is_alive():
                await pilot.pause(0.05)
            await pilot.pause(0.3)
        proc.close_input()
    ShadowScreen.tick = original  # type: ignore[method-assign]  # its own again
    return latencies


async def long_session(turns: int = 2000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "long.yaml"
        script.write_text(synthetic_script(turns + 100))
        store = SessionStore(Path(tmp) / "s")
        runner = SessionRunner.start(store, "long", "Acme", "Bench", str(script))
        runner.opening()
        if runner.consent_pending:  # the synthetic script has a notice: agree to it first
            runner.handle("y")
        iv = runner.interview
        while iv.turn < turns:
            assert iv.asking is not None  # the synthetic script is longer than the run
            step = iv.step(iv.asking)
            runner.handle(
                {"indicator": "yes", "multi": "1", "choice": "1", "scale": "3", "number": "3"}.get(
                    step.kind, "A detailed answer about the team."
                )
            )
        t0 = time.perf_counter()
        app = ShadowApp(store, runner.session_id, "bench")
        out: dict[str, float] = {}
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            done = asyncio.Event()
            app.call_after_refresh(done.set)
            await done.wait()
            out["open a 2,000-turn session (to painted)"] = (time.perf_counter() - t0) * 1000
            screen = app.screen
            assert isinstance(screen, ShadowScreen)
            samples = []
            for _ in range(15):
                runner.handle("Another detailed answer about the team.")
                t0 = time.perf_counter()
                screen.tick()
                done = asyncio.Event()
                app.call_after_refresh(done.set)
                await done.wait()
                samples.append((time.perf_counter() - t0) * 1000)
            out["new answer at turn 2,000: poll + paint"] = statistics.median(samples)
            samples = []
            for _ in range(15):
                t0 = time.perf_counter()
                screen.action_select(-1)  # what ctrl+up does
                done = asyncio.Event()
                app.call_after_refresh(done.set)
                await done.wait()
                samples.append((time.perf_counter() - t0) * 1000)
            out["select an earlier turn at turn 2,000 (to painted)"] = statistics.median(samples)
        runner.close()
    return out


def main() -> None:
    latencies = asyncio.run(live_latency())
    print(
        f"answer written by the interviewee process -> shown in the facilitator app "
        f"({len(latencies)} answers): p50 {pct(latencies, 0.5):.0f} ms, "
        f"p95 {pct(latencies, 0.95):.0f} ms (floor: p95 <= 150 ms)"
    )
    for name, value in asyncio.run(long_session()).items():
        print(f"{name:<52} {value:8.1f} ms")


if __name__ == "__main__":
    main()
