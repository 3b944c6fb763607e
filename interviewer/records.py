"""Every record a session stores, defined once: the interviewee's events, facilitators' notes and
the session's metadata (meta.json).

The store keeps records as JSON objects, events and notes one a line. It converts them here, once,
on read and write, and hands everyone else these types: `event_from_json` / `note_from_json` /
`SessionMeta.from_json` check a stored object's shape and say what is wrong with it, `to_json`
writes one back. Headless: no Textual, no Rich.

Schema versions (`SCHEMA`, written into each new session's `started` event and `meta.json`):
1. the first sessions: the same shapes, without the version field;
2. adds the version;
3. an answer carries the question exactly as it was shown (`question`); earlier answers do not,
   and their question is rendered again on replay, as it was at that point of the interview.
`consent_given` / `consent_declined` (optional, so no new version) record the interviewee's answer
to the script's notice, with the notice's SHA-256: a session whose script has no notice has none.
An answer may also carry `currency` (optional, read when present, so no new version): the
currency an amount was typed with. Older sessions simply have none.
`script_migrated` (`interviewer migrate`) needs no new version either: only a session that was
moved has one, and an interviewer older than it refuses that record by its unknown type (one
line, the file left as is) instead of misreading the session; sessions never moved stay readable
by older versions.
A session written by a newer version than this one is refused, not guessed at.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, Literal, NamedTuple, TypeAlias, TypedDict

SCHEMA = 3
_SHA256 = re.compile(r"[0-9a-f]{64}")

AnswerValue: TypeAlias = str | int | float | list[str] | None
# Where an interview stands, as its events say: paused by a `paused` event until the next one,
# completed once nothing is left to ask. meta.json records these words too (and "declined").
SessionStatus: TypeAlias = Literal["active", "paused", "completed"]
# meta.json's status: as above, or the interviewee declined the notice (the session is over)
MetaStatus: TypeAlias = Literal["active", "paused", "completed", "declined"]
META_STATUSES: tuple[MetaStatus, ...] = ("active", "paused", "completed", "declined")


class RecordError(ValueError):
    """A stored record does not have the shape this version reads; the message says why."""


class Started(NamedTuple):
    ts: float
    track: str = ""
    schema: int = 1


class Resumed(NamedTuple):
    ts: float


class Paused(NamedTuple):
    ts: float


class Completed(NamedTuple):
    ts: float


class Answer(NamedTuple):
    """An answer to a step (`value` None and `skipped` for /skip)."""

    step: str
    value: AnswerValue
    raw: str
    ts: float
    note: str | None = None
    skipped: bool = False
    question: str | None = None  # as shown when it was answered (schema 3)
    currency: str | None = None  # an amount's currency, as typed with it (£1.2m: GBP)


class Back(NamedTuple):
    """The interviewee asked to change the answer to `step`."""

    step: str
    ts: float


class Shown(NamedTuple):
    """An earlier answer as it read under the script it was given under (see ScriptMigrated)."""

    event: int  # the answer's index in the event log
    step: str
    purpose: str
    dimension: str | None
    question: str
    answer: str


class ScriptMigrated(NamedTuple):
    """The session moved to a new version of its script (`interviewer migrate`).

    A log is replayed under the script the session has now, which can route the answers given
    before the move differently, so the move records what a replay cannot recompute: the answers
    in force when it moved (`in_force`, step -> event index, as the previous script routed them),
    which of those the new script has no step for (`retired`: kept, shown, no longer scored), and
    how earlier answers read where the new script would show them differently (`shown`).
    `kept_as` names the previous script's copy in the session folder."""

    ts: float
    from_version: int
    to_version: int
    from_hash: str
    to_hash: str
    kept_as: str
    in_force: tuple[tuple[str, int], ...]
    retired: tuple[str, ...]
    shown: tuple[Shown, ...] = ()


class FacilitatorQuestion(NamedTuple):
    """A facilitator's question taken into the interview (copied from their notes file)."""

    id: str
    text: str
    by: str
    ts: float


class ConsentGiven(NamedTuple):
    """The interviewee accepted the script's notice (its SHA-256) before anything else was
    recorded; a changed notice is asked again and accepted anew. `retention_days` is the
    notice's promise as accepted (None: accepted before notices carried one)."""

    notice_hash: str
    ts: float
    retention_days: int | None = None


class ConsentDeclined(NamedTuple):
    """The interviewee declined the notice: the session ends with nothing they said in it."""

    notice_hash: str
    ts: float


