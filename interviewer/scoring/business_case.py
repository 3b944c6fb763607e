"""The guide's ROI framework and platform comparison, from the answers (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PLATFORM_WEIGHTS = {  # the guide's weighted scoring
    "platform-technical": ("Technical capabilities", 0.40),
    "platform-business": ("Business value", 0.25),
    "platform-operational": ("Operational factors", 0.20),
    "platform-strategic": ("Strategic alignment", 0.15),
}


@dataclass
class BusinessCase:
    investment: float
    annual_benefit: float
    years: int
    discount_rate: float  # a fraction: 0.10 for 10%
    currency: str = ""

    @property
    def payback_years(self) -> float | None:
        """Simple payback: investment over annual benefit (None when nothing comes back)."""
        return self.investment / self.annual_benefit if self.annual_benefit > 0 else None

    @property
    def npv(self) -> float:
        return npv(self.investment, self.annual_benefit, self.years, self.discount_rate)

    @property
    def irr(self) -> float | None:
        return irr(self.investment, self.annual_benefit, self.years)

    @property
    def roi_multiple(self) -> float | None:
        """Undiscounted benefit over the horizon as a multiple of the investment."""
        return self.annual_benefit * self.years / self.investment if self.investment > 0 else None


def npv(investment: float, benefit: float, years: int, rate: float) -> float:
    return -investment + sum(benefit / (1 + rate) ** t for t in range(1, years + 1))


def irr(investment: float, benefit: float, years: int) -> float | None:
    """The rate at which NPV is zero, by bisection; None when there is none (no payback)."""
    if investment <= 0 or benefit <= 0 or benefit * years <= investment:
        return None
    lo, hi = 0.0, 1.0
    while npv(investment, benefit, years, hi) > 0:
        hi *= 2
        if hi > 1e6:
            return None
    for _ in range(200):
        mid = (lo + hi) / 2
        if npv(investment, benefit, years, mid) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def business_case(answers: Mapping[str, Any]) -> BusinessCase | None:
    """From the executive track's inputs; None unless investment, benefit and horizon were given."""
    try:
        investment = float(answers["investment"])
        benefit = float(answers["annual-benefit"])
        years = int(answers["horizon-years"])
    except (KeyError, TypeError, ValueError):
        return None
    rate = answers.get("discount-rate")
    rate = 10.0 if rate is None else float(rate)
    currency = str(answers.get("currency") or "").strip()
    if len(currency) > 12 or len(currency.split()) > 2:  # a sentence, not a currency: leave it out
        currency = ""
    return BusinessCase(investment, benefit, years, rate / 100, currency)


@dataclass
class PlatformScore:
    ratings: dict[str, tuple[str, float, int]]  # step -> (criterion, weight, rating 1-5)
    weighted: float  # on the 1-5 scale, weights renormalised over the criteria answered


def platform_score(answers: Mapping[str, Any]) -> PlatformScore | None:
    ratings = {
        step: (name, weight, int(answers[step]))
        for step, (name, weight) in PLATFORM_WEIGHTS.items()
        if answers.get(step) is not None
    }
    if not ratings:
        return None
    total = sum(w for _, w, _ in ratings.values())
    weighted = sum(w * r for _, w, r in ratings.values()) / total
    return PlatformScore(ratings, weighted)
