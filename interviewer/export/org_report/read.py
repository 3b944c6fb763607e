"""Reading an organisation's sessions, one at a time: each is analysed (from its cache when it
has a valid one, else replayed) and only its analysis is kept. A damaged session is left out
with the reason and the others are still read; an error of our own code is not damage and is
raised."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from interviewer.bounded_json import JSONBoundsError
from interviewer.export.anonymise import People, anonymiser_of
from interviewer.export.org_report.analysis import analyse
from interviewer.export.org_report.cache import AnalysisCache
from interviewer.export.org_report.model import OrgSession
from interviewer.export.report_data import ReportData, gather
from interviewer.records import SessionMeta
from interviewer.script import ScriptError, load_script
from interviewer.script.loader import MAX_BYTES
from interviewer.script.model import Script
from interviewer.store import SessionStore, StoreError
from interviewer.store.safe_io import read_regular
from interviewer.textsafe import one_line

# what a damaged session raises while it is read and replayed: the store's errors (a file that
# is missing, not JSON, of the wrong shape, a link), a pinned script that does not load, a file
# that cannot be read at all, a JSON document the reader refused
DAMAGED = (StoreError, ScriptError, OSError, json.JSONDecodeError, JSONBoundsError)


def org_sessions(store: SessionStore, org: str) -> tuple[list[OrgSession], list[str]]:
    """The organisation's sessions, oldest first, and the sessions left out with the reason
    (every unreadable session of the folder: whose it is cannot be told). StoreError when none
    can be read."""
    wanted = org.lower()
    ids = store.session_ids()
    found: list[tuple[float, str, SessionMeta]] = []
    left_out: dict[str, str] = {}
    for sid in ids:
        try:
            meta = store.meta(sid)
        except DAMAGED as exc:  # whose session it is cannot be told: say so in every report
            left_out[sid] = _reason(exc)
            continue
        if meta.org.lower() == wanted:
            found.append((float(meta.started), sid, meta))
    cache = AnalysisCache.here()
    scripts = _Scripts()
    sessions: list[OrgSession] = []
    found.sort(key=lambda f: f[:2])
    for _, sid, meta in found:  # read oldest first, held one analysis each
        try:
            sessions.append(_session(store, sid, meta, scripts, cache))
        except DAMAGED as exc:
            left_out[sid] = _reason(exc)
    skipped = [f"{sid}: {left_out[sid]}" for sid in ids if sid in left_out]
    if not sessions:
        why = f"; left out: {'; '.join(skipped)}" if skipped else ""
        raise StoreError(f"no readable sessions for organisation {org!r} in {store.root}{why}")
    return sessions, skipped


class _Scripts:
    """The sessions' scripts by their files' bytes: a thousand copies of one script are each
    read and compared (not hashed), and decoded, hashed and looked up in the script cache
    once."""

    def __init__(self) -> None:
        self._known: dict[int, list[tuple[bytes, Script]]] = {}  # by the file's length

    def load(self, path: Path) -> Script:
        """ScriptError, OSError or JSONBoundsError (too large) if it cannot be loaded."""
        data = read_regular(str(path), MAX_BYTES + 1)
        same = self._known.setdefault(len(data), [])
        for known, script in same:
            if known == data:
                return script
        script = load_script(path)
        if read_regular(str(path), MAX_BYTES + 1) == data:  # the file loaded is the one read
            same.append((data, script))
        return script


def _session(
    store: SessionStore, sid: str, meta: SessionMeta, scripts: _Scripts, cache: AnalysisCache
) -> OrgSession:
    """The session with its analysis: the cached one if it was made from these very files,
    else a replay's, cached for next time when the session is completed."""
    ref = store.ref(sid)
    try:
        script = scripts.load(store.script_copy(sid))
        key = cache.key(ref, meta, script)
    except (ScriptError, OSError, JSONBoundsError):  # read the long way: it says what is wrong
        key = None
    if key is not None:
        analysis = cache.read(ref, key)
        if analysis is not None:
            return OrgSession(sid, meta, script, script.tracks[meta.track], analysis)
    session = org_session(gather(store, sid))
    # written only if nothing changed while it was replayed: the key is the files' as read
    completed = session.analysis.status == "completed"
    if key is not None and completed and cache.key(ref, session.meta, session.script) == key:
        cache.write(ref, key, session.analysis)
    return session


def org_session(data: ReportData) -> OrgSession:
    return OrgSession(data.session_id, data.meta, data.script, data.interview.track, analyse(data))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (StoreError, ScriptError)):
        return one_line(str(exc))
    if isinstance(exc, OSError):
        return one_line(f"{exc.strerror or exc} ({exc.filename})" if exc.filename else str(exc))
    return one_line(f"its files cannot be read ({type(exc).__name__}: {exc})")


def anonymised(
    store: SessionStore,
    org: str,
    sessions: list[OrgSession],
    skipped: list[str],
    redact: Sequence[str],
) -> tuple[list[OrgSession], list[str]]:
    """Every session rewritten by one anonymiser (Participant A is the first session's), and
    the sessions left out named by placeholder, with no path. Each session is replayed again,
    one at a time, and its rewritten data analysed: what the anonymiser replaces is what was
    said, before any of it is summed up."""
    left_out = [s.split(": ", 1) for s in skipped]
    people = [People(s.session_id, s.meta, s.script, s.analysis.asked_by) for s in sessions]
    anon = anonymiser_of(store, people, redact, orgs=[org], more_ids=[p[0] for p in left_out])
    root = str(store.root)
    reasons = [
        f"{anon.session_id(parts[0])}: "
        + anon.text((parts[1] if len(parts) > 1 else "").replace(root, "sessions"))
        for parts in left_out
    ]
    out = []
    for s in sessions:
        try:
            data = gather(store, s.session_id)
        except DAMAGED as exc:  # damaged since it was read a moment ago
            reasons.append(f"{anon.session_id(s.session_id)}: {anon.text(_reason(exc))}")
            continue
        out.append(org_session(anon.report(data)))
    return out, reasons
