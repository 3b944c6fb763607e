"""Confidence means something: never "high" with a quarter of the relevant indicators open or
with an unresolved contradiction, and every reason is a sentence a client can read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from conftest import drive, persona
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.engine.interview import Ask, Interview
from interviewer.scoring import Evidence, Flag, score_answers
from interviewer.scoring import levels as lv
from interviewer.scoring.confidence import confidence
from interviewer.scoring.dimension import assess
from interviewer.script import Script

KEY = "deployment_serving"
SAID = "We ship through a pipeline and roll back from the registry when a release misbehaves."
# level 3, fully answered: level 2 and 3 in place, level 4's critical progressive rollout not
LEVEL_3 = {
    2: ["yes", "yes", "mostly", "yes", "yes"],
    3: ["yes", "yes", "yes", "mostly", "yes"],
    4: ["no", "no", "partly", "partly", "no"],
}


def evidence(
    script: Script,
    by_level: Mapping[int, Sequence[str | None]],
    texts: Iterable[str] = (SAID,),
) -> Evidence:
    dim = script.dimensions[KEY]
    ev = Evidence(texts=list(texts))
    for level, values in by_level.items():
        for ind, value in zip(dim.indicators_at(level), values, strict=True):
            if value is not None:  # None: skipped, as the engine leaves it out of the evidence
                ev.indicators[ind.id] = value
    return ev


def score(script, by_level, texts=(SAID,)):
    return assess(script.dimensions[KEY], evidence(script, by_level, texts), script.cues)


def test_a_fully_answered_consistent_dimension_is_high(script):
    s = score(script, LEVEL_3)
    assert (s.level, s.range, s.confidence) == (3, (3, 3), "high")
    assert s.reasons == [
        "15 of the 15 indicators that bear on the level were answered (levels 2 to 4)",
        "1 answer in the interviewee's own words",
    ]


def test_a_quarter_or_more_dont_know_is_never_high_and_says_so(script):
    # level 1 for certain (the critical scripted deploy is "no"), 3 of the 5 answered
    s = score(script, {2: ["no", "yes", "yes", "unknown", "unknown"], 3: ["no"] * 5})
    assert s.range == (1, 1) and s.confidence_value == 0.6
    assert s.confidence == "medium"
    assert "2 of the 5 indicators that bear on the level were “don't know”" in s.reasons
    assert (
        "with a quarter or more of the indicators that bear on the level open, "
        "confidence cannot be high" in s.reasons
    )
    many = score(
        script,
        {
            2: ["yes", "yes", "unknown", "yes", "yes"],
            3: ["no", "unknown", "yes", "unknown", "yes"],
        },
    )
    assert many.confidence != "high"
    assert "3 of the 10 indicators that bear on the level were “don't know”" in many.reasons


def test_the_range_left_open_by_unknowns_is_a_reason(script):
    s = score(script, {2: ["yes"] * 5, 3: ["yes", "unknown", "yes", "yes", "yes"], 4: ["no"] * 5})
    assert s.range == (2, 3) and s.confidence == "medium"
    assert "the level could be 2 to 3 depending on 1 “don't know” answer" in s.reasons


def test_a_skipped_indicator_counts_against(script):
    answered = score(script, LEVEL_3)
    one_skipped = score(script, {**LEVEL_3, 3: ["yes", "yes", "yes", "mostly", None]})
    assert one_skipped.confidence_value < answered.confidence_value
    assert (
        "1 of the 15 indicators that bear on the level was skipped or not asked"
        in one_skipped.reasons
    )
    four_skipped = score(
        script,
        {2: ["yes", "yes", None, "yes", "yes"], 3: LEVEL_3[3], 4: ["no", "no", None, None, None]},
    )
    assert four_skipped.range == (3, 3)
    assert four_skipped.confidence == "medium"
    assert (
        "4 of the 15 indicators that bear on the level were skipped or not asked"
        in four_skipped.reasons
    )


def test_skips_in_a_real_interview_lower_confidence(script):
    """/skip on indicator questions: the engine leaves them out and confidence counts them; a
    skipped spot check takes nothing as in place, so the rest of its level is asked."""
    dim = script.dimensions[KEY]
    plan = {
        f"{KEY}.ind.{i.id}": v
        for level, values in LEVEL_3.items()
        for i, v in zip(dim.indicators_at(level), values, strict=True)
    }
    spot = f"{KEY}.ind.scripted-deploy"  # level 2's critical practice: its spot check
    plan[f"{KEY}.ind.versioned-apis"] = plan[spot] = "/skip"
    rest = persona("no", 3, text=SAID)

    def policy(ask: Ask) -> str:
        return plan.get(ask.step.id, "no") if ask.step.kind == "indicator" else rest(ask)

    iv = Interview(script, "ml-engineering")
    asked = {a.step.id for a in drive(iv, policy)}
    assert {f"{KEY}.ind.{i.id}" for i in dim.indicators_at(2)} <= asked
    s = iv.scorecard().dimensions[KEY]
    assert s.inferred == {}
    assert s.range == (2, 3)
    assert s.confidence == "medium"
    assert "2 of the 15 indicators that bear on the level were skipped or not asked" in s.reasons


def test_an_unresolved_contradiction_is_never_high_and_a_clarified_one_does_not_lower_it(script):
    dim = script.dimensions[KEY]
    ev = evidence(script, LEVEL_3)
    values = ev.indicators
    unresolved = Flag("contradiction", "low", "Indicator cicd: Yes, and “by hand”; not clarified.")
    # whatever severity the checks give it, a clarified contradiction does not lower confidence
    clarified = Flag("contradiction_clarified", "high", "Indicator cicd: clarified.")
    c = confidence(dim, values, (3, 3, 3), [unresolved], ev.texts)
    assert c.label == "medium"
    assert "a contradiction in the answers is not yet clarified, so confidence cannot be high" in (
        c.reasons
    )
    assert unresolved.message in c.reasons
    assert confidence(dim, values, (3, 3, 3), [clarified], ev.texts).label == "high"


def test_a_contradiction_found_in_the_answers_holds_confidence_until_clarified(script):
    """Through the real scoring: a declared check fires on 'yes' to CI/CD next to 'by hand'."""
    track = script.tracks["full"]
    dim = script.dimensions[KEY]
    answers: dict[str, object] = {
        f"{KEY}.ind.{i.id}": v
        for level, vals in LEVEL_3.items()
        for i, v in zip(dim.indicators_at(level), vals, strict=True)
    }
    answers[f"{KEY}.open.last-deploy"] = "Honestly we still copy the model over by hand."
    s = score_answers(script, track, answers).dimensions[KEY]
    assert "contradiction" in [f.code for f in s.flags]
    assert s.confidence != "high"
    assert "a contradiction in the answers is not yet clarified, so confidence cannot be high" in (
        s.reasons
    )
    check = next(f"{KEY}.check.{c.check}" for c in s.contradictions)
    answers[check] = "Only the old fraud model; every other model goes through the pipeline."
    s = score_answers(script, track, answers).dimensions[KEY]
    assert [f.code for f in s.flags] == ["contradiction_clarified"]
    assert s.confidence == "high"


def test_evidence_too_thin_is_not_high(script):
    silent = score(script, LEVEL_3, texts=("not sure",))
    assert silent.confidence == "medium"
    assert (
        "nothing was described in the interviewee's own words, so confidence cannot be high"
        in silent.reasons
    )
    # the critical scripted deploy is "no" and the rest not applicable: one answer to go on
    one = score(script, {2: ["no", "na", "na", "na", "na"], 3: ["no"] * 5})
    assert one.range == (1, 1) and one.confidence == "medium"
    assert "only 1 indicator was answered, fewer than the 4 high confidence needs" in one.reasons


ANSWER = st.sampled_from(["yes", "mostly", "partly", "no", "unknown", "na", None])


@settings(max_examples=300, deadline=None)
@given(
    answers=st.lists(ANSWER, min_size=19, max_size=19),
    contradicted=st.booleans(),
    texts=st.sampled_from([(), ("pass",), (SAID,)]),
)
def test_high_only_when_nearly_everything_relevant_is_answered_and_nothing_contradicts(
    script, answers, contradicted, texts
):
    dim = script.dimensions[KEY]
    values = {i.id: v for i, v in zip(dim.indicators, answers, strict=True) if v is not None}
    pess, point, opt = (lv.level(dim, values, r) for r in ("low", "point", "high"))
    flags = [Flag("contradiction", "medium", "x")] if contradicted else []
    c = confidence(dim, values, (pess, point, opt), flags, texts)
    assert c.reasons and all(isinstance(r, str) and r for r in c.reasons)
    relevant = [
        i for i in dim.indicators if 2 <= i.level <= min(5, opt + 1) and values.get(i.id) != "na"
    ]
    open_ = sum(values.get(i.id) not in ("yes", "mostly", "partly", "no") for i in relevant)
    if c.label == "high":
        assert open_ < len(relevant) / 4
        assert pess == opt and not contradicted and texts == (SAID,)


def test_a_level_resting_on_few_of_its_own_practices_is_not_high(script):
    """Level 4 counted from three of its five practices (the other two not answered): the level
    stands, but it rests on too little for high confidence, and the reason says so."""
    thin = score(script, {**LEVEL_3, 4: ["yes", "yes", "yes", None, None]})
    assert thin.level == 4
    assert thin.confidence != "high"
    assert "level 4 rests on 3 of its 5 practices, too few for high confidence" in thin.reasons


def test_the_count_says_what_it_counts_when_more_were_answered(script):
    """Someone who answered 19 statements is not told '10 of 10 relevant indicators': the
    count names the indicators that bear on the level, and the rest are said apart."""
    s = score(script, {2: ["yes"] * 5, 3: ["no"] * 5, 4: ["no"] * 5, 5: ["no"] * 4})
    assert s.range == (2, 2)
    assert s.reasons[:2] == [
        "10 of the 10 indicators that bear on the level were answered (levels 2 to 3)",
        "19 indicators were answered in all; 9 of them, above level 3, cannot change the level",
    ]
    assert not any("in all" in r for r in score(script, LEVEL_3).reasons)


def test_practices_taken_as_in_place_are_not_counted_as_answered_in_all(script):
    dim = script.dimensions[KEY]
    values = {i.id: "yes" for level in (2, 3) for i in dim.indicators_at(level)}
    values |= {i.id: "no" for level in (4, 5) for i in dim.indicators_at(level)}
    taken = {i.id: 3 for i in dim.indicators_at(2)[:3]}
    c = confidence(dim, values, (3, 3, 3), [], (SAID,), inferred=taken)
    assert c.reasons[:2] == [
        "12 of the 15 indicators that bear on the level were answered and 3 taken as in place "
        "without being asked, as the levels they belong to hold (levels 2 to 4)",
        "16 indicators were answered in all; 4 of them, above level 4, cannot change the level",
    ]
