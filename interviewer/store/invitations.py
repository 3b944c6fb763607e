"""Invitations: links that open an interview (or follow one) without a terminal. Headless.

sessions/invitations.jsonl   one JSON object per line, appended (and fsynced) only; the last
                             line for an id wins (a revocation, or an interviewee link bound to
                             the session its first use created, is a new line)
sessions/invitations.lock    held while a line is written or a first use creates its session

A link carries a random token (`secrets.token_urlsafe(32)`, 256 bits). The token is handed out
once, at creation, and never stored: a line keeps its SHA-256 (hex) and a short public id, the
token's first characters, which `invite --list` shows and `--revoke` takes. A lookup parses only
the lines whose text holds the token's hash (and then its id), compares hashes in constant time
and gives the same None for an unknown, an expired and a revoked link. Lines are read within the
bounds of `interviewer.bounded_json`; one past them is a damaged line.

Like the rest of the store, the file is opened without following links, must be a regular file
and is created private (0600). A line that cannot be read is skipped, reported once as a warning
(the "interviewer.store" logger, and `InvitationStore.warnings`), and never rewritten (deleting
a session rewrites the file without that session's lines, keeping damaged lines as they are).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from interviewer.bounded_json import loads
from interviewer.records import is_number
from interviewer.store.notes_file import check_who
from interviewer.store.safe_io import append_line, folder_problem, open_regular, read_fd
from interviewer.store.session_file import (
    SessionStore,
    StoreError,
    _make_root,
    check_session_id,
    deletion_pending,
)

FILE = "invitations.jsonl"
LOCK = "invitations.lock"
ID_LENGTH = 8  # the token's first characters: public, shown by --list, taken by --revoke
TOKEN_BYTES = 32  # 256 bits of randomness (at least 128 are asked for)
MAX_TOKEN = 200  # a longer "token" is not one of ours: not even hashed
KINDS = ("interviewee", "facilitator")
LOCK_WAIT = 60.0  # seconds a writer waits for another (a first use creating its session)

log = logging.getLogger("interviewer.store")

_EXPIRY_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([dhm])")
_UNIT = {"d": 86400.0, "h": 3600.0, "m": 60.0}
_HEX64 = re.compile(r"[0-9a-f]{64}")
_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Invitation(NamedTuple):
    id: str  # public: the token's first ID_LENGTH characters
    token_hash: str  # SHA-256 of the token, hex
    kind: str  # "interviewee" | "facilitator"
    track: str  # the interview's track (a facilitator link: the shadowed session's)
    org: str
    participant: str
    session_id: str | None  # interviewee: None until first use; facilitator: the session
    who: str  # facilitator's name ("" for an interviewee link)
    created: float
    expires: float | None  # epoch seconds; None: never
    revoked: bool

    def status(self, now: float) -> str:
        """active, expired or revoked."""
        if self.revoked:
            return "revoked"
        if self.expires is not None and now >= self.expires:
            return "expired"
        return "active"

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_expiry(text: str) -> float | None:
    """Seconds from "14d", "12h", "30m" (or "1.5d"); None for "never". StoreError otherwise."""
    word = text.strip().lower()
    if word == "never":
        return None
    match = _EXPIRY_RE.fullmatch(word)
    seconds = float(match.group(1)) * _UNIT[match.group(2)] if match else 0.0
    if not match or seconds <= 0 or seconds > 3650 * 86400:
        raise StoreError(
            f"{text!r} is not an expiry; say how long the link works, like 14d, 12h or 30m "
            "(days, hours, minutes), or never"
        )
    return seconds


def _record_problem(doc: Any) -> str | None:
    """None when a line's object is a usable invitation, else why not (one line)."""
    if not isinstance(doc, dict):
        return f"a line should be a JSON object, not {type(doc).__name__}"
    for field in Invitation._fields:
        if field not in doc:
            return f"no {field!r} field"
    if not isinstance(doc["id"], str) or not _ID_RE.fullmatch(doc["id"]):
        return "'id' is not an invitation id"
    if not isinstance(doc["token_hash"], str) or not _HEX64.fullmatch(doc["token_hash"]):
        return "'token_hash' is not a SHA-256 in hex"
    if doc["kind"] not in KINDS:
        return f"'kind' should be interviewee or facilitator, not {str(doc['kind'])[:40]!r}"
    for field in ("track", "org", "participant", "who"):
        if not isinstance(doc[field], str):
            return f"{field!r} should be text"
    sid = doc["session_id"]
    if sid is not None and not (isinstance(sid, str) and _session_id_ok(sid)):
        return "'session_id' is not a session id"
    if doc["kind"] == "facilitator" and sid is None:
        return "a facilitator link without its session"
    if not is_number(doc["created"]):
        return "'created' should be a time"
    if doc["expires"] is not None and not is_number(doc["expires"]):
        return "'expires' should be a time or null"
    if not isinstance(doc["revoked"], bool):
        return "'revoked' should be true or false"
    return None


