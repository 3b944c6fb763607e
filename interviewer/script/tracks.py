"""Building a track: its segments, plain steps and dimension placements, follow-ups added."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from interviewer.script.expand import Expander, parts_of
from interviewer.script.fields import Fields, Raw
from interviewer.script.line_data import line, line_of
from interviewer.script.model import Dimension, Segment, Step, Track, followup_id
from interviewer.script.problems import Problem, ScriptError, ordered
from interviewer.script.steps import plain_step


class TrackBuilder:
    def __init__(
        self,
        f: Fields,
        key: str,
        dims: dict[str, tuple[Dimension, Raw]],
        templates: dict[str, str],
        level_names: dict[int, str],
        route: str = "climb",
    ) -> None:
        self.f, self.key, self.dims, self.templates = f, key, dims, templates
        self.level_names, self.route = level_names, route
        self.steps: list[Step] = []
        self.ids: dict[str, int] = {}

    def earlier(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def add(self, step: Step, segment: Segment) -> None:
        if step.id in self.ids:
            self.f.problem(
                step.line,
                f"track {self.key}: duplicate step id {step.id!r} "
                f"(first defined on line {self.ids[step.id]})",
            )
            return
        step.segment = segment.id
        self.ids[step.id] = step.line
        self.steps.append(step)
        segment.step_ids.append(step.id)
        if step.kind == "text" and step.followup and step.purpose != "followup":
            follow = Step(
                id=followup_id(step.id),
                kind="text",
                purpose="followup",
                text=step.followup,
                follows=step.id,
                dimension=step.dimension,
                priority="optional" if step.priority == "optional" else "normal",
                required=False,
                help="Your first answer was short, so I asked for a little more detail.",
                line=step.line,
                segment=segment.id,
            )
            self.ids[follow.id] = step.line
            self.steps.append(follow)
            segment.step_ids.append(follow.id)

    def placement(self, item: Raw, seg: Segment, dims_used: dict[str, set[str]]) -> None:
        """A `dimension:` entry in a segment: the dimension's steps for the parts it names."""
        f = self.f
        key = item["dimension"]
        if not isinstance(key, str) or key not in self.dims:
            f.problem(line_of(item, "dimension"), f"unknown dimension {key!r}")
            return
        parts = set(parts_of(item))
        clash = parts & dims_used.get(key, set())
        if clash:
            f.problem(
                line(item),
                f"track {self.key}: dimension {key} already asks "
                f"{', '.join(sorted(clash))} earlier in this track",
            )
            return
        dims_used.setdefault(key, set()).update(parts)
        seg.dimensions.append(key)
        dim, raw = self.dims[key]
        expander = Expander(
            f, dim, raw, self.templates, self.level_names, self.dims, self.earlier, self.route
        )
        for i, step in enumerate(expander.steps(item)):
            if i == 0 and dim.intro and len(dims_used[key]) == len(parts):
                step.say = dim.intro
            self.add(step, seg)

    def build(self, raw: Raw) -> Track:
        f = self.f
        segments: list[Segment] = []
        seg_ids: set[str] = set()
        dims_used: dict[str, set[str]] = {}
        for seg_raw in f.sequence(raw, "segments", required=True):
            if not isinstance(seg_raw, dict):
                f.problem(line(raw), f"track {self.key}: a segment must be a mapping")
                continue
            seg = Segment(
                id=f.ident(seg_raw),
                title=f.text(seg_raw, "title"),
                minutes=f.number(seg_raw, "minutes") or 0.0,
            )
            if seg.id in seg_ids:
                f.problem(line(seg_raw), f"track {self.key}: duplicate segment id {seg.id!r}")
            seg_ids.add(seg.id)
            segments.append(seg)
            for item in f.sequence(seg_raw, "steps", required=True):
                if not isinstance(item, dict):
                    f.problem(line(seg_raw), "a step must be a mapping")
                elif "dimension" in item and "id" not in item:
                    self.placement(item, seg, dims_used)
                else:
                    for step in plain_step(f, item, self.dims, self.templates, self.earlier):
                        self.add(step, seg)
        minutes = f.number(raw, "minutes") or 0.0
        total = sum(s.minutes for s in segments)
        if segments and abs(total - minutes) > 1e-6:
            f.problem(
                line_of(raw, "minutes"),
                f"track {self.key}: segments add up to {total:g} minutes, not {minutes:g}",
            )
        if not self.steps:
            f.problem(line(raw), f"track {self.key}: no steps")
        return Track(
            key=self.key,
            title=f.text(raw, "title"),
            summary=f.text(raw, "summary", required=False),
            minutes=minutes,
            segments=segments,
            steps=self.steps,
            line=line(raw),
            invite_as=tuple(str(w).lower() for w in f.sequence(raw, "invite_as")),
        )


class TrackMap(Mapping[str, Track]):
    """Tracks are expanded when first used: starting an interview on a cached script builds
    one track. A track with problems raises ScriptError (with every problem) when used.

    `key in tracks` builds the track too, so a broken one is a ScriptError there, unless the
    tracks are known `clean` (a script from the cache, where every track was linted clean):
    then a track named exists, and a session starts on it before it is built."""

    def __init__(
        self,
        keys: list[str],
        build: Callable[[str], tuple[Track, list[Problem]]],
        path: str,
        clean: bool = False,
    ) -> None:
        self._keys, self._build, self._path, self._clean = keys, build, path, clean
        self._built: dict[str, Track] = {}
        self.problems: dict[str, list[Problem]] = {}

    def build(self, key: str) -> tuple[Track, list[Problem]]:
        """The track and its problems, without raising."""
        if key not in self._built:
            if key not in self._keys:
                raise KeyError(key)
            self._built[key], self.problems[key] = self._build(key)
        return self._built[key], self.problems[key]

    def __getitem__(self, key: str) -> Track:
        track, problems = self.build(key)
        if problems:
            raise ScriptError(self._path, ordered(problems))
        return track

    def __contains__(self, key: object) -> bool:
        return key in self._keys if self._clean else super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
