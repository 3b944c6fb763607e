"""Benchmarks for reading the sessions folder: an invitation link's look-up among 10,000
invitations, and reading a 1,000-event transcript (every line through the bounded JSON reader).

Run: python benchmarks/bench_store.py [--repeat N]
Prints one line per measurement: the median over N runs, each in a fresh process state (a new
InvitationStore, a new read of the file), the file in the page cache.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewer.records import SessionMeta  # noqa: E402
from interviewer.store import SessionStore  # noqa: E402
from interviewer.store.invitations import FILE, Invitation, InvitationStore, token_hash  # noqa: E402

INVITATIONS = 10_000
EVENTS = 1_000


def report(name: str, samples: list[float]) -> None:
    print(f"{name:<60} {statistics.median(samples):9.3f} ms  (min {min(samples):.3f})")


def invitations_file(root: Path, count: int) -> list[str]:
    """`count` invitations as `interviewer invite` writes them, a third of them bound to a
    session; returns their tokens."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    tokens, lines = [], []
    for i in range(count):
        token = secrets.token_urlsafe(32)
        tokens.append(token)
        inv = Invitation(
            id=token[:8],
            token_hash=token_hash(token),
            kind="interviewee",
            track="executive",
            org=f"Org {i % 40}",
            participant=f"Participant {i}",
            session_id=f"20261201-0900-{i:06x}" if i % 3 == 0 else None,
            who="",
            created=1_764_000_000.0 + i,
            expires=None,
            revoked=False,
        )
        lines.append(json.dumps(inv.to_json(), ensure_ascii=False, separators=(",", ":")))
    (root / FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tokens


def bench_lookup(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sessions"
        tokens = invitations_file(root, INVITATIONS)
        cases = {
            "first invitation": tokens[0],
            "last invitation": tokens[-1],
            "unknown token": secrets.token_urlsafe(32),
        }
        for name, token in cases.items():
            samples = []
            for _ in range(repeat):
                store = InvitationStore(root)
                t0 = time.perf_counter()
                found = store.lookup(token)
                samples.append((time.perf_counter() - t0) * 1000)
                assert (found is None) == (name == "unknown token")
            report(f"link look-up, {INVITATIONS:,} invitations, {name}", samples)
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            assert len(InvitationStore(root).list()) == INVITATIONS
            samples.append((time.perf_counter() - t0) * 1000)
        report(f"invite --list's read of {INVITATIONS:,} invitations", samples)


def bench_transcript(repeat: int) -> None:
    from interviewer.records import Answer, Event, Started

    with tempfile.TemporaryDirectory() as tmp:
        store = SessionStore(Path(tmp) / "sessions")
        ref = store.create(SessionMeta("full"), "id: x\n", 1000.0)
        events: list[Event] = [Started(1000.0, "full", 3)]
        said = "We deploy by hand every Friday night, and Dana checks the logs after. " * 4
        events += [
            Answer(f"step{i}", said, said, 1000.0 + i, question="How do you deploy?")
            for i in range(EVENTS - 1)
        ]
        with store.open_writer(ref.id) as writer:
            writer.append(events)
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            assert len(store.events(ref.id)) == EVENTS
            samples.append((time.perf_counter() - t0) * 1000)
        report(f"read a {EVENTS:,}-event transcript (checked, typed)", samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    bench_lookup(args.repeat)
    bench_transcript(args.repeat)


if __name__ == "__main__":
    main()
