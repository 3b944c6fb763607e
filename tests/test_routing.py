"""Adaptive routing on the built-in script, without any UI."""

from __future__ import annotations

from conftest import drive, persona

from interviewer.engine.interview import Interview

TRACK = "ml-engineering"


def purposes_by_dimension(asked):
    out: dict[str, set[str]] = {}
    for ask in asked:
        if ask.step.dimension:
            out.setdefault(ask.step.dimension, set()).add(ask.step.purpose)
    return out


def test_low_maturity_gets_pain_probes_and_no_advanced_questions(script):
    iv = Interview(script, TRACK)
    asked = drive(iv, persona("no", 1))
    seen = purposes_by_dimension(asked)
    for dim in script.tracks[TRACK].dimensions:
        assert "pain" in seen[dim], dim
        assert "pain_detail" in seen[dim], dim
        assert "opportunity" in seen[dim], dim
        assert "advanced" not in seen[dim], dim
    # levels 4 and 5 are not asked once level 2 cannot be met
    assert not any(a.step.indicator and a.step.indicator.level >= 4 for a in asked)
    card = iv.scorecard()
    assert all(card.dimensions[d].level == 1 for d in script.tracks[TRACK].dimensions)
    assert card.pains and all(p.severity for p in card.pains)


def test_high_maturity_gets_advanced_questions_and_no_pain_probes(script):
    iv = Interview(script, TRACK)
    asked = drive(iv, persona("yes", 5))
    seen = purposes_by_dimension(asked)
    for dim in script.tracks[TRACK].dimensions:
        assert "advanced" in seen[dim], dim
        assert "pain" not in seen[dim], dim
        assert "clarify" not in seen[dim], dim
    card = iv.scorecard()
    assert all(card.dimensions[d].level == 5 for d in script.tracks[TRACK].dimensions)


def test_inconsistent_answers_get_one_clarifying_question_and_a_perception_gap(script):
    iv = Interview(script, TRACK)
    asked = drive(iv, persona("no", 5))
    for dim in script.tracks[TRACK].dimensions:
        clarify = [a for a in asked if a.step.dimension == dim and a.step.purpose == "clarify"]
        assert len(clarify) == 1, dim
        assert "5" in clarify[0].text  # the question names the self-rating it asks about
        flags = {f.code for f in iv.scorecard().dimensions[dim].flags}
        assert "perception_gap" in flags


def test_vague_answers_get_exactly_one_followup_each(script):
    iv = Interview(script, TRACK)
    asked = drive(iv, persona("partly", 2, text="not sure"))
    open_steps = [a for a in asked if a.step.purpose == "open"]
    followups = [a for a in asked if a.step.purpose == "followup"]
    assert open_steps
    followed = [a.step.follows for a in followups]
    for i, ask in enumerate(asked):  # right after the question it names, under its stored id
        if ask.step.purpose == "followup":
            assert asked[i - 1].step.id == ask.step.follows
            assert ask.step.id == f"{ask.step.follows}.followup"
    with_one = {a.step.id for a in asked if a.step.followup and a.step.purpose != "followup"}
    assert {a.step.id for a in open_steps if a.step.followup} <= with_one
    assert sorted(followed, key=str) == sorted(with_one)
    assert len(followed) == len(set(followed))  # never twice, never a loop


def test_precise_answers_get_no_followup(script):
    iv = Interview(script, TRACK)
    asked = drive(iv, persona("partly", 2))
    assert not [a for a in asked if a.step.purpose == "followup"]


def test_different_answers_take_different_routes(script):
    low = [a.step.id for a in drive(Interview(script, TRACK), persona("no", 1))]
    high = [a.step.id for a in drive(Interview(script, TRACK), persona("yes", 4))]
    assert low != high
    assert len(set(low) ^ set(high)) > 10