def _lines_containing(data: bytes, text: bytes) -> set[int]:
    """Where each line of `data` that contains `text` starts."""
    out, at = set(), data.find(text)
    while at >= 0:
        end = data.find(b"\n", at)
        if end < 0:  # the last line, still being written: not read yet
            break
        out.add(data.rfind(b"\n", 0, at) + 1)
        at = data.find(text, end)
    return out


def _session_id_ok(session_id: str) -> bool:
    try:
        check_session_id(session_id)
    except StoreError:
        return False
    return True


class InvitationStore:
    """The invitations of one sessions root. Safe across processes and threads: every write
    happens under invitations.lock, and reads see complete lines only."""

    def __init__(self, root: str | Path, clock: Callable[[], float] = time.time) -> None:
        self.root = Path(root)
        self.path = self.root / FILE
        self.lock_path = self.root / LOCK
        self.clock = clock
        self.warnings: list[str] = []
        self._warned: set[tuple[int, int, str]] = set()

    # -- reading ------------------------------------------------------------------------------

    def _data(self) -> tuple[bytes, int] | None:
        """The file's bytes and its inode, or None when there is no file yet."""
        problem = folder_problem(str(self.root))
        if problem == "is missing":
            return None
        if problem is not None:
            raise StoreError(f"the sessions folder {self.root} {problem}")
        try:
            fd, _ = open_regular(str(self.path), os.O_RDONLY)
            try:
                inode, data = os.fstat(fd).st_ino, read_fd(fd, 0)
            finally:
                os.close(fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"invitations cannot be read: {' '.join(str(exc).split())}") from None
        return data, inode

    @staticmethod
    def _parse(line: bytes) -> Invitation | str:
        """The invitation on one line, or why it cannot be used."""
        try:
            doc = loads(line)
            reason = _record_problem(doc)
        except ValueError as exc:
            doc, reason = None, " ".join(str(exc).split())[:120] or "not JSON"
        if reason is not None:
            return reason
        assert isinstance(doc, dict)
        return Invitation(**{f: doc[f] for f in Invitation._fields})

    def _read(self) -> dict[str, Invitation]:
        """Every invitation by id (the last line for an id wins), in order of first creation."""
        found = self._data()
        if found is None:
            return {}
        data, inode = found
        out: dict[str, Invitation] = {}
        lines = data.split(b"\n")[:-1]  # a line still being written is not read yet
        for number, line in enumerate(lines, start=1):
            if line.strip():
                inv = self._parse(line)
                if isinstance(inv, str):
                    self._warn(inode, number, inv)
                else:
                    out[inv.id] = inv
        return out

    def _read_matching(self, wanted: str) -> dict[str, Invitation]:
        """What _read would give for the invitations whose lines carry the hash `wanted`, but
        parsing only the lines that contain it (or one of their ids) as text: a link's look-up
        costs a search through the file, not a parse of every line in it."""
        found = self._data()
        if found is None:
            return {}
        data, inode = found
        lines = _lines_containing(data, wanted.encode())
        ids = set()
        for start in lines:
            inv = self._parse_at(data, start, inode)
            if inv is not None and hmac.compare_digest(inv.token_hash, wanted):
                ids.add(inv.id)
        for invitation_id in ids:  # a later line for the same id (its revocation) wins
            lines |= _lines_containing(data, b'"' + invitation_id.encode() + b'"')
        out: dict[str, Invitation] = {}
        for start in sorted(lines):
            inv = self._parse_at(data, start, inode)
            if inv is not None and inv.id in ids:
                out[inv.id] = inv
        return out

    def _parse_at(self, data: bytes, start: int, inode: int) -> Invitation | None:
        inv = self._parse(data[start : data.index(b"\n", start)])
        if isinstance(inv, str):
            self._warn(inode, data.count(b"\n", 0, start) + 1, inv)
            return None
        return inv

    def _warn(self, inode: int, line: int, reason: str) -> None:
        if (inode, line, reason) in self._warned:
            return
        self._warned.add((inode, line, reason))
        message = f"{self.path}: line {line} skipped ({reason}); the file was left as is"
        self.warnings.append(message)
        log.warning("%s", message)

    def list(self) -> list[Invitation]:
        """Every invitation, oldest first, as it stands now (revoked and expired included)."""
        return sorted(self._read().values(), key=lambda inv: inv.created)

    def lookup(self, token: str) -> Invitation | None:
        """The active invitation this token opens; None for an unknown, expired or revoked one
        (callers cannot tell which). The file is searched for the token's SHA-256, which tells
        nothing about any stored token; what is found is compared in constant time."""
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
            return None
        wanted = token_hash(token)
        found = None
        for inv in self._read_matching(wanted).values():  # every one compared: no early exit
            if hmac.compare_digest(inv.token_hash, wanted):
                found = inv
        if found is None or found.status(self.clock()) != "active":
            return None
        return found

    # -- writing ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        problem = folder_problem(str(self.root))
        if problem == "is missing":
            try:
                _make_root(self.root)
            except OSError as exc:
                raise StoreError(f"cannot create {self.root}: {exc.strerror or exc}") from None
        elif problem is not None:
            raise StoreError(f"the sessions folder {self.root} {problem}")
        try:
            fd, _ = open_regular(str(self.lock_path), os.O_RDWR, create=True)
        except OSError as exc:
            raise StoreError(
                f"invitations cannot be written: {' '.join(str(exc).split())}"
            ) from None
        try:
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreError(
                            "invitations are busy (another process holds "
                            f"{self.lock_path}); try again"
                        ) from None
                    time.sleep(0.01)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _append(self, inv: Invitation) -> None:
        """One line, fsynced; the caller holds the lock. A torn last line (a crash) is ended
        first, so it stays one damaged line rather than spoiling this one."""
        try:
            append_line(str(self.path), inv.to_json())
        except OSError as exc:
            raise StoreError(
                f"invitations cannot be written: {' '.join(str(exc).split())}"
            ) from None

    def _new(self, **fields: Any) -> tuple[str, Invitation]:
        """Under the lock: a fresh token whose public id no invitation has yet."""
        taken = self._read()
        while True:
            token = secrets.token_urlsafe(TOKEN_BYTES)
            # an id starting with '-' would read as an option on a command line
            if token[0].isalnum() and token[:ID_LENGTH] not in taken:
                break
        now = self.clock()
        expires_in = fields.pop("expires_in")
        inv = Invitation(
            id=token[:ID_LENGTH],
            token_hash=token_hash(token),
            created=now,
            expires=None if expires_in is None else now + float(expires_in),
            revoked=False,
            **fields,
        )
        self._append(inv)
        return token, inv

    def create_interviewee(
        self,
        track: str,
        org: str | None,
        participant: str | None,
        expires_in: float | None,
    ) -> tuple[str, Invitation]:
        """(token, invitation): the token is returned here only and never stored. The track
        must be one of the default script's; the session is created on first use."""
        from interviewer.script import ScriptError, load_script

        try:
            tracks = load_script(None).tracks
        except ScriptError as exc:
            raise StoreError(str(exc)) from None
        if track not in tracks:
            raise StoreError(f"unknown role {track!r}; choose one of: {', '.join(tracks)}")
        _check_expires_in(expires_in)
        with self.locked():
            return self._new(
                kind="interviewee",
                track=track,
                org=org or "",
                participant=participant or "",
                session_id=None,
                who="",
                expires_in=expires_in,
            )

    def create_facilitator(
        self, session_id: str, who: str, expires_in: float | None
    ) -> tuple[str, Invitation]:
        """(token, invitation) for following an existing session as `who`."""
        check_who(who)
        _check_expires_in(expires_in)
        meta = SessionStore(self.root).meta(session_id)  # no such session, or damaged: raises
        with self.locked():
            return self._new(
                kind="facilitator",
                track=meta.track,
                org=meta.org,
                participant=meta.participant,
                session_id=session_id,
                who=who,
                expires_in=expires_in,
            )

    def bind(self, invitation_id: str, session_id: str) -> Invitation:
        """Record the session an interviewee link's first use created."""
        check_session_id(session_id)
        with self.locked():
            return self._bind(invitation_id, session_id)

    def _bind(self, invitation_id: str, session_id: str) -> Invitation:
        inv = self._read().get(invitation_id)
        if inv is None:
            raise StoreError(f"no invitation {invitation_id!r}")
        if inv.kind != "interviewee":
            raise StoreError(f"invitation {invitation_id} is a facilitator's: it has its session")
        if inv.session_id is not None and inv.session_id != session_id:
            raise StoreError(f"invitation {invitation_id} already opens session {inv.session_id}")
        bound = inv._replace(session_id=session_id)
        if bound != inv:
            self._append(bound)
        return bound

    def open_session(
        self, token: str, store: SessionStore, start: Callable[[Invitation, float], str]
    ) -> tuple[Invitation, str] | None:
        """(invitation, session id) for an active link, None otherwise (like lookup).

        An interviewee link's first use creates its session with `start` (the application
        layer's, given the invitation and the time; it returns the new session's id) and binds
        it; later uses return that session. Two first uses at once create one
        session: the second waits on the lock and finds the first one's. The link of a session
        whose deletion has begun (and was cut short) opens nothing, like a deleted one's."""
        inv = self.lookup(token)
        if inv is None or (inv.session_id and deletion_pending(store.ref(inv.session_id))):
            return None
        if inv.session_id is not None:
            return inv, inv.session_id
        with self.locked():
            inv = self.lookup(token)  # again, under the lock: another may have bound it
            if inv is None:
                return None
            if inv.session_id is not None:
                return inv, inv.session_id
            session_id = start(inv, self.clock())
            return self._bind(inv.id, session_id), session_id

    def revoke(self, prefix: str) -> Invitation:
        """Revoke the invitation whose id starts with `prefix` (or whose token `prefix` is).
        An unknown or ambiguous prefix is a StoreError saying which."""
        prefix = prefix.strip()
        if "/i/" in prefix:  # a whole link was pasted
            prefix = prefix.rsplit("/i/", 1)[1]
        if not prefix:
            raise StoreError("say which invitation to revoke: its id, or the start of it")
        with self.locked():
            invitations = self._read()
            matches = [
                inv
                for inv in invitations.values()
                if inv.id.startswith(prefix)
                or (len(prefix) > ID_LENGTH and prefix.startswith(inv.id))
            ]
            if not matches:
                raise StoreError(
                    f"no invitation starts with {prefix!r}; see them with: interviewer invite "
                    "--list"
                )
            if len(matches) > 1:
                ids = ", ".join(sorted(inv.id for inv in matches))
                raise StoreError(
                    f"{prefix!r} matches {len(matches)} invitations ({ids}); give more of the id"
                )
            inv = matches[0]
            if inv.revoked:
                return inv
            revoked = inv._replace(revoked=True)
            self._append(revoked)
            return revoked


def _check_expires_in(expires_in: float | None) -> None:
    if expires_in is not None and not (is_number(expires_in) and expires_in > 0):
        raise StoreError(f"an invitation's expiry should be a positive time, not {expires_in!r}")
