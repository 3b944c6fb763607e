"""Questions asked per track by an ordinary interviewee at maturity 1, 3 and 5, and by the
personas written from the public models' top levels (the route through the indicators).

Run: python benchmarks/bench_route.py
Prints one line per track: questions asked (consent not counted), indicators among them, and
the track's target; deterministic, so one run is the figure.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from maturity_levels import TARGETS, interviewee, walk  # noqa: E402
from maturity_personas import PERSONAS, answers_as  # noqa: E402
from test_calibration_models import policy  # noqa: E402

from interviewer.script import load_script  # noqa: E402


def main() -> None:
    script = load_script()
    print(
        f"{'track':<16} {'level':>5} {'asked':>6} {'indicators':>11} {'advanced':>9} {'target':>7}"
    )
    for track, target in TARGETS.items():
        for level in (1, 3, 5):
            asked = walk(script, track, interviewee(level))
            indicators = sum(a.step.kind == "indicator" for a in asked)
            advanced = sum(a.step.purpose == "advanced" for a in asked)
            print(
                f"{track:<16} {level:>5} {len(asked):>6} {indicators:>11} {advanced:>9} {target:>7}"
            )

    print()
    for p in PERSONAS:
        for track in ("executive", "full"):
            asked = walk(script, track, answers_as(p))
            print(f"persona {p.name:<8} {track:<10} {len(asked):>4} asked")
    for name in ("MS4", "G2"):
        asked = walk(script, "full", policy(script, name))
        print(f"model persona {name:<4} full       {len(asked):>4} asked")


if __name__ == "__main__":
    main()
