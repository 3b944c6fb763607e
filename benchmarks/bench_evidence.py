"""The evidence reader: precision and recall on the labelled sentence set, and its speed.

Run: python benchmarks/bench_evidence.py [--repeat N]
Prints the figures for the whole set, for the part tuned on and for the held-out part, per
polarity and per dimension; then the time to read one answer (three sentences) against its
floor, and the one-off cost of the first reading (the lemmatiser's data loading), in a fresh
process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewer.evidence.measure import Figures, load_records, measure  # noqa: E402
from interviewer.evidence.reader import lexicon, read  # noqa: E402
from interviewer.script import load_script  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "evidence_sentences.jsonl"
FLOOR_MS = 5.0  # one answer read between two questions: far below a keystroke's echo
FIRST = (
    "import time; t = time.perf_counter(); "
    "from interviewer.script import load_script; from interviewer.evidence.reader import "
    "lexicon, read; s = load_script(); t1 = time.perf_counter(); "
    "read('There is no list of use cases.', lexicon(s.dimensions['business_value'])); "
    "print((time.perf_counter() - t1) * 1000)"
)


def line(name: str, f: Figures) -> str:
    r = f.recall
    return (
        f"{name:<26} absent {r['absent']}  present {r['present']}  partly {r['partly']}  "
        f"false absences {f.false_absent}  false presences {f.false_present}  "
        f"absences right {f.absent_precision}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--misses", action="store_true", help="list what the reader got wrong")
    args = parser.parse_args()
    script = load_script()
    records = load_records(LABELLED)
    print(line("whole set", measure(script, records)))
    for part in ("tune", "held-out", "fresh"):
        print(line(part, measure(script, [r for r in records if r["split"] == part])))
    for dim in script.dimensions:
        print(line(dim, measure(script, [r for r in records if r["dimension"] == dim])))
    if args.misses:
        print("\n".join(measure(script, records).misses))

    answers = []  # answers of three sentences, as typed into an open question
    for i in range(0, len(records) - 2, 3):
        answers.append((records[i]["dimension"], " ".join(r["text"] for r in records[i : i + 3])))
    for dim, text in answers:  # warm: the lemmatiser loaded, the lexicons built
        read(text, lexicon(script.dimensions[dim]))
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for dim, text in answers:
            read(text, lexicon(script.dimensions[dim]))
        runs.append((time.perf_counter() - t0) * 1000 / len(answers))
    per = statistics.median(runs)
    print(
        f"{'read one answer (3 sentences)':<52} {per:9.3f} ms   floor {FLOOR_MS:7.2f} ms   "
        f"ratio {per / FLOOR_MS:5.2f}"
    )
    first = [
        float(
            subprocess.run(
                [sys.executable, "-c", FIRST], capture_output=True, text=True, cwd=ROOT, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    print(
        f"{'first reading in a process (lemmatiser loads)':<52} {statistics.median(first):9.1f} ms"
    )


if __name__ == "__main__":
    main()
