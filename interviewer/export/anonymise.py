"""Anonymised exports: one rewrite of the gathered report data, so no renderer can leak.

`export --anonymise` and `report --org ... --anonymise` gather sessions as usual (the replay and
the scores use the real answers: a phone number replaced by `[phone]` would change how the
interview routed), then `Anonymiser.report` rewrites every text of the `ReportData` before any
renderer sees it:

- the participants' names become `Participant A`, `Participant B` … (stable across an
  organisation's report), the facilitators' `Facilitator A` …, the organisation `Org`; each
  whole name and each part of a multi-word name, as a whole word, in any case;
- e-mail addresses become `[email]`, phone numbers (international and national formats)
  `[phone]`; years, percentages, amounts and counts are left alone;
- the words given with `--redact` become `[redacted]`;
- session ids become `session-1`, `session-2` … and every time is cut to the start of its day.

Ids from the script (steps, dimensions, actions) are kept: they are the report's structure and
hold nothing anyone said. Headless: no Textual, no Rich.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from interviewer.engine.interview import Interview
from interviewer.export.name_terms import (
    DOMAIN,
    any_case_pattern,
    cased_pattern,
    everyday,
    fold,
    name_forms,
    org_forms,
    script_words,
    term_key,
)
from interviewer.export.report_data import ReportData
from interviewer.records import FacilitatorQuestion, SessionMeta
from interviewer.script.model import Script, Step
from interviewer.store import InvitationStore, SessionStore, StoreError
from interviewer.transcript import Transcript, Turn

ORG = "Org"
EMAIL = "[email]"
PHONE = "[phone]"
REDACTED = "[redacted]"
AMBIGUOUS = "[name]"  # a name part two people share

# structural fields: ids the script defines, never what someone said (kept as they are)
KEEP_FIELDS = frozenset(
    {
        "id",
        "key",
        "dimension",
        "step",
        "pain_id",
        "indicator",
        "phase",
        "code",
        "kind",
        "purpose",
        "effort",
        "depends_on",
        "track",
        "severity",
        "confidence",
        "status",
        "script_id",
        "script_sha256",
        "sha256",
        "notice_hash",
        "owner",  # an action's owner: a role from the script's `owners:`
        "owner_instead_of",
        "missing_owners",
    }
)
TIME_FIELDS = frozenset({"ts", "started", "created", "expires", "completed", "updated"})
# bounded, and started only where a word starts: a long run of letters or digits stays linear
_EMAIL = r"(?<![\w.%+-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
# +44 20 7946 0958, +1 (555) 123-4567, +4915112345678
_INTL = r"\+\d{1,3}(?:[ .\-]?\(?\d{1,5}\)?){1,6}"
# 020 7946 0958, 07700 900123, (030) 1234567, 0171-123456
_NATIONAL = r"\(?0\d{1,5}\)?(?:[ .\-/]?\d{2,5}){1,4}"
# (555) 123-4567, 555-123-4567, 555.123.4567
_NANP = r"\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}"
_PHONE = (
    rf"(?<![\w+.,/-])(?:(?P<intl>{_INTL})|(?P<national>{_NATIONAL})|{_NANP})(?![\w%.,/-]?\d)(?!%)"
)


def _letters(n: int) -> str:
    """A, B, … Z, AA, AB, …"""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def day(ts: float) -> float:
    """The start of the local day `ts` falls in: a date, with no time of day."""
    when = datetime.fromtimestamp(ts)
    return when.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


class Anonymiser:
    """Replaces names, e-mail addresses, phone numbers, chosen words and session ids in text
    and in a session's report data. Placeholders are stable for the life of the object."""

    def __init__(
        self,
        participants: Iterable[str] = (),
        facilitators: Iterable[str] = (),
        orgs: Iterable[str] = (),
        session_ids: Iterable[str] = (),
        redact: Iterable[str] = (),
        everyday_words: Iterable[str] = (),
    ) -> None:
        self.people: dict[str, str] = {}  # a person's name (its key) -> placeholder
        self.sessions: dict[str, str] = {}
        common = everyday(everyday_words)
        whole: dict[str, str] = {}  # a term's key -> its replacement
        parts: dict[str, set[str]] = {}
        for names, label in ((participants, "Participant"), (facilitators, "Facilitator")):
            count = sum(1 for p in self.people.values() if p.startswith(label))
            for name in names:
                name = " ".join(str(name).split())
                if not name or term_key(name) in self.people:
                    continue
                placeholder = f"{label} {_letters(count)}"
                count += 1
                self.people[term_key(name)] = placeholder
                forms, name_parts = name_forms(name)
                whole.update(dict.fromkeys(map(term_key, forms), placeholder))
                for part in name_parts:
                    parts.setdefault(term_key(part), set()).add(placeholder)
        self._org_labels: set[str] = set()
        for org in orgs:
            org = " ".join(str(org).split())
            if org:
                forms, org_parts = org_forms(org)
                whole.update(dict.fromkeys(map(term_key, forms), ORG))
                self._org_labels.update(term_key(f) for f in forms if " " not in f)
                for part in org_parts:
                    parts.setdefault(term_key(part), set()).add(ORG)
                    self._org_labels.add(term_key(part))
        for part, owners in parts.items():
            if part not in whole:
                whole[part] = owners.pop() if len(owners) == 1 else AMBIGUOUS
        for n, sid in enumerate(dict.fromkeys(session_ids), 1):
            self.sessions[sid] = f"session-{n}"
            whole[term_key(sid)] = self.sessions[sid]
        for word in redact:
            word = " ".join(str(word).split())
            if word:
                whole[term_key(word)] = REDACTED
        self._replacement = whole
        # a one-word name that is also an everyday word counts only where written as a name;
        # longer terms first ("Sam Lee" before "Sam")
        terms = "|".join(
            cased_pattern(t) if " " not in t and t in common else any_case_pattern(t)
            for t in sorted(whole, key=len, reverse=True)
        )
        self._names = re.compile(terms or r"(?!x)x")
        names = rf"|(?P<domain>{DOMAIN})|(?P<term>{terms})" if terms else ""
        self._pattern = re.compile(rf"(?P<email>{_EMAIL})|(?P<phone>{_PHONE}){names}")
        self.unhandled: set[str] = set()  # types met that this class does not know (tests)

    # -- text -------------------------------------------------------------------------------

    def text(self, text: str) -> str:
        """`text` with every name, address, number and word to hide replaced, in one pass (a
        placeholder is never itself replaced). Matching runs on the folded text, which has
        the same length as the text, so "Zoe" finds "Zoë" and the other way round."""
        if not text:
            return text
        text = unicodedata.normalize("NFC", text)
        folded = fold(text)
        out: list[str] = []
        at = 0
        for match in self._pattern.finditer(folded):
            original = text[match.start() : match.end()]
            out += [text[at : match.start()], self._replace(match, original)]
            at = match.end()
        if not out:
            return text
        out.append(text[at:])
        return "".join(out)

    def _replace(self, match: re.Match[str], original: str) -> str:
        if match.group("email"):
            return EMAIL
        if match.group("phone"):
            digits = sum(c.isdigit() for c in original)
            # a national number has at least 9 digits with its area code: 05.11.2026 is a date
            least = 8 if match.group("intl") else 9 if match.group("national") else 10
            return PHONE if least <= digits <= 15 else original
        domain = match.group("domain")
        if domain:  # the organisation's own domain, or names written like one (alex.kim)
            if any(label in self._org_labels for label in term_key(domain).split(".")):
                return ORG
            return self._names.sub(lambda m: self._term(m.group(0)), domain)
        return self._term(match.group("term"))

    def _term(self, found: str) -> str:
        return self._replacement.get(term_key(found), REDACTED)

    def person(self, name: str) -> str:
        """The placeholder for a participant or facilitator named exactly `name`."""
        found = term_key(str(name))
        return self.people.get(found) or (self.text(name) if found else name)

    def session_id(self, session_id: str) -> str:
        return self.sessions.get(session_id) or "session"

    # -- report data ------------------------------------------------------------------------

    def report(self, data: ReportData) -> ReportData:
        """A copy of `data` with nothing that names anyone, and times cut to the day."""
        memo: dict[int, Any] = {}
        return dataclasses.replace(
            data,
            session_id=self.session_id(data.session_id),
            meta=self._meta(data.meta),
            script=data.script,  # authored content: nobody's answers
            interview=self._interview(data.interview, memo),
            card=self.scrub(data.card, memo),
            notes=self.scrub(data.notes, memo),
            findings=self.scrub(data.findings, memo),
            business=self.scrub(data.business, memo),
            platform=self.scrub(data.platform, memo),
            turn_notes=self.scrub(data.turn_notes, memo),
            anonymised=True,
        )

    def _meta(self, meta: SessionMeta) -> SessionMeta:
        """No names and no session id; its start cut to the day; the script's ids and the
        session's status kept, and any field this version does not know rewritten as text."""
        return dataclasses.replace(
            meta,
            id="",
            participant=self.person(meta.participant) if meta.participant else "",
            org=ORG if meta.org else "",
            started=day(meta.started) if meta.started else meta.started,
            extra={key: self._field(key, value, {}) for key, value in meta.extra.items()},
        )

    def _interview(self, iv: Interview, memo: dict[int, Any]) -> Interview:
        """A shallow copy whose texts are rewritten; the replay is done, so nothing re-routes."""
        out = copy.copy(iv)
        ctx = copy.copy(iv.ctx)
        ctx.answers = self.scrub(iv.ctx.answers, memo)
        ctx.evidence = {}  # a cache of what the answers say: rebuilt from them if asked
        out.ctx = ctx
        out.events = self.scrub(iv.events, memo)
        out.asked_by = {k: self.person(v) for k, v in iv.asked_by.items()}
        out.facilitator_steps = {k: self._step(s) for k, s in iv.facilitator_steps.items()}
        out.facilitator_answers = self.scrub(iv.facilitator_answers, memo)
        out.transcript = self._transcript(iv.transcript, memo)
        return out

    def _transcript(self, transcript: Transcript, memo: dict[int, Any]) -> Transcript:
        def turn(t: Turn) -> Turn:
            return t._replace(
                step=self._step(t.step),
                question=self.text(t.question),
                answer=self.text(t.answer),
                event=self.scrub(t.event, memo),
                asked_by=None if t.asked_by is None else self.person(t.asked_by),
            )

        return transcript.rewritten(turn)

    def _step(self, step: Step) -> Step:
        """Script steps are authored and kept; a facilitator's pushed question is theirs."""
        if not step.id.startswith("facilitator."):
            return step
        return dataclasses.replace(
            step, text=self.text(step.text), say=self.text(step.say), help=self.text(step.help)
        )

    def scrub(self, value: Any, memo: dict[int, Any] | None = None) -> Any:
        """`value` rebuilt with every text rewritten: records (named tuples and dataclasses),
        dicts (values; keys are ids), lists, tuples and sets. Script objects are kept."""
        memo = {} if memo is None else memo
        return self._value(value, memo)

    def _value(self, value: Any, memo: dict[int, Any]) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if value is None or isinstance(value, bool | int | float):
            return value
        found = memo.get(id(value))
        if found is not None:
            return found
        out: Any
        if isinstance(value, tuple) and hasattr(value, "_fields"):
            record: Any = value  # a named tuple
            changes = {f: self._field(f, getattr(record, f), memo) for f in record._fields}
            out = record._replace(**changes)
            if isinstance(value, FacilitatorQuestion):
                out = out._replace(by=self.person(value.by))
        elif isinstance(value, Step):
            out = self._step(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            if type(value).__module__.startswith("interviewer.script"):
                return value  # authored: a dimension, track or indicator
            out = copy.copy(value)
            for f in dataclasses.fields(value):
                object.__setattr__(out, f.name, self._field(f.name, getattr(value, f.name), memo))
        elif isinstance(value, dict):
            out = {k: self._value(v, memo) for k, v in value.items()}
        elif isinstance(value, list):
            out = [self._value(v, memo) for v in value]
        elif isinstance(value, tuple):
            out = tuple(self._value(v, memo) for v in value)
        elif isinstance(value, set | frozenset):
            out = type(value)(self._value(v, memo) for v in value)
        else:
            self.unhandled.add(type(value).__qualname__)
            return value
        memo[id(value)] = out
        return out

    def _field(self, name: str, value: Any, memo: dict[int, Any]) -> Any:
        if name in ("by", "who", "participant", "asked_by") and isinstance(value, str):
            return self.person(value)
        if name in KEEP_FIELDS and isinstance(value, str | tuple | list):
            return value
        timed = name in TIME_FIELDS or name.endswith(("_at", "_ts"))
        if timed and isinstance(value, int | float) and not isinstance(value, bool):
            return day(value) if value else value
        return self._value(value, memo)


class People(NamedTuple):
    """What an anonymiser must know of a session: who took part, the organisation, the
    script's own words (kept as words), and who pushed questions or wrote notes into it."""

    session_id: str
    meta: SessionMeta
    script: Script
    facilitators: tuple[str, ...]


def anonymiser_for(
    store: SessionStore,
    sessions: list[ReportData],
    redact: Iterable[str] = (),
    orgs: Iterable[str] = (),
    more_ids: Iterable[str] = (),
) -> Anonymiser:
    """An anonymiser that knows everyone in `sessions` (see `anonymiser_of`)."""
    return anonymiser_of(store, [_people(d) for d in sessions], redact, orgs, more_ids)


def _people(data: ReportData) -> People:
    named = [e.by for e in data.interview.events if isinstance(e, FacilitatorQuestion)]
    if data.notes is not None:
        named += [a.by for a in data.notes.annotations]
        named += [o.by for o in data.notes.overrides.values()]
    return People(data.session_id, data.meta, data.script, tuple(named))


def anonymiser_of(
    store: SessionStore,
    sessions: list[People],
    redact: Iterable[str] = (),
    orgs: Iterable[str] = (),
    more_ids: Iterable[str] = (),
) -> Anonymiser:
    """An anonymiser that knows everyone in `sessions` (in this order: Participant A is the
    first session's): participants, the facilitators who noted, asked or were invited, and the
    organisations; `more_ids` are other session ids to hide (sessions left out)."""
    participants: list[str] = []
    facilitators: list[str] = []
    org_names = [o for o in orgs if o]
    invitations = _invitations(store)
    for data in sessions:
        participants.append(data.meta.participant)
        org_names.append(data.meta.org)
        for inv in invitations:
            if inv.session_id == data.session_id:
                (facilitators if inv.kind == "facilitator" else participants).append(
                    inv.who if inv.kind == "facilitator" else inv.participant
                )
                org_names.append(inv.org)
        facilitators += _facilitators(store, data)
    scripts = {id(d.script): d.script for d in sessions}  # sessions share a parsed script
    return Anonymiser(
        participants=[p for p in participants if p],
        facilitators=[f for f in facilitators if f],
        orgs=org_names,
        session_ids=[*(s.session_id for s in sessions), *more_ids],
        redact=redact,
        everyday_words=set().union(*(script_words(s) for s in scripts.values())),
    )


def _invitations(store: SessionStore) -> list[Any]:
    with contextlib.suppress(StoreError, OSError):
        return list(InvitationStore(store.root).list())
    return []


def _facilitators(store: SessionStore, data: People) -> list[str]:
    """Who followed the session: the names in its notes and lock files, on its pushed
    questions and on its notes (with --with-notes)."""
    out: list[str] = []
    with (
        contextlib.suppress(OSError, StoreError),
        os.scandir(store.ref(data.session_id).folder) as it,
    ):
        for entry in it:
            m = re.fullmatch(r"(?:notes-(.+)\.jsonl|facilitator-(.+)\.lock)", entry.name)
            if m:
                out.append(m.group(1) or m.group(2))
    out += data.facilitators
    return sorted(dict.fromkeys(o for o in out if o), key=out.index)


def anonymise(store: SessionStore, data: ReportData, redact: Iterable[str] = ()) -> ReportData:
    """One session's report data, anonymised."""
    return anonymiser_for(store, [data], redact).report(data)


def file_stem(kind: str, key: str) -> str:
    """A file name part that tells anonymised exports apart without naming anyone: a short
    digest of the session id (or organisation), never the id itself."""
    digest = hashlib.sha256(key.lower().encode("utf-8")).hexdigest()[:8]
    return f"anonymised-{kind}-{digest}"


__all__ = [
    "Anonymiser",
    "People",
    "anonymise",
    "anonymiser_for",
    "anonymiser_of",
    "day",
    "file_stem",
]
