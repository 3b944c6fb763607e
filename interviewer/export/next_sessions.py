"""Which sessions assess which area: the script's tracks, so that a report can send what it
could not assess to the session that does (pure)."""

from __future__ import annotations

from interviewer.scoring.recommend import Elsewhere
from interviewer.script.model import Script


def sessions_for(script: Script, dimension: str) -> list[str]:
    """The titles of the role tracks that assess `dimension`; the track that assesses every
    area only when no role track does."""
    every = set(script.dimensions)
    tracks = [t for t in script.tracks.values() if dimension in t.dimensions]
    roles = [t for t in tracks if set(t.dimensions) != every]
    return [t.title for t in roles or tracks]


def the(title: str) -> str:
    """'the ML engineering session', 'the data science team session' (a title's capital kept
    for an acronym: 'ML')."""
    return f"the {title[:1].lower() + title[1:] if title[1:2].islower() else title}"


def either(titles: list[str]) -> str:
    """'the ML engineering session', 'the A or the B'."""
    named = [the(t) for t in titles]
    if len(named) <= 1:
        return "".join(named) or "a session of its own"
    return ", ".join(named[:-1]) + " or " + named[-1]


def elsewhere_phrase(script: Script, prior: Elsewhere) -> str:
    """A prerequisite in an area this session did not assess, with the session that does."""
    dim = script.dimensions.get(prior.dimension)
    name = dim.name if dim else prior.dimension
    return f"{prior.title} ({name}: {either(sessions_for(script, prior.dimension))})"
