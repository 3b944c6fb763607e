"""Benchmarks for reports: the analysis (scores, findings, ranked actions) of a whole `full`
interview; Markdown export of a 1,000-turn session; the organisation report over 200 sessions.
Run: python benchmarks/bench_export.py"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_core import synthetic_script  # noqa: E402
from conftest import Policy, ask_of, persona  # noqa: E402

from interviewer.export.markdown import render_markdown  # noqa: E402
from interviewer.export.org_report import build, render_org_markdown  # noqa: E402
from interviewer.export.report_data import gather  # noqa: E402
from interviewer.scoring.findings import findings  # noqa: E402
from interviewer.script import clear_cache  # noqa: E402
from interviewer.session.runner import SessionRunner  # noqa: E402
from interviewer.store import SessionStore  # noqa: E402


def fill(runner: SessionRunner, answer: Policy, limit: int) -> None:
    iv = runner.interview
    while iv.asking is not None and iv.turn < limit:
        outs = runner.handle(answer(ask_of(iv)))
        if any(o.kind == "invalid" for o in outs):
            runner.handle("1")


def analysis_full(tmp: Path) -> tuple[float, int]:
    """Scorecard + findings + ranked actions of a finished `full` interview (the analysis a
    report, the summary screen and the facilitator's panel run), on a mixed-maturity profile
    that confirms pain and fires contradiction checks."""
    store = SessionStore(tmp / "a")
    runner = SessionRunner.start(store, "full", "Acme", "Bench", None)
    runner.opening()

    def answer(ask):
        step = ask.step
        if step.kind == "indicator" and step.indicator is not None:
            return {2: "partly", 3: "partly"}.get(step.indicator.level, "no")
        if step.purpose == "target":
            return "4"
        text = "It mostly lives in personal notebooks"
        return persona("mostly", 2, text=text, pains="1,2,3")(ask)

    fill(runner, answer, 400)
    runner.close()
    iv = runner.interview
    samples = []
    for _ in range(15):
        t0 = time.perf_counter()
        card = iv.scorecard()
        findings(iv.script, iv.track, card, iv.answers, iv.transcript, trimmed=iv.trimmed)
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), len(iv.transcript)


def markdown_1000(tmp: Path) -> float:
    script = tmp / "long.yaml"
    script.write_text(synthetic_script(1100))
    store = SessionStore(tmp / "s")
    runner = SessionRunner.start(store, "long", "Acme", "Bench", str(script))
    runner.opening()
    fill(runner, persona("partly", 3), 1000)
    runner.close()
    samples = []
    for _ in range(7):
        clear_cache()
        t0 = time.perf_counter()
        render_markdown(gather(store, runner.session_id))
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def org_200(tmp: Path) -> float:
    store = SessionStore(tmp / "org")
    seeds = []
    for i, (track, policy) in enumerate(
        (
            ("executive", persona("yes", 4)),
            ("ml-engineering", persona("no", 1)),
            ("data-science", persona("partly", 3)),
            ("platform", persona("no", 2)),
        )
    ):
        runner = SessionRunner.start(store, track, "Acme", f"p{i}", None)
        runner.opening()
        fill(runner, policy, 400)
        runner.close()
        seeds.append(runner.session_id)
    for n in range(196):  # copies of the four seed sessions, as 200 folders
        src = store.root / seeds[n % 4]
        shutil.copytree(src, store.root / f"copy-{n:03d}")
    samples = []
    for _ in range(3):
        clear_cache()
        t0 = time.perf_counter()
        report = build(store, "acme")
        render_org_markdown(report)
        samples.append((time.perf_counter() - t0) * 1000)
    assert len(report.sessions) == 200
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ms, turns = analysis_full(Path(tmp))
        print(f"analysis of a {turns}-turn full interview      {ms:8.1f} ms   (floor 20 ms)")
        ms = markdown_1000(Path(tmp))
        print(f"Markdown export of a 1,000-turn session     {ms:8.1f} ms   (floor 150 ms)")
        ms = org_200(Path(tmp))
        print(f"organisation report over 200 sessions        {ms:8.1f} ms   (floor 2,000 ms)")


if __name__ == "__main__":
    main()
