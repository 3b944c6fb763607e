"""A completed session's analysis, cached beside it in `analysis-cache.json` so that a report
over many sessions replays only the sessions that changed.

The cache is keyed by SHA-256 hashes of the session's event log and of its script, with the
session's track, the built-in script's hash (a session pinned to an older script reads some
labels and business-case roles from it), this version of interviewer and the format below: a
new event, a migrated or edited script or an upgrade misses, and the session is replayed and
its cache written again. Only a completed session is cached (an open one changes with every
answer). A cache that cannot be read, does not match or does not read back as an analysis is
ignored and replaced, never trusted: the store checks that the file is whole, and every field
is checked as it is read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interviewer import __version__
from interviewer.export.org_report.analysis import SessionAnalysis
from interviewer.export.org_report.analysis_json import (
    CacheDamaged,
    analysis_from_json,
    analysis_to_json,
)
from interviewer.records import SessionMeta
from interviewer.script import ScriptError, load_script
from interviewer.script.model import Script
from interviewer.store import SessionRef
from interviewer.store.analysis_cache import file_sha256, read_cache, write_cache

FORMAT = 1  # what an analysis holds: raise it when `analysis` reads a session differently


@dataclass(frozen=True)
class AnalysisCache:
    builtin: str  # the built-in script's hash ("" when it cannot be loaded)

    @classmethod
    def here(cls) -> AnalysisCache:
        try:
            return cls(load_script().sha256)
        except ScriptError:
            return cls("")

    def key(self, ref: SessionRef, meta: SessionMeta, script: Script) -> dict[str, Any] | None:
        """What a cached analysis of the session must have been made from; None when the
        event log cannot be read (replaying it says why)."""
        try:
            transcript = file_sha256(ref.transcript)
        except OSError:
            return None
        return {
            "format": FORMAT,
            "version": __version__,
            "track": meta.track,
            "script": script.sha256,
            "transcript": transcript,
            "builtin": self.builtin,
        }

    def read(self, ref: SessionRef, key: dict[str, Any]) -> SessionAnalysis | None:
        """The cached analysis made under `key`, or None."""
        found = read_cache(ref)
        if found is None or found.key != key:
            return None
        try:
            return analysis_from_json(found.analysis)
        except CacheDamaged:  # whole, but not an analysis this version reads
            return None

    def write(self, ref: SessionRef, key: dict[str, Any], analysis: SessionAnalysis) -> None:
        write_cache(ref, key, analysis_to_json(analysis))
