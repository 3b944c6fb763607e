"""The executive summary agrees with itself: its first action is the first step on the stated
top priority, or the summary says why it is not."""

from __future__ import annotations

from interviewer.export.executive_summary import priority_note
from interviewer.scoring.findings import Findings, StatedPriority
from interviewer.scoring.recommend import Context, NextAction, next_actions
from interviewer.scoring.said import Said
from interviewer.script import Script, load_script

MO = "monitoring_observability"
GC = "governance_compliance"
MONITORING = Said("Model monitoring, we hear about failures from customers", 12)


def _plan(
    script: Script, monitoring: dict[str, str], governance: dict[str, str]
) -> list[NextAction]:
    answers = {f"{MO}.ind.{k}": v for k, v in monitoring.items()}
    answers |= {f"{GC}.ind.{k}": v for k, v in governance.items()}
    ctx = Context(answers, {MO: 1, GC: 1}, {MO: 2, GC: 2}, [], {}, MO)
    return next_actions(script, [MO, GC], ctx)


def test_a_first_action_the_priority_depends_on_says_so():
    script = load_script()
    actions = _plan(
        script,
        {"prediction-logging": "yes", "perf-monitoring": "no", "drift-alerts": "no"},
        {"model-inventory": "no"},
    )
    assert [a.id for a in actions][:2] == ["build-model-inventory", "monitor-every-model"]
    found = Findings([], actions, [], StatedPriority(MONITORING, MO))
    note = priority_note(script, found, [MO, GC], "It")
    assert note == (
        "It comes first because “Monitor the key quality metric and input drift of every "
        "production model, with threshold alerts”, the first step on the stated top priority, "
        "“Model monitoring, we hear about failures from customers” (Monitoring & "
        "observability), depends on it."
    )


def test_a_first_action_in_the_priority_area_is_called_its_first_step():
    script = load_script()
    actions = _plan(script, {"prediction-logging": "no"}, {"model-inventory": "yes"})
    assert actions[0].dimension == MO
    found = Findings([], actions, [], StatedPriority(MONITORING, MO))
    note = priority_note(script, found, [MO, GC])
    assert note.startswith(f"{actions[0].title} is the first step on the stated top priority")


def test_a_priority_this_session_did_not_assess_names_the_sessions_that_do():
    script = load_script()
    actions = _plan(script, {}, {"model-inventory": "no"})
    gc_only = [a for a in actions if a.dimension == GC]
    found = Findings([], gc_only, [], StatedPriority(MONITORING, MO))
    note = priority_note(script, found, [GC])
    assert "is about Monitoring & observability, which this session did not assess" in note
    assert "the ML engineering session does" in note
    assert note.endswith("the first action is from what it did assess (Governance & compliance).")


def test_a_priority_area_with_nothing_to_do_says_the_first_action_is_from_another():
    script = load_script()
    done = {i.id: "yes" for i in script.dimensions[MO].indicators}
    actions = _plan(script, done, {"model-inventory": "no"})
    assert all(a.dimension == GC for a in actions)
    found = Findings([], actions, [], StatedPriority(MONITORING, MO))
    assert "where every practice up to the target is in place" in priority_note(
        script, found, [MO, GC]
    )