Event: TypeAlias = (
    Started
    | Resumed
    | Paused
    | Completed
    | Answer
    | Back
    | FacilitatorQuestion
    | ScriptMigrated
    | ConsentGiven
    | ConsentDeclined
)


class Annotation(NamedTuple):
    """A facilitator's note on one turn; `event` is the answer's index in the event log."""

    turn: int
    event: int
    step: str
    note: str
    tags: tuple[str, ...]
    ts: float
    by: str = ""


class LevelOverride(NamedTuple):
    """A facilitator's level for a dimension, in place of the computed one."""

    dimension: str
    level: int
    reason: str
    ts: float
    by: str = ""


class PushedQuestion(NamedTuple):
    """A question a facilitator pushes into the interview."""

    id: str
    text: str
    ts: float
    by: str = ""


Note: TypeAlias = Annotation | LevelOverride | PushedQuestion

# the `type` each record is stored under (records are tuples: compare them by kind, never as tuples)
TYPE_OF: dict[type, str] = {
    Started: "started",
    Resumed: "resumed",
    Paused: "paused",
    Completed: "completed",
    Answer: "answer",
    Back: "back",
    FacilitatorQuestion: "facilitator_question",
    ScriptMigrated: "script_migrated",
    ConsentGiven: "consent_given",
    ConsentDeclined: "consent_declined",
    Annotation: "annotation",
    LevelOverride: "override",
    PushedQuestion: "ask",
}


# -- reading ----------------------------------------------------------------------------------


def _number(doc: dict[str, Any], key: str, default: float | None = None) -> float:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RecordError(f"{key!r} should be a number, not {value!r:.40}")
    return float(value)


def _whole(doc: dict[str, Any], key: str) -> int:
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{key!r} should be a whole number, not {value!r:.40}")
    return value


def _text(doc: dict[str, Any], key: str, default: str | None = None) -> str:
    value = doc.get(key, default)
    if not isinstance(value, str):
        raise RecordError(f"{key!r} should be text, not {value!r:.40}")
    return value


