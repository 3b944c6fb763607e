"""Benchmark for `interviewer report --org ORG` over 200 and 1,000 completed sessions of one
organisation: cold (no session has its analysis cached: every one is replayed, and cached) and
warm (every analysis cached), each the whole command in a fresh process as a user runs it.

Run: python benchmarks/bench_org_report.py [--repeat N] [--sizes 200,1000]
Prints per size and state the median wall time over N runs (cold: fewer, it is slow), the
largest resident set (ru_maxrss) of those processes, and the peak of Python's own allocations
(tracemalloc) while the report is built and rendered in one more process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import persona  # noqa: E402

from interviewer.frontends.session_runner import SessionRunner  # noqa: E402
from interviewer.store import SessionStore  # noqa: E402
from interviewer.store.analysis_cache import ANALYSIS_CACHE  # noqa: E402

ORG = "Acme"
SEEDS = (
    ("executive", persona("yes", 4)),
    ("ml-engineering", persona("no", 1)),
    ("data-science", persona("partly", 3)),
    ("platform", persona("no", 2)),
)
# the report built and rendered under tracemalloc: Python's own peak, without the interpreter
TRACED = """
import sys, tracemalloc
from interviewer.export.org_report import build, render_org_markdown
from interviewer.store import SessionStore
tracemalloc.start()
render_org_markdown(build(SessionStore(sys.argv[1]), sys.argv[2]))
print(tracemalloc.get_traced_memory()[1])
"""


def seeds(store: SessionStore) -> list[str]:
    """Four completed sessions of the organisation, one per role, as `interviewer start` makes
    them."""
    ids = []
    for n, (track, policy) in enumerate(SEEDS):
        runner = SessionRunner.start(store, track, ORG, f"p{n}", None)
        runner.opening()
        iv = runner.interview
        while iv.asking is not None and iv.turn < 400:
            outs = runner.handle(policy(iv.ask()))
            if any(o.kind == "invalid" for o in outs):
                runner.handle("1")
        runner.close()
        assert iv.asking is None, f"the {track} seed session did not finish"
        ids.append(runner.session_id)
    return ids


def organisation(root: Path, seed_root: Path, ids: list[str], size: int) -> None:
    """`size` session folders: copies of the seeds, no cache in any."""
    for n in range(size):
        src = seed_root / ids[n % len(ids)]
        shutil.copytree(src, root / f"copy-{n:04d}", ignore=shutil.ignore_patterns(ANALYSIS_CACHE))


def drop_caches(root: Path) -> None:
    for folder in root.iterdir():
        (folder / ANALYSIS_CACHE).unlink(missing_ok=True)


def run_report(root: Path, out: Path) -> tuple[float, int]:
    """(seconds, largest resident set in KiB) of one `interviewer report --org` process."""
    args = [sys.executable, "-m", "interviewer", "report", "--org", ORG, "-o", str(out)]
    args += ["--sessions-dir", str(root)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    errors = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.returncode == 0, errors
    return elapsed, usage.ru_maxrss


def traced_peak(root: Path) -> int:
    """Bytes: the peak of Python's allocations while the report is built and rendered."""
    done = subprocess.run(
        [sys.executable, "-c", TRACED, str(root), ORG],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def measure(root: Path, out: Path, warm: bool, repeat: int) -> tuple[float, int, int]:
    """(median seconds, largest maxrss KiB, tracemalloc peak bytes)."""
    times, rss = [], []
    for _ in range(repeat):
        if not warm:
            drop_caches(root)
        elapsed, maxrss = run_report(root, out)
        times.append(elapsed)
        rss.append(maxrss)
    if not warm:
        drop_caches(root)
    peak = traced_peak(root)
    return statistics.median(times), max(rss), peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="200,1000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seed_store = SessionStore(Path(tmp) / "seeds")
        ids = seeds(seed_store)
        for size in (int(s) for s in args.sizes.split(",")):
            root = Path(tmp) / f"org-{size}"
            root.mkdir(mode=0o700)
            organisation(root, seed_store.root, ids, size)
            out = Path(tmp) / f"report-{size}.md"
            for warm in (False, True):
                repeat = args.repeat if warm else max(1, args.repeat // 2)
                seconds, maxrss, peak = measure(root, out, warm, repeat)
                cached = sum((f / ANALYSIS_CACHE).exists() for f in root.iterdir())
                state = "warm" if warm else "cold"
                print(
                    f"report --org, {size:>5,} sessions, {state}: {seconds:6.2f} s median of "
                    f"{repeat}   maxrss {maxrss / 1024:6.1f} MiB   "
                    f"tracemalloc peak {peak / 2**20:6.1f} MiB   ({cached:,} cached after)"
                )


if __name__ == "__main__":
    main()
