"""The built-in script's recommendations, for a low- and a mid-maturity interview of every track:
imperative, owned actions, no problem listed twice, more than one phase where the gaps call for
it, each with the metric the script ties to it, and the stated priority honoured."""

from __future__ import annotations

import pytest
from conftest import Policy, drive, persona

from interviewer.engine.interview import Ask, Interview
from interviewer.scoring.findings import Findings, findings
from interviewer.script import Script

NOT_VERBS = {
    "a",
    "an",
    "all",
    "at",
    "each",
    "every",
    "it",
    "most",
    "no",
    "our",
    "some",
    "the",
    "there",
    "they",
    "we",
    "your",
    "deployments",
    "models",
    "features",
}


def low(ask):
    if ask.step.purpose == "target":
        return "3"
    return persona("no", 1, text="We do it by hand, it mostly lives in notebooks", pains="1")(ask)


def mid(ask):
    step = ask.step
    if step.kind == "indicator" and step.indicator is not None:
        return {2: "yes", 3: "partly"}.get(step.indicator.level, "no")
    if step.purpose == "target":
        return "4"
    return persona("yes", 2, text="We have scheduled pipelines and a review each release")(ask)


def run(script: Script, track: str, policy: Policy, priority: str | None = None) -> Findings:
    iv = Interview(script, track)

    def answer(ask: Ask) -> str:
        if ask.step.id == "top-priority" and priority is not None:
            return priority
        return policy(ask)

    drive(iv, answer)
    card = iv.scorecard()
    return findings(script, iv.track, card, iv.answers, iv.transcript, trimmed=iv.trimmed)


TRACKS = ["executive", "tech-lead", "data-science", "ml-engineering", "platform", "full"]


@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize("profile", [low, mid], ids=["low", "mid"])
def test_recommendations_are_owned_imperative_actions_each_problem_once(script, track, profile):
    found = run(script, track, profile)
    actions = found.actions
    assert actions, "a low or mid maturity interview always has work to recommend"
    authored = {a.id: a for d in script.dimensions.values() for a in d.actions}
    seen: set[tuple[str, str, str]] = set()
    for a in actions:
        first = a.title.split()[0].lower()
        assert first not in NOT_VERBS, a.title
        assert " your " not in f" {a.title.lower()} " and not a.title.endswith(".")
        assert a.owner and a.effort in ("S", "M", "L")
        assert a.metric is not None and a.metric.id == authored[a.id].metric
        for x in a.addresses:
            key = (a.dimension, x.kind, x.id)
            assert key not in seen, f"{key} listed under two actions"
            seen.add(key)
    assert len({a.id for a in actions}) == len(actions)
    assert actions[0].phase == "foundation"
    if profile is low:
        assert len({a.phase for a in actions}) >= 2


def test_the_stated_top_priority_raises_its_area(script):
    said = run(script, "full", mid, priority="Monitoring: we find out from customers")
    other = run(script, "full", mid, priority="Nothing in particular")
    first = {
        name: next(n for n, a in enumerate(f.actions) if a.dimension == "monitoring_observability")
        for name, f in (("said", said), ("other", other))
    }
    assert first["said"] < first["other"] or first["other"] == 0
    assert any("named as their priority" in a.why for a in said.actions)
