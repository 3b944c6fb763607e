"""Pacing: each segment's questions fit its minutes for an ordinary interviewee, and the progress
figure follows the expected time of the interview rather than the count of steps."""

from __future__ import annotations

from collections import defaultdict

import pytest
from conftest import MINI, drive, persona
from maturity_levels import interviewee, paced

from interviewer.engine.interview import Ask, Interview
from interviewer.script import Script, ScriptError, load_script
from interviewer.script.timing import expected_seconds

TRACKS = ("executive", "tech-lead", "data-science", "ml-engineering", "platform", "full")
MATURITIES = (1, 3, 5)
FIT = 1.10  # a segment's expected time may run to 110% of its minutes (README, "Pacing")

_usual = persona("yes", 2, pains="1,2")


def ordinary(ask: Ask) -> str:
    """The interviewee the budgets are written for: level 2 in place, level 3 partly, nothing
    above; a self-rating of 2 that agrees; two pain points ticked; a sentence per open answer."""
    step = ask.step
    if step.kind == "indicator" and step.indicator is not None:
        level = step.indicator.level
        return "yes" if level <= 2 else "partly" if level == 3 else "no"
    return _usual(ask)


def walk(script: Script, track: str) -> tuple[Interview, list[Ask], list[float]]:
    """An ordinary interview of the track: the asks, and the progress shown at each."""
    iv = Interview(script, track)
    shown: list[float] = []
    asks: list[Ask] = []
    while iv.ask() is not None:
        shown.append(iv.progress())
        asks += drive(iv, ordinary, start=1000.0 + 5 * len(asks), limit=1)
    return iv, asks, shown


def segment_seconds(asks: list[Ask]) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)
    for ask in asks:
        spent[ask.step.segment] += expected_seconds(ask.step)
    return spent


def overrun(script: Script, track: str, asks: list[Ask]) -> list[str]:
    """The segments whose questions' expected time passes FIT of their minutes."""
    spent = segment_seconds(asks)
    return [
        f"{seg.title}: {spent[seg.id] / 60:.1f} of {seg.minutes:g} min"
        for seg in script.tracks[track].segments
        if spent[seg.id] > FIT * seg.minutes * 60
    ]


@pytest.mark.parametrize("track", TRACKS)
def test_each_segment_of_an_ordinary_interview_fits_its_minutes(script, track):
    _, asks, _ = walk(script, track)
    over = overrun(script, track, asks)
    assert not over, f"{track}: expected time over the segment's minutes: {over}"


@pytest.mark.parametrize("level", MATURITIES)
@pytest.mark.parametrize("track", TRACKS)
def test_each_segment_fits_its_minutes_at_every_maturity(script, track, level):
    """A team at level 1, 3 or 5 answering at the expected pace: every segment within its
    minutes, and a level-5 team is asked advanced questions in every area the track covers
    (optional ones only while they can end within their segment's minutes)."""
    _, asks = paced(script, track, interviewee(level))
    over = overrun(script, track, asks)
    assert not over, f"{track} at level {level}: {over}"
    covered = {a.step.dimension for a in asks if a.step.kind == "indicator"}
    advanced = {a.step.dimension for a in asks if a.step.purpose == "advanced"}
    if level == 5:
        assert advanced == covered, f"{track}: no advanced question in {covered - advanced}"
    if level == 1:
        assert not advanced


def test_the_table_tells_open_answers_from_quick_checks(script):
    steps = script.tracks["full"].steps
    by_purpose = {s.purpose: expected_seconds(s) for s in steps}
    indicator = next(s for s in steps if s.kind == "indicator")
    assert by_purpose["open"] >= 60 * 1.5  # minutes of typing
    assert expected_seconds(indicator) <= 20  # seconds of reading
    assert by_purpose["self_rating"] > expected_seconds(indicator)


def test_a_step_can_set_its_own_expected_seconds(tmp_path):
    text = MINI.read_text().replace(
        "            text: What is the budget?\n",
        "            text: What is the budget?\n            seconds: 240\n",
    )
    path = tmp_path / "timed.yaml"
    path.write_text(text)
    track = load_script(path).tracks["short"]
    assert expected_seconds(track.index["budget"]) == 240
    assert expected_seconds(track.index["models"]) == expected_seconds(
        load_script(MINI).tracks["short"].index["models"]
    )
    path.write_text(text.replace("seconds: 240", "seconds: 0"))
    with pytest.raises(ScriptError, match="`seconds` must be more than 0"):
        load_script(path).tracks["short"]


@pytest.mark.parametrize("track", TRACKS)
def test_progress_follows_the_expected_time_of_the_walk(script, track, caplog):
    """At each question the figure is within 0.15 of the share of the walk's expected time
    already behind, worked out once the walk is over, and it never drops by more than 0.03."""
    with caplog.at_level("WARNING", logger="interviewer.script"):
        _, asks, shown = walk(script, track)
    assert not caplog.records  # conditions on answers not given yet are not failures
    seconds = [expected_seconds(ask.step) for ask in asks]
    total = sum(seconds)
    behind = 0.0
    for i, (ask, figure) in enumerate(zip(asks, shown, strict=True)):
        assert abs(figure - behind / total) <= 0.15, (ask.step.id, figure, behind / total)
        if i:
            assert figure >= shown[i - 1] - 0.03, (ask.step.id, shown[i - 1], figure)
        behind += seconds[i]


def test_the_steps_ahead_follow_the_route_taken(mini):
    """In the mini script an executive goes straight to the budget question: the models
    question is no longer ahead, so progress jumps past it."""
    engineer, executive = Interview(mini, "short"), Interview(mini, "short")
    engineer.apply(engineer.interpret("1", 10).events[0])
    executive.apply(executive.interpret("2", 10).events[0])
    assert executive.asking == "budget" and engineer.asking == "models"
    assert executive.progress() > engineer.progress()
