"""Creating a session: the one place a session's folder, meta.json, script copy and `started`
event are made, for an interview started here and for an interviewee link's first use."""

from __future__ import annotations

from interviewer.records import SCHEMA, SessionMeta, Started
from interviewer.script import Script, ScriptError, load_script
from interviewer.store import SessionStore, SessionWriter, StoreError


def create_session(
    store: SessionStore,
    track: str,
    org: str | None,
    participant: str | None,
    script_path: str | None,
    now: float,
) -> tuple[SessionWriter, Script]:
    """A new session, open for writing (the caller closes it), and its script. StoreError for
    an unknown track, a script that cannot be loaded, or files that cannot be written."""
    try:
        script = load_script(script_path)
    except ScriptError as exc:
        if script_path is not None:
            raise
        raise StoreError(str(exc)) from None
    if track not in script.tracks:
        raise StoreError(f"unknown role {track!r}; choose one of: {', '.join(script.tracks)}")
    assert script.path is not None
    meta = SessionMeta(
        track=track,
        org=org or "",
        participant=participant or "",
        script_id=script.id,
        script_version=script.version,
        script_sha256=script.sha256,
        schema=SCHEMA,
        retention_days=None,  # none promised until the notice is accepted
        script_builtin=script_path is None,  # its notice is the current built-in one, on resume too
    )
    ref = store.create(meta, script.path.read_text(encoding="utf-8"), now)
    writer = store.open_writer(ref.id)
    try:
        writer.append([Started(now, track, SCHEMA)])
    except OSError as exc:  # a full disk, between the folder and its first line
        writer.close()
        raise StoreError(
            f"session {ref.id} could not be started, its files cannot be written: "
            f"{exc.strerror or exc}"
        ) from exc
    return writer, script
