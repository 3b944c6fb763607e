"""The organisation's own targets: what any of its sessions stated as a success criterion or
desired outcome with a number ("deploy lead time under a day"), set beside the roadmap metric it
is the target of. A session's report can only use what its own interviewee said; across the
organisation the executive's numbers become the target of the work the technical sessions
raised. The first session (oldest first) whose words name the metric gives its target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, Protocol

from interviewer.markdown_text import inline
from interviewer.scoring.said import Said
from interviewer.scoring.targets import TARGET_ROLES, client_target
from interviewer.script.model import Metric, Script, Track


class _Session(Protocol):
    """What is read of a session: its role answers (`scoring.said.role_answers`)."""

    @property
    def session_id(self) -> str: ...
    @property
    def track(self) -> Track: ...
    @property
    def said(self) -> Mapping[str, Said]: ...


class OwnTarget(NamedTuple):
    """A metric of the roadmap and the target the organisation stated for it."""

    metric: str  # the metric's text
    benchmark: str  # the guide's, shown beside it
    text: str  # their words
    session: str
    track: str  # the track key of the session that said it
    turn: int
    actions: tuple[str, ...]  # the roadmap's action ids that move it


def own_targets(
    script: Script, sessions: Iterable[_Session], action_ids: Iterable[str]
) -> list[OwnTarget]:
    """Each roadmap metric a session stated a target for, in the order the actions come."""
    stated: list[tuple[_Session, Said]] = []
    for data in sessions:
        roles = data.said
        stated += [(data, roles[r]) for r in TARGET_ROLES if r in roles]
    metrics: dict[tuple[str, str], tuple[Metric, list[str]]] = {}
    authored = {a.id: (d, a) for d in script.dimensions.values() for a in d.actions}
    for action_id in action_ids:
        if action_id not in authored:
            continue
        dim, action = authored[action_id]
        metric = next((m for m in dim.metrics if m.id == action.metric), None)
        if metric is not None:
            metrics.setdefault((dim.key, metric.id), (metric, []))[1].append(action_id)
    out = []
    for metric, ids in metrics.values():
        tried: set[str] = set()  # words that did not name it: many sessions say the same
        for data, words in stated:
            if words.text in tried:
                continue
            tried.add(words.text)
            found = client_target(metric, [words])
            if found is not None:
                track = data.track.key
                out.append(
                    OwnTarget(
                        metric.text,
                        metric.benchmark,
                        found.text,
                        data.session_id,
                        track,
                        found.turn,
                        tuple(ids),
                    )
                )
                break
    return out


def own_targets_md(
    targets: list[OwnTarget], numbers: Mapping[str, int], role_name: Mapping[str, str]
) -> list[str]:
    """The roadmap's "Their own targets" lines: each target quoted with who said it, the
    guide's benchmark beside it, and the numbered actions that move it."""
    if not targets:
        return []
    out = ["### Their own targets", ""]
    for t in targets:
        moved = ", ".join(f"#{numbers[a]}" for a in t.actions if a in numbers)
        line = (
            f"- {inline(t.metric)}: “{inline(t.text)}” ({inline(role_name.get(t.track, t.track))},"
            f" turn {t.turn})"
        )
        line += f"; the guide's benchmark: {inline(t.benchmark)}" if t.benchmark else ""
        out.append(line + (f"; moved by {moved}." if moved else "."))
    return [*out, ""]


def own_target_json(t: OwnTarget) -> dict[str, Any]:
    return t._asdict() | {"actions": list(t.actions)}
