"""A ticked pain point costs one question: what it costs and how often (an event), or how much it
holds the team back (a standing problem), on one 1-9 severity scale; with two or more ticked,
one question on which hurts most, which then comes first among equals."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, Policy, ask_of, persona

from interviewer.engine.interview import Ask, Interview
from interviewer.export.json_export import render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.records import Answer, Event, SessionMeta, Started
from interviewer.scoring import score_answers
from interviewer.scoring.pain import STATE
from interviewer.scoring.recommend import Context, next_actions
from interviewer.script import load_script, validate
from interviewer.script.expand import EVENT_OPTIONS, STATE_OPTIONS
from interviewer.script.model import Script
from interviewer.store import SessionStore

DS = "deployment_serving"
STATE_PAIN = "      - {id: breaks, text: Releases break production}\n"
EQUAL_ACTIONS = """      - id: fix-breaks
        title: Stop releases breaking production
        owner: ML engineering lead
        effort: S
        phase: foundation
        addresses: {pains: [breaks]}
        metric: incidents
      - id: fix-slow
        title: Make deployments take days, not weeks
        owner: ML engineering lead
        effort: S
        phase: foundation
        addresses: {pains: [slow]}
        metric: incidents
"""


def variant(tmp_path: Path, kind: str = "event", actions: str = "") -> Script:
    text = MINI.read_text()
    assert text.count(STATE_PAIN) == 1
    text = text.replace(STATE_PAIN, STATE_PAIN.replace("}", f", kind: {kind}}}"))
    if actions:
        anchor = "    actions:\n      - id: script-deploys\n"
        assert text.count(anchor) == 1
        text = text.replace(anchor, "    actions:\n" + actions + anchor[len("    actions:\n") :])
    path = tmp_path / f"pains-{kind}.yaml"
    path.write_text(text)
    assert validate(path) == []
    return load_script(path)


def to_pains(iv: Interview, now: float = 10.0) -> None:
    """Answer as a team at level 1 would, up to the pain question."""
    for text in ("1", "3", "0", "We deploy by hand, it is firefighting every week", "1"):
        for event in iv.interpret(text, now).events:
            iv.apply(event)
    while ask_of(iv).step.purpose != "pain":
        for event in iv.interpret("no", now).events:
            iv.apply(event)


def say(iv: Interview, text: str, now: float = 20.0) -> None:
    reply = iv.interpret(text, now)
    assert reply.invalid is None, (ask_of(iv).step.id, reply.invalid)
    for event in reply.events:
        iv.apply(event)


def pain_questions(iv: Interview, answers: list[str]) -> list[str]:
    """Answer the pain detail questions in turn; the ids asked."""
    asked = []
    while ask_of(iv).step.purpose == "pain_detail":
        asked.append(ask_of(iv).step.id)
        say(iv, answers[len(asked) - 1])
    return asked


def test_each_ticked_pain_is_one_question_and_which_hurts_most_is_asked_once(mini):
    iv = Interview(mini, "short")
    to_pains(iv)
    say(iv, "1,2")
    first = ask_of(iv)
    assert first.step.id == f"{DS}.pain.slow" and first.step.options == EVENT_OPTIONS
    assert "“Deployments take weeks”" in first.text
    asked = pain_questions(iv, ["team_days-weekly", "revenue-quarterly", "2"])
    assert asked == [f"{DS}.pain.slow", f"{DS}.pain.breaks", f"{DS}.pains.worst"]
    assert ask_of(iv).step.purpose == "opportunity"
    card = iv.scorecard()
    assert [(p.pain_id, p.severity, p.worst) for p in card.pains] == [
        ("slow", 6, False),
        ("breaks", 3, True),
    ]


def test_which_hurts_most_offers_only_the_ticked_pains(tmp_path):
    text = MINI.read_text().replace(
        STATE_PAIN, STATE_PAIN + "      - {id: drift, text: Models drift unnoticed}\n"
    )
    path = tmp_path / "three.yaml"
    path.write_text(text)
    iv = Interview(load_script(path), "short")
    to_pains(iv)
    say(iv, "1,3")
    say(iv, "1")
    say(iv, "1")
    ask = ask_of(iv)
    assert ask.step.id == f"{DS}.pains.worst"
    assert [o.value for o in ask.step.options] == ["slow", "drift"]
    assert iv.interpret("3", 1.0).invalid  # "breaks" was not ticked
    say(iv, "2")
    assert iv.answers[f"{DS}.pains.worst"] == "drift"


def test_one_ticked_pain_asks_nothing_about_which_hurts_most(mini):
    iv = Interview(mini, "short")
    to_pains(iv)
    say(iv, "2")
    assert pain_questions(iv, ["1"]) == [f"{DS}.pain.breaks"]
    assert ask_of(iv).step.purpose == "opportunity"


def test_a_standing_problem_is_asked_how_much_it_holds_back(tmp_path):
    iv = Interview(variant(tmp_path, "state"), "short")
    to_pains(iv)
    say(iv, "2")
    ask = ask_of(iv)
    assert ask.step.options == STATE_OPTIONS
    assert ask.text == "How much does this hold you back: “Releases break production”?"
    assert "often" not in ask.text


def test_a_standing_problem_that_blocks_revenue_reaches_the_top_of_the_scale(tmp_path):
    script = variant(tmp_path, "state")
    track = script.tracks["short"]
    both = {f"{DS}.pains": ["slow", "breaks"], f"{DS}.pain.slow": "revenue-weekly"}
    card = score_answers(script, track, {**both, f"{DS}.pain.breaks": "blocks"})
    severities = {p.pain_id: (p.kind, p.severity) for p in card.pains}
    assert severities == {"slow": ("event", 9), "breaks": ("state", 9)}
    assert all(p.critical for p in card.pains)
    assert max(STATE.values()) == 9
    scale = {
        value: score_answers(script, track, {**both, f"{DS}.pain.breaks": value}).pains
        for value in STATE
    }
    found = [next(p.severity for p in pains if p.pain_id == "breaks") for pains in scale.values()]
    ranked = [s for s in found if s is not None]
    assert len(ranked) == len(found)
    assert ranked == sorted(ranked) and len(set(ranked)) == len(ranked)


def test_every_option_has_a_severity_from_1_to_9(mini):
    track = mini.tracks["short"]
    for option in EVENT_OPTIONS:
        answers = {f"{DS}.pains": ["slow"], f"{DS}.pain.slow": option.value}
        (pain,) = score_answers(mini, track, answers).pains
        assert pain.severity is not None and 1 <= pain.severity <= 9, option


def test_hurts_most_comes_first_among_equal_pains_and_actions(tmp_path):
    script = variant(tmp_path, actions=EQUAL_ACTIONS)
    track = script.tracks["short"]
    for worst in ("slow", "breaks"):
        answers = {
            f"{DS}.pains": ["slow", "breaks"],
            f"{DS}.pain.slow": "team_days-monthly",
            f"{DS}.pain.breaks": "team_days-monthly",
            f"{DS}.pains.worst": worst,
        }
        card = score_answers(script, track, answers)
        assert card.pains[0].pain_id == worst and card.pains[0].worst
        ctx = Context(answers, {DS: 1}, {DS: 2}, list(card.pains), {}, "")
        ranked = [a.id for a in next_actions(script, [DS], ctx) if a.id.startswith("fix-")]
        assert ranked[0] == f"fix-{worst}"
        first = next(a for a in next_actions(script, [DS], ctx) if a.id == ranked[0])
        assert "hurts most" in first.why


def write_session(tmp_path: Path, events: list[Event]) -> tuple[SessionStore, str]:
    store = SessionStore(tmp_path / "sessions")
    ref = store.create(SessionMeta("short", org="Acme"), MINI.read_text(), 1_700_000_000)
    with store.open_writer(ref.id) as w:
        w.append(events)
    return store, ref.id


def test_a_session_from_before_keeps_its_two_answers_its_severity_and_its_place(mini, tmp_path):
    iv = Interview(mini, "short")
    iv.apply(Started(1_700_000_000))
    to_pains(iv, 1_700_000_010)
    old = [
        Answer(f"{DS}.pains", ["slow", "breaks"], "1,2", 1_700_000_100),
        Answer(f"{DS}.pain.slow.frequency", "weekly", "1", 1_700_000_110),
        Answer(f"{DS}.pain.slow.impact", "revenue", "3", 1_700_000_120),
        Answer(f"{DS}.pain.breaks.frequency", "quarterly", "3", 1_700_000_130),
        Answer(f"{DS}.pain.breaks.impact", "team_days", "2", 1_700_000_140),
        Answer(f"{DS}.opportunities", ["pipeline"], "1", 1_700_000_150),
    ]
    events = [*iv.events, *old]
    replayed = Interview.replay(mini, "short", events)
    assert [(p.pain_id, p.severity) for p in replayed.scorecard().pains] == [
        ("slow", 9),
        ("breaks", 2),
    ]
    assert replayed.answers[f"{DS}.opportunities"] == ["pipeline"]
    assert ask_of(replayed).step.purpose not in ("pain", "pain_detail", "opportunity")
    turns = [t for t in replayed.transcript if t.step.purpose == "pain_detail"]
    assert [(t.question, t.answer) for t in turns[:2]] == [
        ("How often does this happen: “Deployments take weeks”?", "Weekly or more often"),
        ("And when it does, what does it cost you?", "Revenue, regulatory or safety consequences"),
    ]
    assert not any(replayed.transcript.superseded(t) for t in turns)
    store, sid = write_session(tmp_path, events)
    text = render_markdown(gather(store, sid))
    assert "- Pain, severity 9/9: Deployments take weeks" in text
    assert "How often does this happen: “Deployments take weeks”?" in text
    pains = {p["id"]: p for p in render_json(gather(store, sid))["pains"]}
    assert (pains["slow"]["frequency"], pains["slow"]["impact"]) == (3, 3)


@pytest.mark.parametrize("kind", ["sometimes", "3"])
def test_validate_refuses_an_unknown_pain_kind(tmp_path, kind):
    text = MINI.read_text().replace(STATE_PAIN, STATE_PAIN.replace("}", f", kind: {kind}}}"))
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    (problem,) = validate(path)
    number = next(i for i, t in enumerate(text.splitlines(), 1) if "id: breaks" in t)
    assert problem == f"{path}:{number}: pain point: `kind` must be event or state"


def test_the_organisation_report_marks_the_pain_that_hurts_most(tmp_path):
    from test_export import make_session

    from interviewer.export.org_report import build, render_org_json, render_org_markdown

    store = SessionStore(tmp_path / "sessions")
    for name, pains in (("a", "1,2"), ("b", "1,2")):
        policy = persona("no", 1, pains=pains)

        def second_hurts_most(ask: Ask, p: Policy = policy) -> str:
            return "2" if ask.step.id == f"{DS}.pains.worst" else p(ask)

        _, sid = make_session(tmp_path / name, policy=second_hurts_most)
        (store.root).mkdir(parents=True, exist_ok=True)
        (tmp_path / name / "sessions" / sid).rename(store.root / sid)
    report = build(store, "acme | co")
    ranked = [(p.pain_id, p.worst, len(p.hurts_most)) for p in report.pains if p.dimension == DS]
    assert ranked == [("breaks", 1, 2), ("slow", 1, 0)]  # equal severity: hurts most first
    text = render_org_markdown(report)
    assert "| Releases break production (hurts most) |" in text
    assert "| Deployments take weeks |" in text
    by_id = {p["id"]: p for p in render_org_json(report)["pains"]}
    assert len(by_id["breaks"]["hurts_most"]) == 2 and by_id["slow"]["hurts_most"] == []
