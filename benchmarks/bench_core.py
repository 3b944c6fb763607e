"""Benchmarks for the headless core (issue: engine, script, store, JSON-lines).

Run: python benchmarks/bench_core.py [--repeat N]
Prints one line per measurement with the floor from DESIGN.md / the issue and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from interviewer.engine.interview import Interview  # noqa: E402
from interviewer.records import Answer, SessionMeta  # noqa: E402
from interviewer.script import builtin_script_path, load_script  # noqa: E402
from interviewer.script.cache import ScriptCache  # noqa: E402
from interviewer.script.loader import parse_script  # noqa: E402
from interviewer.store import SessionStore  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def report(name: str, value_ms: float, floor_ms: float) -> None:
    ratio = value_ms / floor_ms
    print(f"{name:<52} {value_ms:9.3f} ms   floor {floor_ms:7.2f} ms   ratio {ratio:5.2f}")


def bench_load(repeat: int) -> None:
    from interviewer.script import clear_cache

    path = builtin_script_path()
    text = path.read_text()
    load_script(path)  # the parsed-script cache is written by the first load ever
    Interview(load_script(path), "full").prepare()
    warm, first, everything = [], [], []
    for _ in range(repeat):
        clear_cache()
        t0 = time.perf_counter()
        Interview(load_script(path), "full").prepare()  # what start and resume do, machine too
        warm.append((time.perf_counter() - t0) * 1000)
        with tempfile.TemporaryDirectory() as empty:  # a script never seen: nothing cached
            t0 = time.perf_counter()
            script = load_script(path, cache=ScriptCache(empty))  # YAML, every track linted
            Interview(script, "full").prepare()
            first.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        parsed, problems = parse_script(text, build_all=True)
        assert parsed is not None and not problems
        script = parsed
        everything.append((time.perf_counter() - t0) * 1000)
    report("script load + checks + machine build (full track)", statistics.median(warm), 50)
    report("  same, first load of a script (YAML, all tracks linted)", statistics.median(first), 50)
    print(
        f"{'  validate: all six tracks built and checked':<52} "
        f"{statistics.median(everything):9.3f} ms"
    )


def synthetic_script(steps: int) -> str:
    """The built-in script plus a long track of plain steps, to reach turn 500 and beyond."""
    base = builtin_script_path().read_text()
    lines = [
        "  long:",
        "    title: Long synthetic track",
        "    minutes: 600",
        "    segments:",
        "      - id: all",
        "        title: All",
        "        minutes: 600",
        "        steps:",
        "          - dimension: deployment_serving",
        # the actions' preconditions read it, so every track that recommends asks it
        "          - id: models-in-production\n            kind: number\n"
        "            purpose: context\n            priority: core\n            min: 0\n"
        "            text: How many models are in production?",
    ]
    for i in range(steps):
        when = f"\n            when: \"answered('q{i - 1}') or not answered('q0')\"" if i else ""
        lines.append(
            f"          - id: q{i}\n            kind: text\n            purpose: context\n"
            f"            priority: core\n            text: Question {i}?{when}"
        )
    return base.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


def bench_engine(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.yaml"
        path.write_text(synthetic_script(1200))
        script = load_script(path)
    for turn in (10, 500):
        samples = []
        for _ in range(repeat):
            iv = Interview(script, "long")
            now = 0.0
            while iv.turn < turn - 1:
                now += 1
                ask = iv.ask()
                assert ask is not None
                text = "yes" if ask.step.kind == "indicator" else "3"
                if ask.step.kind == "text":
                    text = "A detailed answer about how the team works today."
                if ask.step.kind in ("multi", "choice"):
                    text = "1"
                for event in iv.interpret(text, now).events:
                    iv.apply(event)
            t0 = time.perf_counter()
            for event in iv.interpret("A detailed answer about the team.", now + 1).events:
                iv.apply(event)
            iv.ask()
            samples.append((time.perf_counter() - t0) * 1000)
        report(
            f"engine step at turn {turn} (interpret + apply + next ask)",
            statistics.median(samples),
            1,
        )
    # a revision re-walks the route: the worst case for a step
    iv = Interview(script, "long")
    now = 0.0
    while iv.turn < 499:
        now += 1
        ask = iv.ask()
        assert ask is not None
        said = {"indicator": "yes", "text": "A detailed answer.", "multi": "1", "choice": "1"}
        for event in iv.interpret(said.get(ask.step.kind, "3"), now).events:
            iv.apply(event)
    samples = []
    for i in range(repeat):
        t0 = time.perf_counter()
        text = f"A different, detailed answer number {i} about the team."
        for event in iv.interpret(text, now + i, step_id=iv.path[1]).events:
            iv.apply(event)
        samples.append((time.perf_counter() - t0) * 1000)
    assert len(iv.path) >= 499, "the revision should keep the whole route"
    report("revising turn 2 at turn 500 (full re-walk)", statistics.median(samples), 16)


def bench_append(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SessionStore(tmp)
        for at in (10, 1000):
            p50s, p95s = [], []
            for _ in range(max(3, repeat // 3)):
                ref = store.create(SessionMeta("full"), "", time.time())
                with store.open_writer(ref.id) as w:
                    for i in range(at - 1):
                        w.append([Answer(f"s{i}", "x" * 80, "x" * 80, float(i))])
                    samples = []
                    for i in range(50):
                        t0 = time.perf_counter()
                        w.append([Answer(f"t{i}", "y" * 80, "y" * 80, float(i))])
                        samples.append((time.perf_counter() - t0) * 1000)
                p50s.append(pct(samples, 0.5))
                p95s.append(pct(samples, 0.95))
            report(f"durable append p50 at event {at}", statistics.median(p50s), 3)
            report(f"durable append p95 at event {at}", statistics.median(p95s), 3)


def bench_jsonl(repeat: int) -> None:
    from jsonl_driver import JsonlProcess, answer_for

    p95s, p50s, turns = [], [], 0
    for _ in range(max(1, repeat // 5)):
        with tempfile.TemporaryDirectory() as tmp:
            proc = JsonlProcess(["start", "--role", "full"], Path(tmp))
            proc.read()
            ask = proc.read_until("ask")
            samples = []
            while True:
                t0 = time.perf_counter()
                proc.send(answer_for(ask))
                msg = proc.read_until("ask", "summary")
                samples.append((time.perf_counter() - t0) * 1000)
                if msg["type"] == "summary":
                    break
                ask = msg
            proc.close_input()
            turns = len(samples)
            p95s.append(pct(samples, 0.95))
            p50s.append(pct(samples, 0.5))
    report(f"--jsonl full track ({turns} turns), answer->next ask p50", statistics.median(p50s), 20)
    report(f"--jsonl full track ({turns} turns), answer->next ask p95", statistics.median(p95s), 20)


# the answers a tester found quadratic (issue 18), each cut to the answer limit
PATHOLOGICAL = {
    '"12 models" repeated': "12 models ",
    '"1," repeated': "1,",
    '"1 " repeated': "1 ",
    "a digit, spaces, a letter": None,
    "digits, then a letter": None,
}


def pathological(name: str, length: int) -> str:
    unit = PATHOLOGICAL[name]
    if unit is not None:
        return (unit * (length // len(unit) + 1))[:length]
    if name.startswith("a digit"):
        return "1" + " " * (length - 2) + "x"
    return "1" * (length - 1) + "x"


def bench_answers(repeat: int) -> None:
    """A 1 MB answer refused at the engine's entry point and end to end, and the worst parse
    of an answer at the limit."""
    from interviewer.engine.answers import parse_answer

    script = load_script(builtin_script_path())
    track = script.tracks["executive"]
    megabyte = "x" * 1_048_576
    for step_id in ("role", "models-in-production"):
        iv = Interview(script, "executive")
        while iv.asking != step_id:
            for event in iv.interpret(
                "A detailed answer." if iv.asking == "role" else "3", 1.0
            ).events:
                iv.apply(event)
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            reply = iv.interpret(megabyte, 2.0)
            samples.append((time.perf_counter() - t0) * 1000)
            assert reply.invalid is not None and not reply.events
        kind = track.index[step_id].kind
        report(f"1 MB answer refused by the engine ({kind})", statistics.median(samples), 1)
    limit = 10_000
    steps = [track.index[s] for s in ("models-in-production", "investment", "discount-rate")]
    worst = 0.0
    for name in PATHOLOGICAL:
        text = pathological(name, limit)
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            for step in steps:
                parse_answer(step, text)
            samples.append((time.perf_counter() - t0) * 1000 / len(steps))
        median = statistics.median(samples)
        print(f"{'  parse at the limit: ' + name:<52} {median:9.3f} ms")
        worst = max(worst, median)
    report("worst parse of a 10,000-character answer", worst, 20)
    bench_settled_reading(repeat, limit)


def bench_settled_reading(repeat: int, limit: int) -> None:
    """A free-text answer at the limit read for every later question it settles (`settled_by`):
    the worst of the pathological answers, a run of empty sentences and a repeated sentence."""
    from interviewer.engine.settle import read_settled

    track = load_script(builtin_script_path()).tracks["full"]
    pairs = [(s, track.index[s.settled_by[0]]) for s in track.index.values() if s.settled_by]
    texts = {name: pathological(name, limit) for name in PATHOLOGICAL}
    texts['". " repeated'] = (". " * limit)[:limit]
    texts['"We deploy weekly. " repeated'] = ("We deploy weekly. " * limit)[:limit]
    worst = 0.0
    for name, text in texts.items():
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            for step, source in pairs:
                read_settled(step, source, text)
            samples.append((time.perf_counter() - t0) * 1000 / len(pairs))
        median = statistics.median(samples)
        print(f"{'  settled reading at the limit: ' + name:<52} {median:9.3f} ms")
        worst = max(worst, median)
    report("worst settled reading of a 10,000-character answer", worst, 20)


def bench_jsonl_megabyte(repeat: int) -> None:
    from jsonl_driver import JsonlProcess

    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        proc = JsonlProcess(["start", "--role", "executive"], Path(tmp))
        proc.read_until("ask")
        proc.send("yes")
        proc.read_until("ask")
        line = "x" * 1_048_576
        for _ in range(repeat):
            t0 = time.perf_counter()
            proc.send(line)
            refused = proc.read_until("invalid")
            proc.read_until("ask")
            samples.append((time.perf_counter() - t0) * 1000)
            assert "1,048,576 characters" in refused["message"]
        proc.close_input()
    report("--jsonl 1 MB line -> invalid + ask again", statistics.median(samples), 20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--answers", action="store_true", help="only the answer-size benchmarks")
    args = parser.parse_args()
    if args.answers:
        bench_answers(args.repeat)
        bench_jsonl_megabyte(args.repeat)
        return
    bench_load(args.repeat)
    bench_engine(args.repeat)
    bench_append(args.repeat)
    bench_jsonl(args.repeat)
    bench_answers(args.repeat)
    bench_jsonl_megabyte(args.repeat)


if __name__ == "__main__":
    main()
