"""The business case read from a session's answers, by the roles its steps declare: apart from
the model (business_case) because which answer plays which input is the script's business."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interviewer.scoring.business_case import (
    BENEFIT_ITEMS,
    DEFAULT_RAMP,
    DEFAULT_RATE,
    DEFAULT_YEARS,
    ONE_OFF_ITEMS,
    RAMP_PROFILES,
    RAMP_ROLES,
    YEARLY_ITEMS,
    BusinessCase,
)
from interviewer.script.model import BUSINESS_ROLES, Track


def _amount(answers: Mapping[str, Any], step: str) -> float | None:
    """A number answer, or None when not given (skipped, empty, or not a number)."""
    value = answers.get(step)
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _items(answers: Mapping[str, Any], steps: Mapping[str, str]) -> dict[str, float]:
    return {s: v for s in steps if (v := _amount(answers, s)) is not None}


def _ramp(answers: Mapping[str, Any]) -> tuple[tuple[float, float, float, float], str]:
    profile = answers.get("benefit_ramp")
    if isinstance(profile, str) and profile in RAMP_PROFILES:
        return RAMP_PROFILES[profile], profile
    given = [_amount(answers, s) for s in RAMP_ROLES]
    if any(v is not None for v in given):
        shares = [
            default if v is None else min(max(v, 0.0), 100.0) / 100
            for v, default in zip(given, DEFAULT_RAMP, strict=True)
        ]
        return (shares[0], shares[1], shares[2], shares[3]), "given"
    return DEFAULT_RAMP, "default"


def business_roles(track: Track) -> dict[str, str]:
    """The business case's inputs this track asks: role -> the id of the step playing it."""
    return {s.role: s.id for s in track.steps if s.role in BUSINESS_ROLES}


def business_inputs(roles: Mapping[str, str], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to those steps, by role (what `business_case` reads)."""
    return {role: answers[step] for role, step in roles.items() if step in answers}


def session_business_case(
    track: Track, answers: Mapping[str, Any], reference: Track | None = None
) -> BusinessCase | None:
    """The business case of a session on `track`. When its steps declare no business-case
    roles (a session recorded on an earlier version of the script), those of `reference`, the
    same track of the script's current version, apply to the steps of the same id and kind."""
    roles = business_roles(track)
    if not roles and reference is not None:
        kinds = {s.id: s.kind for s in track.steps}
        roles = {
            role: step
            for role, step in business_roles(reference).items()
            if kinds.get(step) == BUSINESS_ROLES[role]
        }
    case = business_case(business_inputs(roles, answers), ramp_asked="benefit_ramp" in roles)
    if case is not None:
        case.steps = roles
    return case


def business_case(answers: Mapping[str, Any], ramp_asked: bool = False) -> BusinessCase | None:
    """From the business case's inputs, keyed by role (script.model.BUSINESS_ROLES); None
    unless some cost and some benefit were given.

    `ramp_asked`: the session's track asks how quickly the benefit arrives, so when that was
    not answered the default ramp applies (and is listed as an assumption). Without it (a
    session from before the ramp question) the full benefit counts from year 1, as before.
    """
    one_off, yearly = _items(answers, ONE_OFF_ITEMS), _items(answers, YEARLY_ITEMS)
    benefits = _items(answers, BENEFIT_ITEMS)
    total_investment = _amount(answers, "investment")
    total_benefit = _amount(answers, "yearly_benefit")
    total_running = _amount(answers, "running_cost")
    itemised_costs = bool(one_off or yearly)
    if itemised_costs:
        investment = sum(one_off.values())
    elif total_investment is not None:
        investment = total_investment
    else:
        return None
    if benefits:
        benefit = sum(benefits.values())
    elif total_benefit is not None:
        benefit = total_benefit
    else:
        return None
    years_answer = _amount(answers, "horizon_years")
    years = DEFAULT_YEARS if years_answer is None else max(1, int(years_answer))
    rate_answer = _amount(answers, "discount_rate")
    rate = DEFAULT_RATE if rate_answer is None else rate_answer
    currency = str(answers.get("currency") or "").strip()
    if len(currency) > 12 or len(currency.split()) > 2:  # a sentence, not a currency: leave it out
        currency = ""
    ramp, source = _ramp(answers) if ramp_asked else (None, "")
    asked = [*ONE_OFF_ITEMS, *YEARLY_ITEMS] if itemised_costs else []
    asked += list(BENEFIT_ITEMS) if benefits else []  # the itemised questions, when answered
    given = {**one_off, **yearly, **benefits}
    return BusinessCase(
        investment,
        benefit,
        years,
        rate / 100,
        currency,
        yearly_cost=sum(yearly.values()) if yearly else total_running or 0.0,
        running_given=bool(yearly) or total_running is not None,
        baseline=_amount(answers, "ml_cost_today"),
        one_off=one_off,
        yearly=yearly,
        benefits=benefits,
        ramp=ramp,
        ramp_source=source,
        not_given=tuple(s for s in asked if s not in given),
        rate_default=rate_answer is None,
        years_default=years_answer is None,
    )
