"""A contradiction reaches the report: both statements quoted with their turns, the confidence
lowered, and the work the false 'yes' would have hidden still recommended."""

from __future__ import annotations

from test_contradictions import CASES, interview

from interviewer.export.json_export import render_json
from interviewer.scoring.findings import findings


def analyse(script, overrides, clarify="/skip"):
    iv, _ = interview(script, overrides, clarify)
    card = iv.scorecard()
    return iv, findings(script, iv.track, card, iv.answers, iv.transcript, trimmed=iv.trimmed)


def test_an_unclarified_contradiction_is_quoted_with_its_turns_and_keeps_its_action(script):
    case = CASES["monitoring-share"]
    iv, found = analyse(script, case.overrides)
    dim = next(f for f in found.dimensions if f.key == case.dimension)
    (c,) = [c for c in dim.contradictions if c.indicator == case.indicator]
    assert not c.resolved and c.clarification == ""
    assert c.quotes[0].startswith(case.quotes[0]) and case.quotes[1] in c.quotes[1]
    indicator_turn = iv.transcript.in_force(f"{case.dimension}.ind.{case.indicator}")
    assert indicator_turn is not None and c.turns[0] == indicator_turn.number
    assert c.turns[1] is not None and c.turns[1] != c.turns[0]
    assert dim.score.confidence != "high"
    assert not any(case.quotes[1] in r for r in dim.confidence_reasons)  # listed apart
    assert "claimed, but contradicted" in dim.finding  # not presented as in place
    # the claimed 'yes' is not taken at its word: the monitoring work is still recommended
    covering = [
        a
        for a in found.actions
        if any(x.kind == "indicator" and x.id == case.indicator for x in a.addresses)
    ]
    assert covering and "contradicted" in covering[0].why


def test_a_clarified_contradiction_quotes_the_clarification_and_takes_the_claim(script):
    case = CASES["personal-notebooks"]
    words = "We moved everything to MLflow last month"
    _, found = analyse(script, case.overrides, clarify=f"yes: {words}")
    dim = next(f for f in found.dimensions if f.key == case.dimension)
    (c,) = [c for c in dim.contradictions if c.indicator == case.indicator]
    assert c.resolved and c.clarification == words
    assert (c.outcome, c.answer) == ("confirmed", "Yes")
    assert c.clarified_turn is not None


def test_the_json_report_carries_the_contradictions(script, tmp_path):
    from jsonl_driver import finished_session
    from test_contradictions import consistent

    from interviewer.export.report_data import gather
    from interviewer.store import SessionStore

    case = CASES["nobody-remeasures"]
    sid = finished_session(tmp_path, consistent(case.overrides), track="full")
    body = render_json(gather(SessionStore(tmp_path), sid))
    assert body["schema"] == "interviewer.report/3"
    dim = next(f for f in body["findings"] if f["dimension"] == case.dimension)
    (c,) = [c for c in dim["contradictions"] if c["indicator"] == case.indicator]
    assert set(c) >= {"indicator", "turns", "quotes", "resolved", "outcome", "answer"}
    assert c["resolved"] is False and all(isinstance(t, int) for t in c["turns"])
    assert dim["finding"] and dim["confidence_reasons"]
    action = body["actions"][0]
    assert set(action) >= {"id", "title", "owner", "effort", "phase", "addresses", "depends_on"}
    assert set(action["metric"]) == {
        "id", "text", "baseline", "benchmark", "target", "target_source", "target_turn"
    }  # fmt: skip