def _optional_text(doc: dict[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        raise RecordError(f"{key!r} should be text, not {value!r:.40}")
    return value


def _id(doc: dict[str, Any], key: str) -> str:
    """Ids were once written as whatever the writer had; text or a number reads as text."""
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(f"{key!r} should be an id, not {value!r:.40}")
    return str(value)


def _value(doc: dict[str, Any]) -> AnswerValue:
    value = doc.get("value")
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise RecordError(f"'value' should be text, a number or a list, not {value!r}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise RecordError(f"'value' should be a finite number, not {value!r}")
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RecordError(f"'value' should be text, a number or a list of text, not {value!r:.40}")


def _kind(doc: Any) -> str:
    if not isinstance(doc, dict):
        raise RecordError(f"a record should be a JSON object, not {type(doc).__name__}")
    kind = doc.get("type")
    if not isinstance(kind, str):
        raise RecordError(f"'type' should be text, not {kind!r:.40}")
    return kind


def event_from_json(doc: Any) -> Event:
    """The event a stored object holds, or RecordError saying what is wrong with it."""
    kind = _kind(doc)
    if kind == "answer":
        note = doc.get("note")
        if note is not None and not isinstance(note, str):
            raise RecordError(f"'note' should be text, not {note!r:.40}")
        raw = doc.get("raw")
        return Answer(
            step=_text(doc, "step"),
            value=_value(doc),
            raw=raw if isinstance(raw, str) else "",
            ts=_number(doc, "ts"),
            note=note,
            skipped=doc.get("skipped") is True,
            question=_optional_text(doc, "question"),
            currency=_optional_text(doc, "currency"),
        )
    if kind in ("paused", "resumed", "completed"):
        ts = _number(doc, "ts")
        return (
            Paused(ts) if kind == "paused" else Resumed(ts) if kind == "resumed" else Completed(ts)
        )
    if kind == "started":
        schema = doc.get("schema", 1)
        if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
            raise RecordError(f"'schema' should be a version number, not {schema!r:.40}")
        if schema > SCHEMA:
            raise RecordError(
                f"the session was written with schema {schema}, newer than this interviewer "
                f"reads ({SCHEMA}); upgrade interviewer to open it"
            )
        return Started(ts=_number(doc, "ts"), track=_text(doc, "track", ""), schema=schema)
    if kind == "back":
        return Back(step=_text(doc, "step"), ts=_number(doc, "ts"))
    if kind == "script_migrated":
        return _migrated(doc)
    if kind == "facilitator_question":
        return FacilitatorQuestion(
            id=_id(doc, "id"),
            text=_text(doc, "text", ""),
            by=_text(doc, "by", ""),
            ts=_number(doc, "ts"),
        )
    if kind in ("consent_given", "consent_declined"):
        notice_hash = _text(doc, "notice_hash")
        if not _SHA256.fullmatch(notice_hash):
            raise RecordError(f"'notice_hash' should be a SHA-256, not {notice_hash!r:.40}")
        if kind == "consent_declined":
            return ConsentDeclined(notice_hash=notice_hash, ts=_number(doc, "ts"))
        days = doc.get("retention_days")
        if days is not None and (_whole(doc, "retention_days") <= 0):
            raise RecordError(f"'retention_days' should be a positive number, not {days!r:.40}")
        return ConsentGiven(notice_hash=notice_hash, ts=_number(doc, "ts"), retention_days=days)
    raise RecordError(f"unknown event type {kind!r:.40}")


def _migrated(doc: dict[str, Any]) -> ScriptMigrated:
    in_force = doc.get("in_force", {})
    if not isinstance(in_force, dict) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in in_force.values()
    ):
        raise RecordError(f"'in_force' should map steps to answers, not {in_force!r:.40}")
    retired = doc.get("retired", [])
    if not isinstance(retired, list) or not all(isinstance(r, str) for r in retired):
        raise RecordError(f"'retired' should be a list of steps, not {retired!r:.40}")
    shown = doc.get("shown", [])
    if not isinstance(shown, list) or not all(isinstance(s, dict) for s in shown):
        raise RecordError(f"'shown' should be a list of answers, not {shown!r:.40}")
    return ScriptMigrated(
        ts=_number(doc, "ts"),
        from_version=_whole(doc, "from_version"),
        to_version=_whole(doc, "to_version"),
        from_hash=_text(doc, "from_hash"),
        to_hash=_text(doc, "to_hash"),
        kept_as=_text(doc, "kept_as", ""),
        in_force=tuple((str(k), v) for k, v in in_force.items()),
        retired=tuple(retired),
        shown=tuple(
            Shown(
                event=_whole(s, "event"),
                step=_text(s, "step"),
                purpose=_text(s, "purpose", ""),
                dimension=_optional_text(s, "dimension"),
                question=_text(s, "question", ""),
                answer=_text(s, "answer", ""),
            )
            for s in shown
        ),
    )


def note_from_json(doc: Any) -> Note:
    """The note a stored object holds, or RecordError saying what is wrong with it."""
    kind = _kind(doc)
    by = _text(doc, "by", "")
    if kind == "annotation":
        tags = doc.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise RecordError(f"'tags' should be a list of words, not {tags!r:.40}")
        return Annotation(
            turn=_whole(doc, "turn"),
            event=_whole(doc, "event"),
            step=_text(doc, "step"),
            note=_text(doc, "note", ""),
            tags=tuple(tags),
            ts=_number(doc, "ts"),
            by=by,
        )
    if kind == "override":
        return LevelOverride(
            dimension=_text(doc, "dimension"),
            level=_whole(doc, "level"),
            reason=_text(doc, "reason", ""),
            ts=_number(doc, "ts"),
            by=by,
        )
    if kind == "ask":
        return PushedQuestion(
            id=_id(doc, "id"), text=_text(doc, "text", ""), ts=_number(doc, "ts"), by=by
        )
    raise RecordError(f"unknown note type {kind!r:.40}")


# -- writing ----------------------------------------------------------------------------------


def to_json(record: Event | Note) -> dict[str, Any]:
    """The JSON object a record is stored as: its `type`, then its fields."""
    doc: dict[str, Any] = {"type": TYPE_OF[type(record)], **record._asdict()}
    if isinstance(record, Annotation):
        doc["tags"] = list(record.tags)
    elif isinstance(record, ScriptMigrated):
        doc["in_force"] = dict(record.in_force)
        doc["retired"] = list(record.retired)
        doc["shown"] = [s._asdict() for s in record.shown]
    elif isinstance(record, ConsentGiven) and record.retention_days is None:
        del doc["retention_days"]  # a consent read from before notices carried retention
    elif isinstance(record, Answer):  # an answer writes only what it has, as it always did
        if record.note is None:
            del doc["note"]
        if not record.skipped:
            del doc["skipped"]
        if record.question is None:
            del doc["question"]
        if record.currency is None:
            del doc["currency"]
    return doc


# -- the session's metadata ------------------------------------------------------------------


class Unrecorded(Enum):
    """meta.json from before it copied the retention period: the consent in the log has it."""

    UNRECORDED = "unrecorded"


UNRECORDED = Unrecorded.UNRECORDED

# the fields meta.json has always been checked for, in the order they are checked
_META_OPTIONAL_TEXT = ("id", "org", "participant", "status", "script_id", "script_sha256")
_META_OPTIONAL_NUMBER = ("started", "retention_days")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def is_number(value: Any) -> bool:
    """A finite JSON number (true and false are not numbers)."""
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(float(value))
    )


@dataclass(frozen=True)
class SessionMeta:
    """A session's meta.json: whose it is, its track and script, where it stands; what `list`,
    purge and reports read without replaying the log. The store sets `id` and `started` when
    it creates the session. `extra` holds keys this version does not know (a newer version's):
    the store writes them back unchanged when it rewrites the file."""

    track: str
    org: str = ""
    participant: str = ""
    id: str = ""
    started: float = 0.0  # 0: not recorded
    status: MetaStatus = "active"
    script_id: str | None = None
    script_version: int | None = None
    script_sha256: str | None = None
    schema: int | None = None
    # the period the interviewee accepted with the notice (None: none promised)
    retention_days: int | Literal[Unrecorded.UNRECORDED] | None = None
    script_builtin: bool = False  # started on the built-in script (its notice is the current one)
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def from_json(cls, doc: Any) -> SessionMeta:
        """The metadata a stored object holds, or RecordError saying what is wrong with it."""
        if not isinstance(doc, dict):
            raise RecordError(
                f"the session record should be a JSON object, not {type(doc).__name__}"
            )
        if not isinstance(doc.get("track"), str):
            raise RecordError(f"'track' should be text, not {_short(doc.get('track'))}")
        for key in _META_OPTIONAL_TEXT:
            if doc.get(key) is not None and not isinstance(doc[key], str):
                raise RecordError(f"{key!r} should be text, not {_short(doc[key])}")
        for key in _META_OPTIONAL_NUMBER:
            if doc.get(key) is not None and not is_number(doc[key]):
                raise RecordError(f"{key!r} should be a number, not {_short(doc[key])}")
        status = doc.get("status") or "active"
        if status not in META_STATUSES:
            raise RecordError(
                f"'status' should be one of {', '.join(META_STATUSES)}, not {_short(status)}"
            )
        for key in ("script_version", "schema"):
            value = doc.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise RecordError(f"{key!r} should be a whole number, not {_short(value)}")
        builtin = doc.get("script_builtin", False)
        if not isinstance(builtin, bool):
            raise RecordError(f"'script_builtin' should be true or false, not {_short(builtin)}")
        days = doc.get("retention_days", UNRECORDED)
        return cls(
            track=doc["track"],
            org=doc.get("org") or "",
            participant=doc.get("participant") or "",
            id=doc.get("id") or "",
            started=doc.get("started") or 0.0,
            status=status,
            script_id=doc.get("script_id"),
            script_version=doc.get("script_version"),
            script_sha256=doc.get("script_sha256"),
            schema=doc.get("schema"),
            retention_days=days if days in (None, UNRECORDED) else int(days) if days > 0 else None,
            script_builtin=builtin,
            extra={k: v for k, v in doc.items() if k not in _META_FIELDS},
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON object meta.json holds: what a session was created with, then what the
        store set, then the keys this version does not know, as they were read."""
        doc: dict[str, Any] = {
            "track": self.track,
            "org": self.org,
            "participant": self.participant,
        }
        for key in ("script_id", "script_version", "script_sha256", "schema"):
            if getattr(self, key) is not None:
                doc[key] = getattr(self, key)
        if self.retention_days is not UNRECORDED:
            doc["retention_days"] = self.retention_days
        if self.script_builtin:
            doc["script_builtin"] = True
        doc.update(id=self.id, started=self.started, status=self.status)
        doc.update(self.extra)
        return doc


_META_FIELDS = frozenset(f.name for f in fields(SessionMeta) if f.name != "extra")


class MetaChanges(TypedDict, total=False):
    """What a session's writer changes in its meta.json once the session exists."""

    status: MetaStatus
    org: str
    participant: str
    retention_days: int | None
    script_version: int
    script_sha256: str
