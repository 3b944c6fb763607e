"""Scoring is pure: the same answers always give the same levels, ranges and flags."""

from __future__ import annotations

import math
from typing import Any

from conftest import drive, persona

from interviewer.engine.interview import Interview
from interviewer.records import Annotation, LevelOverride, Note
from interviewer.scoring import Evidence, score_answers
from interviewer.scoring import levels as lv
from interviewer.scoring.dimension import assess
from interviewer.scoring.levels import credit
from interviewer.script.model import Dimension


def ev_for(dim: Dimension, by_level: dict[int, list[str]], **kw: Any) -> Evidence:
    ev = Evidence(**kw)
    for level, values in by_level.items():
        for ind, value in zip(dim.indicators_at(level), values, strict=False):
            ev.indicators[ind.id] = value
    return ev


def test_credit_is_monotone():
    yes, partly, no = (credit(v, False) for v in ("yes", "partly", "no"))
    assert yes is not None and partly is not None and no is not None
    assert yes > partly > no
    assert credit("unknown", False) == 0 and credit("unknown", True) == 1
    assert credit("na", False) is None


def test_a_gap_below_costs_the_levels_above_part_of_their_credit_and_is_named(mini):
    dim = mini.dimensions["deployment_serving"]
    ev = ev_for(dim, {2: ["yes", "yes"], 3: ["yes", "no"], 4: ["yes", "yes"]})
    # level 3 half in place (critical CI/CD yes, rollback no) counts 0.5; level 4 in place counts
    # three quarters of itself plus a quarter of the half beneath it: 1 + 1 + 0.5 + 0.875
    assert math.isclose(lv.score(dim, ev.indicators, "point"), 3.375)
    assert lv.level(dim, ev.indicators, "point") == 3
    flags = {f.code: f.message for f in assess(dim, ev, mini.cues).flags}
    assert (
        flags["skipped_foundation"]
        == "Level 4 practices are in place while level 3 is not fully in place."
    )


def test_critical_indicator_blocks_the_level(mini):
    dim = mini.dimensions["deployment_serving"]
    ev = ev_for(dim, {2: ["no", "yes"]})  # 'scripted' is critical
    assert lv.level(dim, ev.indicators, "point") == 1


def test_unknowns_widen_the_range_and_lower_confidence(mini):
    dim = mini.dimensions["deployment_serving"]
    ev = ev_for(dim, {2: ["yes", "unknown"], 3: ["unknown", "unknown"]})
    score = assess(dim, ev, mini.cues)
    # don't know read as yes makes levels 2 and 3; levels 4 and 5 were never answered
    assert score.range == (1, 3)
    assert score.confidence == "low"
    assert "too_many_unknowns" in {f.code for f in score.flags}
    described = ["We deploy with a script that anyone on the team can run."]
    sure = assess(
        dim, ev_for(dim, {2: ["yes", "yes"], 3: ["no", "no"]}, texts=described), mini.cues
    )
    assert sure.range == (2, 2) and sure.confidence == "high"


def test_na_leaves_the_denominator(mini):
    dim = mini.dimensions["deployment_serving"]
    ev = ev_for(dim, {2: ["yes", "na"], 3: ["no", "no"]})
    assert lv.level(dim, ev.indicators, "point") == 2


def test_perception_gap_both_ways(mini):
    dim = mini.dimensions["deployment_serving"]
    over = assess(dim, ev_for(dim, {2: ["no", "no"], 3: ["no", "no"]}, self_rating=5), mini.cues)
    assert [f.severity for f in over.flags if f.code == "perception_gap"] == ["high"]
    under = assess(
        dim,
        ev_for(dim, {2: ["yes"] * 2, 3: ["yes"] * 2, 4: ["yes"] * 2}, self_rating=1),
        mini.cues,
    )
    assert [f.severity for f in under.flags if f.code == "perception_gap"] == ["medium"]


def test_cue_words_alone_are_no_contradiction(mini):
    """Contradictions come from the script's declared checks (tests/test_contradictions.py), not
    from low-maturity words next to level-3 answers: mini declares none."""
    dim = mini.dimensions["deployment_serving"]
    ev = ev_for(dim, {2: ["yes", "yes"], 3: ["yes", "yes"]}, texts=["honestly we do it by hand"])
    score = assess(dim, ev, mini.cues)
    assert "contradiction" not in {f.code for f in score.flags} and score.contradictions == ()


def test_overall_is_the_weighted_mean_of_dimension_scores(script):
    iv = Interview(script, "full")
    drive(iv, persona("partly", 3))
    card = iv.scorecard()
    covered = [k for k, d in card.dimensions.items() if d.covered]
    assert len(covered) == 7 and math.isclose(card.overall.coverage, 1.0)
    weights = {k: script.dimensions[k].weight for k in covered}
    expected = sum(weights[k] * card.dimensions[k].score for k in covered) / sum(weights.values())
    assert math.isclose(card.overall.score, expected)


def test_overall_renormalises_weights_over_covered_dimensions(script):
    iv = Interview(script, "ml-engineering")
    drive(iv, persona("yes", 4))
    card = iv.scorecard()
    covered = [k for k, d in card.dimensions.items() if d.covered]
    total = sum(script.dimensions[k].weight for k in covered)
    assert math.isclose(card.overall.coverage, total)
    expected = sum(script.dimensions[k].weight * card.dimensions[k].score for k in covered) / total
    assert math.isclose(card.overall.score, expected)
    lo, hi = card.overall.score_range
    assert lo <= card.overall.score <= hi


def test_pain_severity_is_frequency_times_impact(mini):
    track = mini.tracks["short"]
    answers = {
        "deployment_serving.pains": ["slow", "breaks"],
        "deployment_serving.pain.slow.frequency": "weekly",
        "deployment_serving.pain.slow.impact": "revenue",
        "deployment_serving.pain.breaks.frequency": "quarterly",
        "deployment_serving.pain.breaks.impact": "team_days",
    }
    card = score_answers(mini, track, answers)
    assert [(p.pain_id, p.severity, p.critical) for p in card.pains] == [
        ("slow", 9, True),
        ("breaks", 2, False),
    ]


def test_notes_feed_the_assessment_quotes_pain_and_overrides(mini):
    from interviewer.scoring.annotations import facilitated

    iv = Interview(mini, "short")
    drive(iv, persona("no", 1, text="We deploy by hand every Friday night"), limit=6)
    card = iv.scorecard()
    open_turn = iv.transcript[4]
    assert open_turn.step.kind == "text"
    notes: list[Note] = [
        Annotation(
            4, open_turn.event_index, open_turn.step.id, "key", ("quote", "pain"), 1, "alex"
        ),
        LevelOverride("deployment_serving", 2, "saw it", 2, "kim"),
        LevelOverride("deployment_serving", 3, "later", 3, "kim"),
    ]
    out = facilitated(card, iv.transcript, notes)
    assert out.quotes[0].text == "We deploy by hand every Friday night"
    assert out.quotes[0].dimension == "deployment_serving"
    assert out.pains[0].text == "key"
    override = out.overrides["deployment_serving"]
    assert (override.level, override.computed, override.reason) == (3, 1, "later")
    assert out.level(card, "deployment_serving") == 3
    assert card.dimensions["deployment_serving"].level == 1  # the computed level is kept
