"""Benchmark for `interviewer report --org ORG` over 200 and 1,000 completed sessions of one
organisation: cold (no session has its analysis cached: every one is replayed, and cached) and
warm (every analysis cached), each the whole command in a fresh process as a user runs it.

Run: python benchmarks/bench_org_report.py [--repeat N] [--sizes 200,1000]
Prints per size and state the median wall time over N runs (cold: fewer, it is slow) and the
median CPU time of those processes (the wall time on a busy machine is longer), their largest
resident set (ru_maxrss), and the peak of Python's own allocations (tracemalloc) while the
report is built and rendered in one more process. The processes run with their bytecode cached,
as an installed interviewer does, whatever PYTHONDONTWRITEBYTECODE says here.
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
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import persona  # noqa: E402

from interviewer.session.runner import SessionRunner  # noqa: E402
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
        while (ask := iv.ask()) is not None and iv.turn < 400:
            outs = runner.handle(policy(ask))
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


class Run(NamedTuple):
    seconds: float  # wall time
    cpu: float  # user and system time of the process
    maxrss: int  # KiB


def child_env(tmp: Path) -> dict[str, str]:
    """As an installed interviewer runs: its modules' bytecode cached (here under `tmp`), not
    compiled from source at every start."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def run_report(root: Path, out: Path, env: dict[str, str]) -> Run:
    """One `interviewer report --org` process."""
    args = [sys.executable, "-m", "interviewer", "report", "--org", ORG, "-o", str(out)]
    args += ["--sessions-dir", str(root)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    errors = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.returncode == 0, errors
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def traced_peak(root: Path, env: dict[str, str]) -> int:
    """Bytes: the peak of Python's allocations while the report is built and rendered."""
    done = subprocess.run(
        [sys.executable, "-c", TRACED, str(root), ORG],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def measure(root: Path, out: Path, warm: bool, repeat: int, env: dict[str, str]) -> list[Run]:
    runs = []
    for _ in range(repeat):
        if not warm:
            drop_caches(root)
        runs.append(run_report(root, out, env))
    if not warm:
        drop_caches(root)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="200,1000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = child_env(Path(tmp))
        seed_store = SessionStore(Path(tmp) / "seeds")
        ids = seeds(seed_store)
        for size in (int(s) for s in args.sizes.split(",")):
            root = Path(tmp) / f"org-{size}"
            root.mkdir(mode=0o700)
            organisation(root, seed_store.root, ids, size)
            out = Path(tmp) / f"report-{size}.md"
            for warm in (False, True):
                repeat = args.repeat if warm else max(1, args.repeat // 2)
                runs = measure(root, out, warm, repeat, env)
                peak = traced_peak(root, env)  # cold: it caches every session again
                cached = sum((f / ANALYSIS_CACHE).exists() for f in root.iterdir())
                state = "warm" if warm else "cold"
                print(
                    f"report --org, {size:>5,} sessions, {state}: "
                    f"{statistics.median(r.seconds for r in runs):6.2f} s median of {repeat} "
                    f"(cpu {statistics.median(r.cpu for r in runs):5.2f} s)   "
                    f"maxrss {max(r.maxrss for r in runs) / 1024:6.1f} MiB   "
                    f"tracemalloc peak {peak / 2**20:6.1f} MiB   ({cached:,} cached after)"
                )


if __name__ == "__main__":
    main()
