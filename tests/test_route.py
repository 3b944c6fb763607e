"""The adaptive route through a dimension's indicators: it starts where the evidence points,
steps up and down, infers the levels beneath from spot checks, and gives the level asking every
indicator gives (README, "How the interview adapts")."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest
from calibration_models import PERSONAS, answers, expected
from conftest import Policy, drive, persona
from route_agreement import Case, agreement, case, generated, generated_cases
from test_calibration import COLUMNS, MIXED_LEVEL, PROFILES, profile

from interviewer.engine.explain import explain_step
from interviewer.engine.interview import Ask, Interview
from interviewer.scoring import Scorecard
from interviewer.scoring import levels as lv
from interviewer.scoring.findings import findings
from interviewer.scoring.recommend import Context, practice_values
from interviewer.scoring.route import premises, spot_checks
from interviewer.script import Script

QUIET = "We follow the same process for every model."  # nothing the evidence reader hears
FLOOR = 0.95  # the share of dimension levels the route must give as asking everything does


def _check(cases: list[Case]) -> None:
    share = agreement(cases)
    apart = [c for c in cases if abs(c.routed - c.everything) > 1]
    assert not apart, apart[:5]
    assert share >= FLOOR, (share, Counter((c.everything, c.routed) for c in cases))


def test_generated_teams_at_every_level_get_the_level_asking_everything_gives(script):
    """Over 2,100 generated dimension answers (300 per dimension, 60 at each level), the route
    gives the level asking everything gives in at least 95% (97.0% today, BENCHMARKS.md),
    never more than one apart, asking little more than half the statements. Where they differ,
    the route is mostly one lower: levels it left unasked above one that does not hold in full
    would have added partial credit (91% of level-1 teams agree, all of level 4 and 5)."""
    cases = list(generated_cases(script))
    assert {c.everything for c in cases} == {1, 2, 3, 4, 5}
    _check(cases)
    for level in range(1, 6):
        at = [c for c in cases if c.name.startswith(f"level {level} ")]
        assert agreement(at) >= 0.9, level
    lower = sum(c.routed == c.everything - 1 for c in cases)
    assert lower >= 0.9 * sum(c.routed != c.everything for c in cases)
    asked = sum(c.asked for c in cases) / sum(c.total for c in cases)
    assert asked < 0.6, asked


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_the_reference_profiles_get_the_level_asking_everything_gives(script, offset):
    """The 42 reference answer sets, each rating itself at its level, one below or one above."""
    cases = []
    for key in PROFILES:
        dim = script.dimensions[key]
        for column in COLUMNS:
            level = MIXED_LEVEL if column == "mixed" else int(column)
            by_id = {s.rsplit(".", 1)[1]: v for s, v in profile(key, column).items()}
            cases.append(case(str(column), dim, by_id, min(5, max(1, level + offset))))
    _check(cases)


def test_the_public_model_personas_get_the_level_asking_everything_gives(script):
    cases = []
    for name in PERSONAS:
        said = answers(name)
        for key, dim in script.dimensions.items():
            by_id = {i.id: said[f"{key}.ind.{i.id}"] for i in dim.indicators}
            cases.append(case(name, dim, by_id, expected(name)[key]))
    _check(cases)


def _team(script: Script, level: int, rng: random.Random) -> tuple[dict[str, str], Policy]:
    """A generated team at `level` in every dimension, answering the rest plainly."""
    by_step = {
        f"{key}.ind.{ind}": value
        for key, dim in script.dimensions.items()
        for ind, value in generated(dim, level, rng).items()
    }
    rest = persona("no", level, text=QUIET)

    def answer(ask: Ask) -> str:
        if ask.step.indicator is not None:
            return by_step[ask.step.id]
        if ask.step.purpose == "contradiction":
            return "it stands"
        return rest(ask)

    return by_step, answer


def test_through_the_engine_generated_teams_get_the_level_asking_everything_gives(script):
    """The engine's route (self-rating, earlier areas and open answers as its start) on the
    full track, against scoring every answer of the same teams."""
    rng = random.Random(5)
    cases = []
    for level in range(1, 6):
        for _ in range(4):
            by_step, answer = _team(script, level, rng)
            iv = Interview(script, "full")
            asked = drive(iv, answer)
            card = iv.scorecard()
            for key, dim in script.dimensions.items():
                values = {i.id: by_step[f"{key}.ind.{i.id}"] for i in dim.indicators}
                n = sum(a.step.dimension == key and a.step.kind == "indicator" for a in asked)
                cases.append(
                    Case(
                        f"level {level}",
                        key,
                        lv.level(dim, values, "point"),
                        card.dimensions[key].level,
                        n,
                        len(dim.indicators),
                    )
                )
    _check(cases)


def level_4(above: str) -> Callable[[Ask], str]:
    """A team at level 4 everywhere rating itself 4: every practice up to level 4 in place,
    level 5's answered `above`, open answers the evidence reader hears nothing in."""
    rest = persona("no", 4, text=QUIET)

    def team(ask: Ask) -> str:
        if ask.step.indicator is not None:
            return "yes" if ask.step.indicator.level <= 4 else above
        return rest(ask)

    return team


