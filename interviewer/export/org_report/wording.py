"""Sentences and words the report's sections share, whatever the format."""

from __future__ import annotations

from interviewer.export.org_report.model import OrgReport
from interviewer.scoring.recommend import PHASE_NAMES

NAMED_SESSIONS = 6  # sessions named in an "and N more" line before "and K other sessions"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def phase_words(phase: str) -> str:
    name, when = PHASE_NAMES.get(phase, (phase, ""))
    return f"{name}, {when}" if when else name


def overall_explained(report: OrgReport) -> str:
    """Why the organisation's overall differs from each session's own: whole levels, weighted
    over every area any session assessed, against each session's scores over its own areas."""
    own = [
        f"{report.role_name(s.track.key)} {s.analysis.overall.score:.1f} over "
        f"{s.analysis.overall.coverage:.0%}"
        for s in report.sessions
        if s.analysis.overall.covered
    ]
    if not own:
        return ""
    shown = own[:NAMED_SESSIONS]
    if len(own) > len(shown):
        shown.append(f"{len(own) - len(shown)} more under Sessions")
    scores = [s.analysis.overall.score for s in report.sessions if s.analysis.overall.covered]
    score = report.overall.score or 0.0
    how = (
        "which is why it is below every session's own"
        if score < min(scores)
        else "which is why it differs from each session's own"
    )
    return (
        "Each session's own overall is the weighted mean of its scores (a level and the "
        "progress toward the next) over the areas it assessed "
        f"({'; '.join(shown)} of the weight). This one takes each area's consolidated level, "
        "a whole number, and weighs it over every area any session assessed, "
        f"{how}."
    )
