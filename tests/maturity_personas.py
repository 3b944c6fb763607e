"""Three interviewees, at low, mid and high maturity, who answer every track as a real team
would: indicators by level, their own words at the steps that play a role (team, blocker,
sponsor, priority, success criteria), numbers where numbers are asked."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from interviewer.engine.interview import Ask


class Persona(NamedTuple):
    name: str
    indicators: dict[int, str]  # level -> answer
    self_rating: int
    target: int
    models: str
    said: dict[str, str]  # role -> what they say there
    text: str  # any other free text


LOW = Persona(
    "low",
    {2: "partly", 3: "no", 4: "no", 5: "no"},
    1,
    3,
    "none yet",
    {
        "team": "Three data scientists; no ML engineers and no dedicated ML platform team.",
        "blocker": "IT has no way to run Python in production and no one owns that gap.",
        "sponsor": "Nobody yet. We would need to find one.",
        "success_criteria": "A first model live in production within six months.",
        "desired_outcomes": "One model in production that the business actually uses.",
        "top_priority": "Getting a first model into production.",
        "priorities": "Getting a first model into production for the sales team.",
    },
    "We do it by hand; it mostly lives in notebooks on our laptops.",
)
MID = Persona(
    "mid",
    {2: "yes", 3: "partly", 4: "no", 5: "no"},
    3,
    4,
    "12",
    {
        "team": (
            "About fifteen people: data scientists and two ML engineers, but no dedicated ML "
            "platform team."
        ),
        "sponsor": "The CFO sponsors it.",
        "success_criteria": (
            "Deploy lead time under a day, 100% of production models monitored, and ROI "
            "measured for 80% of models."
        ),
        "desired_outcomes": "Models ship in days, and we hear about problems before customers.",
        "top_priority": "Model monitoring.",
        "priorities": "Model monitoring, so we stop hearing about failures from customers.",
    },
    "We have scheduled pipelines and a review each release, but deployments are manual.",
)
HIGH = Persona(
    "high",
    {2: "yes", 3: "yes", 4: "yes", 5: "partly"},
    4,
    5,
    "140",
    {
        "team": (
            "A twelve-person ML platform team, ML engineers in every product team and a data "
            "science guild."
        ),
        "sponsor": "I will sponsor it; a steering group meets monthly.",
        "success_criteria": "Rollback in under 5 minutes, and serving cost down 30% in a year.",
        "desired_outcomes": "Every model retrains itself when it drifts.",
        "top_priority": "Model monitoring.",
        "priorities": "Model monitoring and cost per prediction.",
    },
    "Versioned gRPC/REST contracts with SLAs; a 5% canary, auto-promoted; KServe with autoscaling.",
)
PERSONAS = (LOW, MID, HIGH)


def answers_as(p: Persona) -> Callable[[Ask], str]:
    """The persona's answer to whatever the engine asks."""

    def answer(ask: Ask) -> str:
        step = ask.step
        if step.role and step.role in p.said:
            return p.said[step.role]
        if step.kind == "indicator" and step.indicator is not None:
            return p.indicators[step.indicator.level]
        if step.purpose == "contradiction":  # a persona stands by its answers
            return "it stands"
        if step.purpose == "self_rating":
            return str(p.self_rating)
        if step.purpose == "target":
            return str(p.target)
        if step.id == "models-in-production":
            return p.models
        if step.purpose == "pain":
            return "1,2" if p is LOW else "1"
        if step.kind in ("choice", "multi"):
            return "1"
        if step.kind == "scale":
            return str(min(5, p.self_rating + 1))
        if step.kind == "number":
            return str(int(step.min or 0) + 5 if step.max is None else int(step.max))
        return p.text

    return answer