def _indicators(asked: list[Ask], key: str) -> list[tuple[int, str]]:
    return [
        (a.step.indicator.level, a.step.indicator.id)
        for a in asked
        if a.step.dimension == key and a.step.indicator is not None
    ]


def test_the_route_starts_at_the_self_rating_and_spot_checks_beneath(script):
    """A level-4 team rating itself 4: level 4 first, until the rest could not change its
    score, then one or two spot checks of each level beneath, then level 5 until it is settled;
    the practices not asked of levels 2 to 4 are taken as in place."""
    team = level_4("partly")
    iv = Interview(script, "ml-engineering")
    asked = drive(iv, team)
    for key in script.tracks["ml-engineering"].dimensions:
        dim = script.dimensions[key]
        route = _indicators(asked, key)
        levels = [level for level, _ in route]
        at_4 = levels.count(4)
        assert at_4 >= len(dim.indicators_at(4)) - 1 and levels[:at_4] == [4] * at_4, key
        beneath = {ind for level, ind in route if level < 4}
        spots = [i for n in (2, 3) for i in spot_checks(dim, n)]
        worded_by = {p for i in spots for p in premises(dim, i)}  # asked first (forms:)
        assert {i.id for i in spots} <= beneath <= {i.id for i in spots} | worded_by, key
        score = iv.scorecard().dimensions[key]
        asked_ids = {ind for _, ind in route}
        assert score.level == 4 and set(score.inferred or {}) == {
            i.id for n in (2, 3, 4) for i in dim.indicators_at(n) if i.id not in asked_ids
        }, key  # levels 2 and 3 from the spot checks, level 4's last as it holds without it
        assert len(route) < len(dim.indicators) - 5, key  # the climb asked them all, and more


def test_the_route_steps_down_when_the_start_does_not_hold(script):
    """A team rating itself 5 with nothing in place: the first area starts at level 5, the
    next ones lower (the median of the rating and the areas before); each then steps down
    level by level, each asked until its credit is settled (nothing), as the one above does
    not hold; level 1, nothing inferred."""
    iv = Interview(script, "ml-engineering")
    asked = drive(iv, persona("no", 5, text=QUIET))
    keys = script.tracks["ml-engineering"].dimensions
    starts = []
    for key in keys:
        dim = script.dimensions[key]
        levels = [level for level, _ in _indicators(asked, key)]
        starts.append(levels[0])
        # down level by level (a practice another statement is worded by comes before it)
        assert list(dict.fromkeys(levels)) == sorted(set(levels), reverse=True), key
        assert set(levels) == set(range(2, levels[0] + 1)), key
        assert all(0 < levels.count(n) < len(dim.indicators_at(n)) for n in set(levels)), key
        score = iv.scorecard().dimensions[key]
        assert score.level == 1 and score.inferred == {}, key
    assert starts == [5, 3, 3]  # 5, then the median of 5 and level 1 so far


