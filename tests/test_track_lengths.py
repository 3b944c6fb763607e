"""Each built-in track, walked by an ordinary interviewee at maturity 1, 3 and 5, keeps to its
length, asks each fact once, and asks at most one detail question per pain ticked."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest
from conftest import drive, persona
from maturity_levels import TARGETS, interviewee, walk

from interviewer.engine.interview import Ask, Interview
from interviewer.script import Script
from interviewer.script.texts import ANSWER_REF

# questions once asked on the same fact: at most one of each group may be asked in a track
# (matched on the last part of the step id, so a dimension's copy counts as the same question)
SAME_FACT = [
    {"new-feature", "feature-lead-time"},
    {"problem-to-prototype", "time-to-prototype"},
    {"retraining-trigger", "retrain-trigger", "intelligent-retraining"},
    {"scaling-cost", "cost-management", "resource-optimisation"},
    {"collaboration", "knowledge-sharing"},
    {"desired-future", "success-criteria"},
    {"team", "team-size"},
]
# question parts built from one template per dimension: alike by design, each on its own area
TEMPLATED = {"self_rating", "target", "pain", "pain_detail", "opportunity", "clarify"}
STOP_WORDS = """a an the and or of to in on for with your you do how what is are it that this
there which when who does from as by at be have has we our about any they them their its if
than more most one can so would"""
STOP = set(STOP_WORDS.split())


def ordinary(ask: Ask) -> str:
    """A mid-maturity interviewee: level 2 in place, level 3 in part, two pains ticked, and
    concrete answers that mention a team size and a duration."""
    step = ask.step
    if step.kind == "indicator" and step.indicator is not None:
        return {2: "yes", 3: "partly"}.get(step.indicator.level, "no")
    text = (
        "We are about 25 people; we run scheduled pipelines with a review each release, "
        "and a new feature takes about six weeks to reach production."
    )
    return persona("yes", 3, text=text, pains="1,2")(ask)


@pytest.fixture(scope="module")
def walks(script: Script) -> dict[str, list[Ask]]:
    return {track: drive(Interview(script, track), ordinary, gap=20.0) for track in TARGETS}


def _last(step_id: str) -> str:
    return step_id.rsplit(".", 1)[-1]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP and len(w) > 2}


MATURITIES = (1, 3, 5)


@pytest.fixture(scope="module")
def at_every_maturity(script: Script) -> dict[tuple[str, int], list[Ask]]:
    return {(t, n): walk(script, t, interviewee(n)) for t in TARGETS for n in MATURITIES}


@pytest.mark.parametrize("level", MATURITIES)
@pytest.mark.parametrize("track", list(TARGETS))
def test_every_track_keeps_to_its_length_at_every_maturity(at_every_maturity, track, level):
    """A team at level 1, 3 or 5 everywhere (the next level in part, the rest not): the route
    asks what the level needs, so a mature team is not asked more than a young one."""
    asked = at_every_maturity[(track, level)]
    assert asked, "the track asked nothing"
    assert len(asked) <= TARGETS[track], (
        f"{track} at level {level}: {len(asked)} questions, target {TARGETS[track]}: "
        f"{Counter(a.step.purpose for a in asked)}"
    )


@pytest.mark.parametrize("track", list(TARGETS))
def test_an_ordinary_interview_keeps_to_the_tracks_length(walks, track):
    asked = walks[track]
    assert asked, "the track asked nothing"
    assert len(asked) <= TARGETS[track], (
        f"{track}: {len(asked)} questions, target {TARGETS[track]}: "
        f"{Counter(a.step.purpose for a in asked)}"
    )


def _own_words(ask: Ask) -> set[str]:
    """The question's own words: an earlier answer it quotes (the alternative's name in each
    of its ratings) is the interviewee's, not a repeat of the question."""
    if ANSWER_REF.search(ask.step.text):
        return _words(ANSWER_REF.sub("", ask.step.text))
    return _words(ask.text)


@pytest.mark.parametrize("track", list(TARGETS))
def test_no_two_questions_on_the_same_fact(walks, track):
    asked = [a.step.id for a in walks[track]]
    assert len(asked) == len(set(asked)), "a question was asked twice"
    for group in SAME_FACT:
        both = [s for s in asked if _last(s) in group]
        assert len(both) <= 1, f"{track} asks the same fact twice: {both}"
    alike = []
    texts = [a for a in walks[track] if a.step.kind != "indicator"]
    for a, b in itertools.combinations(texts, 2):
        if a.step.purpose in TEMPLATED or b.step.purpose in TEMPLATED:
            continue
        if a.step.dimension != b.step.dimension:
            continue
        wa, wb = _own_words(a), _own_words(b)
        if wa and wb and len(wa & wb) / min(len(wa), len(wb)) >= 0.7:
            alike.append((a.step.id, b.step.id))
    assert not alike, f"{track} asks near-identical questions: {alike}"


@pytest.mark.parametrize("track", list(TARGETS))
def test_at_most_one_detail_question_per_ticked_pain(walks, track):
    asked = walks[track]
    ticked = sum(
        len(a.step.options) and 2  # the ordinary interviewee ticks the first two
        for a in asked
        if a.step.purpose == "pain"
    )
    per_pain = Counter(
        (a.step.dimension, a.step.pain.id)
        for a in asked
        if a.step.purpose == "pain_detail" and a.step.pain is not None
    )
    assert all(n == 1 for n in per_pain.values()), per_pain
    assert sum(per_pain.values()) <= ticked
