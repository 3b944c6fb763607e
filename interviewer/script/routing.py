"""Where an interview can go after a step: the one place routing is worked out from a track.

The engine walks these successors, the linter checks them for unreachable steps and cycles,
and the graph export draws them.
"""

from __future__ import annotations

from interviewer.script.model import END, Step, Track


def successors(track: Track, step: Step) -> list[str]:
    """Where the interview can go after `step`, in the order the machine tries them."""
    cached = track.successor_cache.get(step.id)
    if cached is None:
        cached = track.successor_cache[step.id] = _successors(track, step)
    return cached


def _successors(track: Track, step: Step) -> list[str]:
    base = track.index.get(step.follows, step) if step.follows is not None else step
    out: list[str] = []
    followup = track.followup_of.get(step.id)
    if followup is not None:  # asked after a vague answer, before the question's own rules
        out.append(followup)
    out.extend(rule.target for rule in base.next)
    if not any(rule.condition is None for rule in base.next):
        out.append(fallthrough(track, step))
    return out


def fallthrough(track: Track, step: Step) -> str:
    """The next step in document order, skipping this step's own follow-up."""
    i = track.position[step.id] + 1
    if i < len(track.steps) and track.steps[i].follows == step.id:
        i += 1
    return track.steps[i].id if i < len(track.steps) else END