def test_a_practice_heard_missing_is_asked_not_inferred(script):
    """A level-4 team who said its features are rebuilt by hand for serving: that practice's
    level is below the start, but it is asked (the spot check includes it), not inferred."""
    said = "Every model runs on the feature store, but we rebuild some features by hand."
    key = "feature_engineering"
    dim = script.dimensions[key]
    iv = Interview(script, "data-science")
    rest = persona("no", 4, text=QUIET)

    def team(ask: Ask) -> str:
        if ask.step.id == f"{key}.open.pipelines" or ask.step.purpose == "open":
            return said if ask.step.dimension == key else QUIET
        if ask.step.indicator is not None:
            return "yes" if ask.step.indicator.level <= 4 else "no"
        if ask.step.purpose == "contradiction":
            return "it stands"
        return rest(ask)

    asked = drive(iv, team)
    doubted = iv.ctx.ev(key).doubted(dim)
    assert doubted, "the reader heard nothing missing in the answer"
    asked_ids = {ind for _, ind in _indicators(asked, key)}
    assert doubted <= asked_ids
    assert not doubted & set(iv.scorecard().dimensions[key].inferred or {})


def test_the_findings_and_the_actions_take_the_same_practices_as_inferred(script):
    """Said once per level in the finding ("Level 2 inferred from level 4, spot-checked",
    "Level 4 holds without them"), and the recommendations count exactly the practices the
    level counted as in place unasked."""
    team = level_4("no")
    iv = Interview(script, "full")
    drive(iv, team)
    card = iv.scorecard()
    found = findings(script, iv.track, card, iv.answers, iv.transcript, trimmed=iv.trimmed)
    for finding in found.dimensions:
        inferred = finding.score.inferred
        assert inferred, finding.key
        lines = [v for v in finding.verify if v.startswith("Level ") and "; not asked: " in v]
        levels = {i.level for i in script.dimensions[finding.key].indicators if i.id in inferred}
        assert [" ".join(line.split()[:2]) for line in lines] == [
            f"Level {n}" for n in sorted(levels)
        ]
        assert all(
            "spot-checked" in line or line.startswith(f"Level {finding.level} holds without")
            for line in lines
        )
        ctx = Context(iv.answers, {finding.key: finding.level}, {}, [], {}, inferred=routed(card))
        values = practice_values(script.dimensions[finding.key], ctx)
        assert {i for i, v in values.items() if v == "inferred"} == set(inferred), finding.key
    addressed = {(a.dimension, x.id) for a in found.actions for x in a.addresses}
    taken = {(k, i) for k, d in card.dimensions.items() for i in d.inferred or {}}
    assert not addressed & taken  # a practice taken as in place is never a gap to fix


def routed(card: Scorecard) -> dict[str, frozenset[str]]:
    return {k: frozenset(d.inferred) for k, d in card.dimensions.items() if d.inferred is not None}


def test_why_says_where_the_route_is(script):
    """/why on an indicator says why the route asks it now: where it started and why, a spot
    check beneath a level that holds, or a step up."""
    team = level_4("partly")
    iv = Interview(script, "ml-engineering")
    said = []
    while (ask := iv.ask()) is not None:
        if ask.step.dimension == "deployment_serving" and ask.step.indicator is not None:
            said.append((ask.step.indicator.level, explain_step(iv).splitlines()[-1]))
        for event in iv.interpret(team(ask), 1000.0).events:
            iv.apply(event)
    assert said[0] == (
        4,
        "Detected: the questions start at level 4 (Measured) because you rated this area 4.",
    )
    assert any(
        level == 3 and "level 4 holds, so level 3 beneath it is spot-checked" in why
        for level, why in said
    )
    assert any(
        level == 5 and "level 4 holds, so the questions step up" in why for level, why in said
    )


def test_a_changed_rating_that_moves_the_route_keeps_the_answers_after_it(script):
    """Changing the first area's self-rating from 4 to 3 at the end of the full track: the
    route now starts at level 3 and asks the statements of it not asked yet; every answer after
    them stays in force and none is asked again."""
    iv = Interview(script, "full")
    drive(iv, level_4("partly"), gap=1.0)
    before = dict(iv.answers)
    rating = "feature_engineering.self_rating"
    for event in iv.interpret("3", 2000.0, step_id=rating).events:
        iv.apply(event)
    ask = iv.ask()
    assert ask is not None and ask.step.id.startswith("feature_engineering.ind.")
    assert ask.step.indicator is not None and ask.step.indicator.level == 3
    assert {k: v for k, v in iv.answers.items() if k != rating} == {
        k: v for k, v in before.items() if k != rating
    }
    more = drive(iv, level_4("partly"), start=2000.0, gap=1.0)
    assert all(a.step.id.startswith("feature_engineering.ind.") for a in more)
    assert iv.status == "completed" and set(before) <= set(iv.answers)
