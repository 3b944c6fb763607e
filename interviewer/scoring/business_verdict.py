"""The business case's verdict and its baseline, in sentences (pure functions).

The verdict answers what a CTO asks first: does it pay back within the horizon the client set,
does it return the discount rate, and what would change that. The break-even figures are
exact, as the cash flows are linear in the benefit and the investment:

- the yearly benefit that pays back exactly at the horizon's end: (one-off costs + yearly
  costs x years) / (the sum of the years' ramp shares);
- the one-off investment that does: full benefit x that sum - yearly costs x years;
- the yearly benefit at which the NPV is zero at the discount rate: the same, with every year
  discounted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.scoring.business_case import BusinessCase

EXACT = 1e-6  # months: a payback this close to the horizon's end is at it


def money(amount: float, currency: str = "") -> str:
    """A whole amount with thousands separators, never "-0", and the currency after it."""
    rounded = round(amount) or 0
    return f"{rounded:,}" + (f" {currency}" if currency else "")


def percent(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def _shares(b: BusinessCase) -> list[float]:
    return [b.year_share(t) for t in range(1, b.years + 1)]


def payback_benefit(b: BusinessCase) -> float | None:
    """The full yearly benefit that pays back exactly at the horizon's end; None when the
    ramp gives no benefit within the horizon."""
    total = sum(_shares(b))
    return (b.investment + b.yearly_cost * b.years) / total if total > 0 else None


def payback_investment(b: BusinessCase) -> float:
    """The one-off investment that pays back exactly at the horizon's end (negative when the
    yearly costs alone outweigh the benefit over the horizon)."""
    return b.annual_benefit * sum(_shares(b)) - b.yearly_cost * b.years


def npv_benefit(b: BusinessCase) -> float | None:
    """The full yearly benefit at which the NPV at the discount rate is zero."""
    factors = [1 / (1 + b.discount_rate) ** t for t in range(1, b.years + 1)]
    weighted = sum(s * f for s, f in zip(_shares(b), factors, strict=True))
    cost = b.investment + b.yearly_cost * sum(factors)
    return cost / weighted if weighted > 0 else None


def pays_back_in_time(b: BusinessCase) -> bool:
    months = b.base.payback_months
    return months is not None and months <= b.years * 12 + EXACT


def irr_text(b: BusinessCase) -> str:
    found = b.base.irr_found
    return percent(found.rate) if found.rate is not None else f"none, as {found.reason}"


def verdict(b: BusinessCase) -> str:
    """Two or three sentences: whether it pays back in time and returns the discount rate,
    with NPV and IRR; what would change that; and zero running costs taken, if so."""
    base, cur, n = b.base, b.currency, b.years
    months = base.payback_months
    rate = f"{b.discount_rate * 100:g}%"
    figures = f"NPV {money(base.npv, cur)} at {rate}, IRR {irr_text(b)}"
    expected = f"(expected {money(b.annual_benefit, cur)})"
    # a horizon or rate not given is ours, and the verdict rests on it: said where it is used
    horizon = f"{'our default' if b.years_default else 'the'} {n}-year horizon"
    discount = f"{'our default' if b.rate_default else 'the'} {rate} discount rate"
    if pays_back_in_time(b):
        assert months is not None
        at_end = abs(months - n * 12) <= EXACT
        when = (
            f"only at the end of {horizon}"
            if at_end
            else (f"in {_months(months, n)}, within {horizon}")
        )
        if base.npv >= 0:
            first = f"Pays back {when}, and returns more than {discount}: {figures}."
            low = payback_benefit(b)
            then = (
                f" It would still pay back in time on a yearly benefit down to "
                f"{money(low, cur)} {expected}."
                if low is not None and low > 0 and not at_end
                else ""
            )
        else:
            first = f"Pays back {when}, but returns less than {discount}: {figures}."
            need = npv_benefit(b)
            then = (
                f" To return {rate} it needs a yearly benefit of {money(need, cur)} {expected}."
                if need is not None
                else ""
            )
    else:
        late = (
            f"payback in {_months(months, n)}"
            if months is not None
            else "no payback within 30 years"
        )
        first = f"Does not pay back within {horizon} ({late}): {figures}."
        then = _to_pay_back(b)
    note = "" if b.running_given else " Running costs not given: taken as zero."
    return first + then + note


def payback_span(months: float, years: int, in_years: bool = False) -> str:
    """A payback in whole months (or years to one decimal), never rounded onto the end of a
    `years` horizon it misses or beats: 36.4 months beside a 3-year horizon stays "36.4
    months", not "36 months" or "3.0 years"."""
    off_end = abs(months - years * 12) > EXACT
    if in_years and not (off_end and round(months / 12, 1) == years):
        return f"{months / 12:.1f} years"
    if off_end and round(months) == years * 12:
        return f"{months:.1f} months"
    return f"{months:.0f} months"


def _months(months: float, years: int) -> str:
    """Months under two years, years from then on: "18 months", "3.8 years"."""
    return payback_span(months, years, in_years=months >= 24)


def _to_pay_back(b: BusinessCase) -> str:
    cur = b.currency
    need = payback_benefit(b)
    if need is None:
        return " No yearly benefit would: the ramp gives none within the horizon."
    benefit = (
        f" It would pay back in time on a yearly benefit of {money(need, cur)} "
        f"(expected {money(b.annual_benefit, cur)})"
    )
    most = payback_investment(b)
    if most <= 0 and not b.yearly_cost:  # no benefit and no running cost: nothing to repay it
        return benefit + "."
    if most <= 0:
        return (
            f"{benefit}; not even with no investment, as the running costs alone outweigh the "
            "benefit over the horizon."
        )
    return (
        f"{benefit}, or on a one-off investment of at most {money(most, cur)} "
        f"(planned {money(b.investment, cur)})."
    )


def against_today(b: BusinessCase) -> list[str]:
    """What the figures are measured against: today's yearly cost of ML operations, when it
    was given, or why it cannot be."""
    cur = b.currency
    if b.baseline is None:
        return [
            "Today's yearly cost of ML operations was not given: the figures are the change "
            "the programme makes, and its cost savings cannot be set against today's spend."
        ]
    today = b.baseline
    out = [
        f"Measured against today's {money(today, cur)} a year: every cost and benefit here is "
        "a change from it."
    ]
    if today <= 0:
        return [*out, "Today's cost was given as zero, so no share of it can be shown."]
    if b.yearly_cost:
        out.append(
            f"The running costs add {money(b.yearly_cost, cur)} a year to it "
            f"({b.yearly_cost / today:.0%} more)."
        )
    savings = b.benefits.get("benefit_cost_savings")
    if savings is None:
        out.append(
            f"The yearly benefit, {money(b.annual_benefit, cur)}, is "
            f"{b.annual_benefit / today:.0%} of today's cost; it is not split by kind, so how "
            "much of it is a saving on today's cost is not known."
        )
    elif savings > today:
        out.append(
            f"The cost savings, {money(savings, cur)} a year, are more than today's whole "
            "cost: check that estimate before relying on the case."
        )
    else:
        after = today + b.yearly_cost - savings
        out.append(
            f"Once the benefit is full, ML operations cost {money(after, cur)} a year "
            f"({(after - today) / today:+.0%} against today): today's cost, plus the running "
            "costs, less the cost savings."
        )
    return out
