"""A session's own files checked before anything is replayed from them: its meta.json names a
track, its pinned script loads and has that track. A damaged session is a SessionCorruptError
whose one-line message says which file and what is wrong, never a KeyError from deep inside."""

from __future__ import annotations

from interviewer.records import SessionMeta
from interviewer.script import Script, ScriptError, load_script
from interviewer.store import SessionCorruptError, SessionStore


def checked_session(store: SessionStore, session_id: str) -> tuple[SessionMeta, Script]:
    """The session's metadata and pinned script, or SessionCorruptError saying what is wrong."""
    meta = store.meta(session_id)  # its shape checked by the store
    where = store.ref(session_id).meta_path
    track = meta.track
    if not track:
        raise SessionCorruptError(f"{where} names no track; it was left as is")
    copy = store.script_copy(session_id)
    try:
        script = load_script(copy)
        known = track in script.tracks
    except ScriptError as exc:
        problems = sorted(exc.problems, key=lambda p: (p.line, p.message))
        first = problems[0].format(str(copy)) if problems else str(exc)
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        raise SessionCorruptError(
            f"session {session_id}: its pinned script cannot be loaded: {first}{more}"
        ) from None
    if not known:
        raise SessionCorruptError(
            f"session {session_id}: {where} names track {track!r}, which its script does not "
            f"have ({', '.join(script.tracks)})"
        )
    return meta, script
