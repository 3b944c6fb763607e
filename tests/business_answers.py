"""Answers by step id, as an interview of the built-in executive track records them, turned
into the business case's inputs by the roles its steps declare."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interviewer.scoring.business_case import BusinessCase
from interviewer.scoring.business_inputs import business_case, business_inputs, business_roles
from interviewer.script.loader import load_script


def by_role(answers: Mapping[str, Any]) -> dict[str, Any]:
    return business_inputs(business_roles(load_script().tracks["executive"]), answers)


def case_of(answers: Mapping[str, Any], ramp_asked: bool = False) -> BusinessCase | None:
    """The business case of these answers (by step id)."""
    return business_case(by_role(answers), ramp_asked=ramp_asked)
