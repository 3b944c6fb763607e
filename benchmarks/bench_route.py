"""The route through the indicators: questions asked per track by an ordinary interviewee at
maturity 1, 3 and 5 (and by the personas of tests/maturity_personas.py and the public models'
top levels), the agreement of the route's levels with asking every indicator, and what a turn
costs on the full track.

Run: python benchmarks/bench_route.py [--repeat N]
The counts are deterministic, so one run is the figure; the times are medians of N runs.
The interviewer package is taken from PYTHONPATH when set (to measure another checkout with the
same tests), else from this checkout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from maturity_levels import TARGETS, interviewee, walk  # noqa: E402
from maturity_personas import PERSONAS, answers_as  # noqa: E402

from interviewer.engine.interview import Interview  # noqa: E402
from interviewer.script import load_script  # noqa: E402


def lengths() -> None:
    script = load_script()
    head = ("track", "level", "asked", "indicators", "advanced", "target")
    print("{:<16} {:>5} {:>6} {:>11} {:>9} {:>7}".format(*head))
    for track, target in TARGETS.items():
        for level in (1, 3, 4, 5):
            asked = walk(script, track, interviewee(level))
            indicators = sum(a.step.kind == "indicator" for a in asked)
            advanced = sum(a.step.purpose == "advanced" for a in asked)
            row = (track, level, len(asked), indicators, advanced, target)
            print("{:<16} {:>5} {:>6} {:>11} {:>9} {:>7}".format(*row))
    for p in PERSONAS:
        for track in ("executive", "full"):
            print(f"persona {p.name:<8} {track:<10} {len(walk(script, track, answers_as(p))):>4}")
    from test_calibration_models import policy

    for name in ("MS4", "G2"):
        asked = walk(script, "full", policy(script, name))
        print(f"model persona {name:<4} full       {len(asked):>4}")


def agreement() -> None:
    try:
        from route_agreement import agreement as share
        from route_agreement import generated_cases
    except ImportError:  # a checkout without the adaptive route
        return
    cases = list(generated_cases(load_script()))
    asked = sum(c.asked for c in cases) / sum(c.total for c in cases)
    apart = max(abs(c.routed - c.everything) for c in cases)
    print(f"\nagreement with asking everything: {share(cases):.4f} of {len(cases)} dimension")
    print(f"levels, at most {apart} apart, {asked:.1%} of the statements asked")
    for level in range(1, 6):
        at = [c for c in cases if c.name.startswith(f"level {level} ")]
        print(f"  level {level}: {share(at):.4f}, {sum(c.asked for c in at) / len(at):.1f} asked")


def turns(repeat: int) -> None:
    """Each answer of a level-4 team on the full track (interpret, apply, next ask), and a
    revision of the first open answer once it is over (the whole route walked again)."""
    script = load_script()
    policy = interviewee(4)
    p50s, p95s, rewalks = [], [], []
    for _ in range(repeat):
        iv = Interview(script, "full")
        iv.prepare()
        samples = []
        now = 1000.0
        while (ask := iv.ask()) is not None:
            now += 20
            t0 = time.perf_counter()
            for event in iv.interpret(policy(ask), now).events:
                iv.apply(event)
            while (found := iv.settlement(now)) is not None:
                iv.apply(found[0])
            iv.ask()
            samples.append((time.perf_counter() - t0) * 1000)
        samples.sort()
        p50s.append(samples[len(samples) // 2])
        p95s.append(samples[int(0.95 * (len(samples) - 1))])
        first = next(s for s in iv.path if ".open." in s)
        t0 = time.perf_counter()
        for event in iv.interpret("Another answer, said differently.", now + 1, first).events:
            iv.apply(event)
        assert iv.asking is None, "the revision should keep the whole route"
        rewalks.append((time.perf_counter() - t0) * 1000)
    print(f"\nfull track, level-4 team, {len(samples)} answers: a turn p50 ", end="")
    print(f"{statistics.median(p50s):.2f} ms, p95 {statistics.median(p95s):.2f} ms; ", end="")
    print(f"revising the first open answer {statistics.median(rewalks):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    lengths()
    agreement()
    turns(args.repeat)


if __name__ == "__main__":
    main()
