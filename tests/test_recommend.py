"""Next actions from the authored actions: what is recommended, once, in what order, and why."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from conftest import drive, persona

from interviewer.engine.interview import Interview
from interviewer.scoring.findings import findings
from interviewer.scoring.pain import PainScore
from interviewer.scoring.recommend import Context, next_actions
from interviewer.script import load_script

DS = "deployment_serving"
MO = "monitoring_observability"


def ctx(
    answers: dict[str, Any],
    levels: dict[str, int] | None = None,
    targets: dict[str, int] | None = None,
    pains: Iterable[PainScore] = (),
    priority: str | None = None,
) -> Context:
    return Context(
        answers, levels or {DS: 1, MO: 1}, targets or {DS: 3, MO: 3}, list(pains), {}, priority
    )


def ind(dim: str, **values: str) -> dict[str, str]:
    return {f"{dim}.ind.{k}": v for k, v in values.items()}


def test_each_unmet_problem_brings_its_authored_action_once_with_all_it_addresses(mini):
    answers = {**ind(DS, scripted="no", envs="partly", cicd="yes", rollback="no")}
    actions = next_actions(mini, [DS], ctx(answers))
    assert [a.id for a in actions] == ["script-deploys", "rollback-drill"]
    script_deploys = actions[0]
    assert [(x.id, x.status) for x in script_deploys.addresses] == [
        ("scripted", "answered no"),
        ("envs", "only partly in place"),
    ]
    assert script_deploys.title == "Script every deployment end to end"
    assert (script_deploys.owner, script_deploys.effort) == ("ML engineering lead", "S")
    assert script_deploys.metric is not None and script_deploys.metric.id == "lead-time"
    assert "Level 1 today, target 3" in script_deploys.why


def test_met_practices_and_a_dimension_at_its_target_bring_nothing_but_critical_pain(mini):
    answers = ind(DS, scripted="yes", envs="yes", cicd="yes", rollback="yes")
    assert next_actions(mini, [DS], ctx(answers, levels={DS: 3})) == []
    at_target = ctx(ind(DS, rollback="no"), levels={DS: 2}, targets={DS: 2})
    assert next_actions(mini, [DS], at_target) == []
    mild = PainScore(DS, "breaks", "Releases break production", 1, 1)
    assert next_actions(mini, [DS], at_target._replace(pains=[mild])) == []
    critical = PainScore(DS, "breaks", "Releases break production", 3, 2)
    relieved = next_actions(mini, [DS], at_target._replace(pains=[critical]))
    assert [a.id for a in relieved] == ["rollback-drill"]
    assert "critical pain (severity 6/9)" in relieved[0].why


def test_the_first_thing_to_do_is_from_the_earliest_phase_and_dependencies_come_first(mini):
    answers = ind(DS, scripted="no", envs="no", cicd="no", rollback="yes")
    slow = PainScore(DS, "slow", "Deployments take weeks", 3, 3)  # critical, on the CI/CD action
    actions = next_actions(mini, [DS], ctx(answers, pains=[slow]))
    assert [a.id for a in actions] == ["script-deploys", "cicd"]
    assert [a.phase for a in actions] == ["foundation", "acceleration"]
    assert actions[1].depends_on == ("script-deploys",)


def test_the_stated_priority_and_a_chosen_opportunity_raise_an_action(mini):
    answers = {**ind(DS, scripted="partly", envs="partly"), **ind(MO, alerts="no", drift="no")}
    plain = next_actions(mini, [DS, MO], ctx(answers))
    said = next_actions(mini, [DS, MO], ctx(answers, priority=MO))
    assert [a.id for a in plain][:2] == ["script-deploys", "alerting"]
    assert [a.id for a in said][:2] == ["alerting", "script-deploys"]
    assert "named as their priority" in next(a.why for a in said if a.id == "alerting")
    with_pick = next_actions(mini, [DS, MO], ctx({**answers, f"{MO}.opportunities": ["drift"]}))
    assert "opportunity the interviewee picked" in next(
        a.why for a in with_pick if a.id == "alerting"
    )
    assert (
        next(a for a in with_pick if a.id == "alerting").priority
        > next(a for a in plain if a.id == "alerting").priority
    )


def test_a_finding_is_one_sentence_and_non_answers_are_never_quoted(mini):
    iv = Interview(mini, "short")
    texts = iter(["not sure", "We deploy by hand from a laptop every Friday"] * 20)

    def answer(ask):
        if ask.step.kind == "text":
            return next(texts)
        return persona("no", 1)(ask)

    drive(iv, answer)
    found = findings(mini, iv.track, iv.scorecard(), iv.answers, iv.transcript)
    deploy = next(f for f in found.dimensions if f.key == DS)
    assert deploy.finding.startswith("Deployment is at level 1 (1.0), Ad hoc")
    assert (
        re.sub(r"\d\.\d", "", deploy.finding).count(".") == 1  # the score's point aside
        and "deployments are scripted (answered no)" in deploy.finding
    )
    quoted = [e.text for f in found.dimensions for e in f.evidence]
    assert quoted and "not sure" not in quoted
    assert all("laptop" in q for q in quoted)


def test_the_plain_and_json_lines_summaries_end_with_the_ranked_actions(tmp_path):
    import json

    from conftest import MINI
    from jsonl_driver import run_cli

    from interviewer.script import load_script

    typed: list[str] = []

    def policy(ask):
        typed.append(persona("no", 1, text="We deploy by hand from a laptop every Friday")(ask))
        return typed[-1]

    drive(Interview(load_script(MINI), "short"), policy)
    answers = "\n".join(typed) + "\n"
    plain = run_cli(
        ["start", "--role", "short", "--script", str(MINI), "--plain"], tmp_path, answers
    )
    assert plain.returncode == 0, plain.stderr
    tail = plain.stdout.split("Next actions, most important first", 1)[1]
    assert "1. Script every deployment end to end" in tail
    assert "ML engineering lead · effort S · Foundation (months 1-6)" in tail
    jsonl = run_cli(
        ["start", "--role", "short", "--script", str(MINI), "--jsonl"], tmp_path, answers
    )
    summary = next(m for m in map(json.loads, jsonl.stdout.splitlines()) if m["type"] == "summary")
    assert summary["actions"][0] == {
        "id": "script-deploys",
        "title": "Script every deployment end to end",
        "owner": "ML engineering lead",
        "effort": "S",
        "phase": "foundation",
    }


def test_why_counts_the_practices_in_each_state_when_they_differ():
    from interviewer.scoring.recommend import Addressed, NextAction

    def action(*statuses: str) -> NextAction:
        gaps = tuple(Addressed("indicator", f"i{n}", "x", s) for n, s in enumerate(statuses))
        return NextAction(
            "a", "d", "t", "o", "S", "foundation", gaps, (), None,
            "Level 1 today, target 3", False, (), 1.0, "guide",
        )  # fmt: skip

    mixed = action("not yet asked", "only partly in place", "not yet asked").why
    assert mixed == (
        "Level 1 today, target 3; 3 practices it puts in place: "
        "2 not yet asked, 1 only partly in place"
    )
    same = action("answered no", "answered no").why
    assert same == "Level 1 today, target 3; 2 practices it puts in place are answered no"


def test_a_practice_not_asked_below_the_measured_level_brings_no_work(mini):
    answers = ind(DS, scripted="yes", cicd="yes", rollback="yes")  # envs never asked
    at_three = next_actions(mini, [DS], ctx(answers, levels={DS: 3}, targets={DS: 4}))
    assert "script-deploys" not in {a.id for a in at_three}
    at_one = next_actions(mini, [DS], ctx(answers, levels={DS: 1}, targets={DS: 3}))
    deploys = next(a for a in at_one if a.id == "script-deploys")
    assert [(x.id, x.status) for x in deploys.addresses] == [("envs", "not yet asked")]
    assert "1 already in place" in deploys.why


def test_mostly_and_heard_present_are_in_place_and_a_contradicted_yes_is_not(mini):
    answers = ind(DS, scripted="mostly", cicd="no", rollback="yes")
    heard = ctx(answers)._replace(heard=frozenset({(DS, "envs")}))
    assert "script-deploys" not in {a.id for a in next_actions(mini, [DS], heard)}
    disputed = heard._replace(disputed=frozenset({(DS, "scripted")}))
    deploys = next(a for a in next_actions(mini, [DS], disputed) if a.id == "script-deploys")
    assert [x.id for x in deploys.addresses] == ["scripted"]


def test_the_guides_training_is_recommended_below_the_level_it_builds_and_not_at_the_target():
    """Core team training (Foundation) while the area is below level 3, expanded training and
    adoption (Acceleration) below 4, organisation-wide adoption (Optimization) below 5, each
    only where its level is within the target (a team aiming at 3 is not trained for 5); none
    once the area is at its target."""
    script = load_script()
    bv = "business_value"
    training = {"core-team-training", "expanded-team-training", "organisation-wide-adoption"}

    def given(level: int, target: int) -> list[tuple[str, str]]:
        context = Context({}, {bv: level}, {bv: target}, [], {})
        return [(a.id, a.phase) for a in next_actions(script, [bv], context) if a.id in training]

    assert given(1, 5) == [
        ("core-team-training", "foundation"),
        ("expanded-team-training", "acceleration"),
        ("organisation-wide-adoption", "optimization"),
    ]
    assert given(1, 3) == [("core-team-training", "foundation")]
    assert given(3, 4) == [("expanded-team-training", "acceleration")]
    assert given(3, 3) == []
    core = next(
        a
        for a in next_actions(script, [bv], Context({}, {bv: 2}, {bv: 3}, [], {}))
        if a.id == "core-team-training"
    )
    assert "builds the skills and habits of level 3, not yet reached" in core.why
    assert core.owner == "CTO" and core.source == "guide"
