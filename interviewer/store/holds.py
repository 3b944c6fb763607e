"""Holds: a session kept past its retention on purpose (`interviewer hold ID --until DATE
--reason TEXT`), for an engagement that runs longer than the notice's period.

sessions/ID/hold.json   the hold in force: until (a date, kept through its end), reason, by
sessions/holds.jsonl    every hold set or lifted: date, session, organisation, until, by,
                        reason; appended and fsynced, kept after the session is deleted

A hold file that cannot be read keeps the session: when in doubt nothing is deleted, and the
reason says which file to look at. Headless.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from datetime import date, datetime
from typing import NamedTuple

from interviewer.bounded_json import loads
from interviewer.store.atomic_storage import replace_atomically
from interviewer.store.safe_io import append_line, read_regular
from interviewer.store.session_file import SessionRef, SessionStore, StoreError, read_meta
from interviewer.textsafe import one_line

HOLD = "hold.json"
HOLD_LOG = "holds.jsonl"
MAX_REASON = 200


class Hold(NamedTuple):
    """A session kept until the end of `until` (YYYY-MM-DD), and why."""

    until: str
    reason: str
    by: str

    def in_force(self, now: float) -> bool:
        return end_of(self.until) > now

    def sentence(self) -> str:
        return f"held until {self.until} by {self.by} ({self.reason})"


def end_of(day: str) -> float:
    """The first moment after `day` (local time); a day that is not one has no end."""
    try:
        start = datetime.combine(date.fromisoformat(day), datetime.min.time())
    except ValueError:
        return float("inf")
    return start.timestamp() + 86400.0


def read_hold(ref: SessionRef) -> Hold | None:
    """The session's hold, None if it has none; a damaged hold file is a hold for ever."""
    path = ref.folder / HOLD
    try:
        doc = loads(read_regular(str(path), limit=64 * 1024))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        reason = f"{path} cannot be read ({' '.join(str(exc).split())[:80]}); it was left as is"
        return Hold("9999-12-31", reason, "?")
    fields = [doc.get(k) for k in Hold._fields] if isinstance(doc, dict) else []
    if len(fields) != 3 or not all(isinstance(v, str) for v in fields):
        return Hold("9999-12-31", f"{path} is not a hold; it was left as is", "?")
    return Hold(*(str(v) for v in fields))


def _check(until: date, reason: str, now: float) -> str:
    text = one_line(reason).strip()
    if not text:
        raise StoreError("a hold needs a reason, like --reason 'engagement extended to June'")
    if len(text) > MAX_REASON:
        raise StoreError(f"the reason is {len(text)} characters; keep it to {MAX_REASON}")
    if end_of(until.isoformat()) <= now:
        raise StoreError(f"{until.isoformat()} has passed; a hold runs until a date to come")
    return text


def _log(
    store: SessionStore, ref: SessionRef, until: str, by: str, reason: str, now: float
) -> None:
    try:
        org = read_meta(ref).org
    except StoreError:
        org = "?"
    entry = {
        "date": time.strftime("%Y-%m-%d", time.localtime(now)),
        "session": ref.id,
        "org": org,
        "until": until,
        "by": by,
        "reason": reason,
    }
    try:
        append_line(str(store.root / HOLD_LOG), entry)
    except OSError as exc:
        raise StoreError(
            f"the hold log {store.root / HOLD_LOG} could not be written: {exc}"
        ) from None


def set_hold(
    store: SessionStore, session_id: str, until: date, reason: str, by: str, now: float
) -> Hold:
    """Keep a session until the end of `until`, logged; replaces an earlier hold."""
    ref = store.ref(session_id)
    read_meta(ref)  # SessionNotFoundError / SessionCorruptError before anything is written
    hold = Hold(until.isoformat(), _check(until, reason, now), by)
    _log(store, ref, hold.until, by, hold.reason, now)
    data = {"until": hold.until, "reason": hold.reason, "by": hold.by}
    replace_atomically(str(ref.folder / HOLD), json.dumps(data).encode("utf-8"))
    return hold


def release_hold(store: SessionStore, session_id: str, by: str, now: float) -> Hold | None:
    """Lift a session's hold (logged); the hold lifted, None if there was none."""
    ref = store.ref(session_id)
    read_meta(ref)
    hold = read_hold(ref)
    if hold is None:
        return None
    _log(store, ref, "lifted", by, f"lifted the hold until {hold.until}", now)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(ref.folder / HOLD)
    return hold
