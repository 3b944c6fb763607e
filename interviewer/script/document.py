"""Building the Script from its parsed document: the top level here, tracks when first used."""

from __future__ import annotations

from typing import Any

from interviewer.script.actions import check_actions, load_owners, load_preconditions
from interviewer.script.dimensions import load_dimension, load_levels
from interviewer.script.expand import ROUTES
from interviewer.script.fields import ID_RE, Fields, Raw
from interviewer.script.line_data import line_of
from interviewer.script.linter import lint_track
from interviewer.script.model import DIMENSION_KEYS, Dimension, Script, Track
from interviewer.script.notice import load_notice
from interviewer.script.post_discovery import load_post_discovery
from interviewer.script.problems import Problem
from interviewer.script.texts import DEFAULT_TEMPLATES
from interviewer.script.tracks import TrackBuilder, TrackMap

MAX_VERSION = 2**31 - 1  # room for date-like versions (2026120701), and any JSON reader's int


def build_script(
    doc: Any, sha256: str, path: str = "<script>", build_all: bool = True, lint: bool = True
) -> tuple[Script | None, list[Problem]]:
    """The script and its problems; None if it is unusable as a whole.

    The problems are the top level's, and with `build_all` every track's too (each track is
    built and linted now). Otherwise a track is built when first used and raises ScriptError
    then if it has problems. `lint=False` skips the linter: only for a document read back from
    the script cache, which holds only scripts that were linted clean."""
    f = Fields(lint)
    if not isinstance(doc, dict):
        return None, [Problem(1, "a script must be a YAML mapping")]
    for key, at in getattr(doc, "duplicate_keys", ()):
        f.problem(at, f"duplicate key {key!r}")
    script_id = f.ident(doc)
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        f.problem(line_of(doc, "version"), "`version` must be an integer")
        version = 0
    elif not 1 <= version <= MAX_VERSION:
        said = str(version) if len(str(version)) <= 20 else f"{str(version)[:20]}…"
        f.problem(
            line_of(doc, "version"),
            f"`version` must be a whole number from 1 to {MAX_VERSION:,}, not {said}",
        )
        version = 0
    levels = load_levels(f, doc)
    cues_raw = f.mapping(doc, "cues", required=False)
    cues = {
        name: tuple(str(c).lower() for c in f.sequence(cues_raw, name))
        for name in ("pain", "low_maturity")
    }
    templates_raw = f.mapping(doc, "templates", required=False)
    templates = {k: str(v) for k, v in templates_raw.items() if isinstance(k, str)}
    for name in templates_raw:
        if name not in DEFAULT_TEMPLATES:
            f.problem(line_of(templates_raw, name), f"unknown template {name!r}")

    route = f.text(doc, "route", required=False, default="climb")
    if route not in ROUTES:
        f.problem(line_of(doc, "route"), f"`route` must be one of {', '.join(ROUTES)}")
        route = "climb"
    post_discovery = load_post_discovery(f, doc)
    notice = load_notice(f, doc)

    dims: dict[str, tuple[Dimension, Raw]] = {}
    dims_raw = f.mapping(doc, "dimensions")
    for key, raw in dims_raw.items():
        if key not in DIMENSION_KEYS:
            f.problem(
                line_of(dims_raw, key),
                f"unknown dimension {key!r} (expected one of {', '.join(DIMENSION_KEYS)})",
            )
            continue
        if not isinstance(raw, dict):
            f.problem(line_of(dims_raw, key), f"dimension {key} must be a mapping")
            continue
        dims[key] = (load_dimension(f, key, raw), raw)
    owners = load_owners(f, doc)
    preconditions = load_preconditions(f, doc)
    check_actions(f, [d for d, _ in dims.values()], owners, preconditions)
    if dims:
        total = sum(d.weight for d, _ in dims.values())
        if abs(total - 1.0) > 1e-6:
            f.problem(line_of(doc, "dimensions"), f"dimension weights add up to {total:g}, not 1")

    tracks_raw = f.mapping(doc, "tracks")
    level_names = {n: lv.name for n, lv in levels.items()}
    raw_tracks: dict[str, Raw] = {}
    for key, raw in tracks_raw.items():
        if not isinstance(raw, dict) or not isinstance(key, str) or not ID_RE.fullmatch(key):
            f.problem(line_of(tracks_raw, key), f"track {key!r} must be a mapping with a valid id")
            continue
        raw_tracks[key] = raw

    def build(key: str) -> tuple[Track, list[Problem]]:
        tf = Fields()
        track = TrackBuilder(tf, key, dims, templates, level_names, route).build(raw_tracks[key])
        if not lint:
            return track, tf.problems
        return track, tf.problems + lint_track(script, track)

    tracks = TrackMap(list(raw_tracks), build, path, clean=not lint)
    script = Script(
        id=script_id,
        version=version,
        title=f.text(doc, "title"),
        intro=f.text(doc, "intro", required=False),
        outro=f.text(doc, "outro", required=False),
        levels=levels,
        cues=cues,
        dimensions={k: d for k, (d, _) in dims.items()},
        tracks=tracks,
        sha256=sha256,
        post_discovery=post_discovery,
        notice=notice,
        owners=owners,
        preconditions=preconditions,
        route=route,
    )
    problems = list(f.problems)
    if build_all:
        for key in raw_tracks:
            problems += tracks.build(key)[1]
    return script, problems


def track_problems(script: Script) -> list[Problem]:
    """Every track's problems, building (and linting) the tracks not built yet."""
    tracks = script.tracks
    if not isinstance(tracks, TrackMap):
        return []
    return [p for key in tracks for p in tracks.build(key)[1]]
