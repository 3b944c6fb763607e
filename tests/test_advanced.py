"""Advanced questions are asked at the level the evidence reaches or the target sets: an item of
level L (default 4) once the indicators put the dimension at L - 1, or the target is L or more."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, ask_of

from interviewer.engine.interview import Ask, Interview
from interviewer.script import load_script, validate
from interviewer.script.expand import DIMENSION_PARTS
from interviewer.script.model import Script

DS = "deployment_serving"
ADVANCED = f"{DS}.adv.ab"
ITEM = "      - {id: ab, text: How do you run A/B tests?, priority: normal}\n"


def with_item(tmp_path: Path, item: str) -> Path:
    text = MINI.read_text()
    assert text.count(ITEM) == 1
    path = tmp_path / "advanced.yaml"
    path.write_text(text.replace(ITEM, item))
    return path


def interview(script: Script, evidence: int, target: int) -> tuple[list[Ask], Interview]:
    """Deployment answered as a team at level `evidence` (its indicators up to that level yes,
    the rest no) that sets `target`; the questions asked in that dimension."""
    iv = Interview(script, "short")
    asked: list[Ask] = []
    while (ask := iv.ask()) is not None and (ask.step.dimension in (None, DS)):
        step = ask.step
        asked.append(ask)
        if step.kind == "indicator":
            said = "yes" if step.indicator and step.indicator.level <= evidence else "no"
        elif step.purpose == "target":
            said = str(target)
        elif step.purpose == "self_rating":
            said = str(evidence)
        elif step.kind == "multi":
            said = str(len(step.options))  # none of these
        elif step.kind in ("choice", "scale"):
            said = "1"
        elif step.kind == "number":
            said = "3"
        else:
            said = "We ship models through a reviewed pipeline every week."
        reply = iv.interpret(said, 1.0)
        assert reply.invalid is None, (step.id, reply.invalid)
        for event in reply.events:
            iv.apply(event)
    return asked, iv


def ids(asked: list[Ask]) -> list[str]:
    return [a.step.id for a in asked]


def test_the_target_is_asked_before_the_advanced_questions():
    assert DIMENSION_PARTS.index("target") < DIMENSION_PARTS.index("advanced")


def test_level_3_evidence_is_asked_the_level_4_questions(mini):
    asked, iv = interview(mini, evidence=3, target=3)
    assert iv.scorecard().dimensions[DS].level == 3
    assert ADVANCED in ids(asked)
    assert ids(asked).index(f"{DS}.target") < ids(asked).index(ADVANCED)


def test_level_2_evidence_with_a_target_of_4_is_asked_them_and_told_why(mini):
    asked, iv = interview(mini, evidence=2, target=4)
    assert iv.scorecard().dimensions[DS].level == 2
    assert ADVANCED in ids(asked)
    ask = next(a for a in asked if a.step.id == ADVANCED)
    assert "your target for it is level 4 or above" in ask.step.help


def test_level_2_evidence_with_a_target_of_3_is_not(mini):
    asked, iv = interview(mini, evidence=2, target=3)
    assert iv.scorecard().dimensions[DS].level == 2
    assert ADVANCED not in ids(asked)
    assert f"{DS}.target" in ids(asked)


def test_why_says_which_reason_applied(mini):
    _, iv = interview(mini, evidence=2, target=4)
    replayed = Interview.replay(
        mini, "short", [e for e in iv.events if getattr(e, "step", "") != ADVANCED]
    )
    assert ask_of(replayed).step.id == ADVANCED
    said = replayed.interpret("/why", 1.0).info
    assert said is not None
    assert "Detected: your target for it is level 4." in said
    _, iv = interview(mini, evidence=3, target=3)
    replayed = Interview.replay(
        mini, "short", [e for e in iv.events if getattr(e, "step", "") != ADVANCED]
    )
    assert "Detected: the indicators put deployment at level 3 (3.0)." in (
        replayed.interpret("/why", 1.0).info or ""
    )


def test_an_item_of_level_3_is_asked_at_level_2_evidence(tmp_path):
    path = with_item(tmp_path, ITEM.replace("priority: normal", "priority: normal, level: 3"))
    assert validate(path) == []
    asked, _ = interview(load_script(path), evidence=2, target=2)
    assert ADVANCED in ids(asked)
    asked, _ = interview(load_script(path), evidence=1, target=2)
    assert ADVANCED not in ids(asked)


@pytest.mark.parametrize("level", ["1", "6", "high", "true"])
def test_validate_refuses_a_level_outside_2_to_5(tmp_path, level):
    path = with_item(
        tmp_path, ITEM.replace("priority: normal", f"priority: normal, level: {level}")
    )
    number = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "id: ab," in t)
    assert validate(path) == [f"{path}:{number}: advanced ab: `level` must be 2, 3, 4 or 5"]


def test_a_level_5_data_science_team_is_asked_model_developments_advanced_questions(tmp_path):
    """Over the JSON-lines protocol, in a real process: the data-science track asks a mature
    team about explainability, AutoML and champion/challenger, as it asks the other areas it
    covers about theirs; and measures model development at 5."""
    from jsonl_driver import JsonlProcess, answer_for, past_notice

    p = JsonlProcess(["start", "--role", "data-science"], tmp_path)
    p.read()
    ask = past_notice(p, p.read_until("ask"))
    asked: list[str] = []
    while ask["type"] == "ask":
        asked.append(ask["step"])
        if ask["purpose"] == "contradiction":
            p.send("it stands")
        else:
            p.send(answer_for(ask, indicator="yes", rating=5))
        ask = p.read_until("ask", "summary")
    assert p.close_input() == 0
    model = [s for s in asked if s.startswith("model_development.adv.")]
    assert {
        f"model_development.adv.{a}" for a in ("explainability", "automl", "challenger-wins")
    } <= set(model)
    covered = {s.split(".")[0] for s in asked if ".ind." in s}
    assert covered == {"feature_engineering", "model_development", "deployment_serving"}
    assert covered == {s.split(".")[0] for s in asked if ".adv." in s}
    assert ask["scores"]["dimensions"]["model_development"]["level"] == 5
