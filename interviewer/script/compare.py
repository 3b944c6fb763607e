"""What a new version of a script changes for sessions on an older one, track by track.

`interviewer validate NEW --against OLD` prints it and `interviewer migrate` uses it to say which
questions a moved session will be asked. Steps are matched by id (ids are stable across versions,
see docs/script-format.md): a step only in the new version is added, one only in the old version
is removed (its answers are retired when a session moves), a step whose question text changed is
reworded, one whose kind or options changed has its options changed. Headless and pure.
"""

from __future__ import annotations

from typing import NamedTuple

from interviewer.script.model import Script, Step, Track

KINDS = ("added", "removed", "reworded", "options")  # the order changes are listed in


class StepChange(NamedTuple):
    change: str  # one of KINDS
    step: str
    text: str  # the question: the new wording, or the old one for a removed step
    detail: str = ""  # for "reworded", the old wording; for "options", what changed

    def to_json(self) -> dict[str, str]:
        return self._asdict()


class TrackChanges(NamedTuple):
    key: str
    title: str
    status: str  # "changed", "unchanged", "added" (new track) or "removed" (track dropped)
    steps: tuple[StepChange, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "track": self.key,
            "title": self.title,
            "status": self.status,
            "steps": [s.to_json() for s in self.steps],
        }


def option_changes(old: Step, new: Step) -> str:
    """What changed in the way a step is answered, said briefly; '' when nothing did."""
    if old.kind != new.kind:
        return f"kind {old.kind} -> {new.kind}"
    before = {o.value: o.label for o in old.options}
    after = {o.value: o.label for o in new.options}
    parts = []
    added = [v for v in after if v not in before]
    removed = [v for v in before if v not in after]
    relabelled = [v for v in after if v in before and before[v] != after[v]]
    if added:
        parts.append("added " + ", ".join(added))
    if removed:
        parts.append("removed " + ", ".join(removed))
    if relabelled:
        parts.append("relabelled " + ", ".join(relabelled))
    if (old.min, old.max) != (new.min, new.max):
        parts.append(f"range {_range(old)} -> {_range(new)}")
    return "; ".join(parts)


def _range(step: Step) -> str:
    def shown(x: float | None) -> str:
        return "-" if x is None else f"{x:g}"

    return f"{shown(step.min)}..{shown(step.max)}"


def compare_track(old: Track, new: Track) -> tuple[StepChange, ...]:
    """The changes from `old` to `new`, grouped as KINDS, each group in the order of the track
    it is read from (the new one, or the old one for removed steps)."""
    found: dict[str, list[StepChange]] = {k: [] for k in KINDS}
    for step in new.steps:
        before = old.index.get(step.id)
        if before is None:
            found["added"].append(StepChange("added", step.id, step.text))
            continue
        if before.text != step.text:
            found["reworded"].append(StepChange("reworded", step.id, step.text, before.text))
        detail = option_changes(before, step)
        if detail:
            found["options"].append(StepChange("options", step.id, step.text, detail))
    for step in old.steps:
        if step.id not in new.index:
            found["removed"].append(StepChange("removed", step.id, step.text))
    return tuple(c for k in KINDS for c in found[k])


def compare(old: Script, new: Script) -> list[TrackChanges]:
    """Every track of either version: the new version's tracks in its order, then the tracks
    it dropped. Tracks are built here, so a script that fails validation raises ScriptError."""
    out: list[TrackChanges] = []
    for key in new.tracks:
        track = new.tracks[key]
        if key not in old.tracks:
            steps = tuple(StepChange("added", s.id, s.text) for s in track.steps)
            out.append(TrackChanges(key, track.title, "added", steps))
            continue
        steps = compare_track(old.tracks[key], track)
        out.append(TrackChanges(key, track.title, "changed" if steps else "unchanged", steps))
    for key in old.tracks:
        if key not in new.tracks:
            out.append(TrackChanges(key, old.tracks[key].title, "removed"))
    return out


def notes(old: Script, new: Script) -> list[str]:
    """What stops sessions on `old` from moving to `new`, in sentences."""
    out = []
    if old.id != new.id:
        out.append(
            f"the scripts have different ids ({old.id!r}, {new.id!r}): sessions cannot move "
            "from one to the other"
        )
    elif new.version <= old.version:
        out.append(
            f"version {new.version} is not newer than {old.version}: raise `version:` before "
            "moving sessions to it"
        )
    return out


def describe(old: Script, new: Script) -> list[str]:
    """The changes as lines to read: per track, then what stops a move, if anything."""
    out = [f"{new.id}: version {old.version} -> {new.version}"]
    if old.route != new.route:
        out.append(
            f"route: {old.route} -> {new.route} (how each dimension's indicators are asked; "
            "a moved session keeps every answer it gave)"
        )
    width = max(len(k) for k in KINDS)
    for track in compare(old, new):
        name = f"track {track.key} ({track.title})"
        if track.status == "unchanged":
            out.append(f"{name}: unchanged")
            continue
        if track.status == "added":
            out.append(f"{name}: new in version {new.version}, {len(track.steps)} steps")
            continue
        if track.status == "removed":
            out.append(f"{name}: removed; sessions on it cannot move to version {new.version}")
            continue
        counts = [
            f"{n} {kind if kind != 'options' else 'with options changed'}"
            for kind in KINDS
            if (n := sum(1 for s in track.steps if s.change == kind))
        ]
        out.append(f"{name}: {', '.join(counts)}")
        for s in track.steps:
            out.append(f"  {s.change.ljust(width)}  {s.step}: {_one_line(s.text)}")
            if s.change == "reworded":
                out.append(f"  {''.ljust(width)}  was: {_one_line(s.detail)}")
            elif s.detail:
                out.append(f"  {''.ljust(width)}  {s.detail}")
    out += [f"note: {n}" for n in notes(old, new)]
    return out


def _one_line(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changes_json(old: Script, new: Script) -> dict[str, object]:
    return {
        "from": {"id": old.id, "version": old.version, "sha256": old.sha256},
        "to": {"id": new.id, "version": new.version, "sha256": new.sha256},
        "tracks": [t.to_json() for t in compare(old, new)],
        "notes": notes(old, new),
    }
