"""Net present value and internal rate of return of yearly cash flows (pure functions).

The IRR is looked for between -99% and 10,000% a year: a rate outside that range says nothing
a report could act on. It is found by bisection on the NPV, which is a polynomial in
x = 1 / (1 + rate); the flows are scaled to at most 1 and, for x above 1, the polynomial is
divided by x to the power of the last year, so no value overflows whatever the inputs. Flows
that change sign more than once can have several IRRs: the one nearest 0% is reported.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

IRR_LOW = -0.99  # -99% a year
IRR_HIGH = 100.0  # 10,000% a year
GRID = 400  # points on which a sign change of the NPV is looked for
BISECTIONS = 200


@dataclass(frozen=True)
class Irr:
    """The internal rate of return, or None with the reason there is none."""

    rate: float | None
    reason: str = ""


def npv_of(flows: Sequence[float], rate: float) -> float:
    """Net present value of yearly flows, year 0 first, counted at each year's end."""
    return sum(cf / (1 + rate) ** t for t, cf in enumerate(flows))


def _scaled_npv(flows: Sequence[float], x: float) -> float:
    """The NPV at x = 1 / (1 + rate), with the same sign and never overflowing: the flows are
    scaled to at most 1 in size, and for x > 1 divided by x ** (len(flows) - 1)."""
    if x <= 1:
        total = 0.0
        for cf in reversed(flows):  # Horner: cf0 + x (cf1 + x (cf2 + ...))
            total = total * x + cf
        return total
    y, total = 1 / x, 0.0
    for cf in flows:  # the same polynomial over x ** n, in powers of 1 / x
        total = total * y + cf
    return total


def irr_of(flows: Sequence[float]) -> Irr:
    """The rate at which the NPV of `flows` is zero, between IRR_LOW and IRR_HIGH."""
    if not flows or not all(math.isfinite(cf) for cf in flows):
        return Irr(None, "there are no cash flows to measure")
    size = max(abs(cf) for cf in flows)
    if size == 0:
        return Irr(None, "every cash flow is zero")
    scaled = [cf / size for cf in flows]
    signs = {cf > 0 for cf in flows if cf != 0}
    if signs == {False}:
        return Irr(None, "in no year do the benefits exceed the costs")
    if signs == {True}:
        return Irr(None, "no year has a cost to earn a return on")
    # from the highest rate (smallest x) to the lowest, evenly in log x
    lo_x, hi_x = 1 / (1 + IRR_HIGH), 1 / (1 + IRR_LOW)
    step = math.log(hi_x / lo_x) / GRID
    xs = [lo_x * math.exp(step * i) for i in range(GRID)] + [hi_x]
    values = [_scaled_npv(scaled, x) for x in xs]
    roots = []
    for i, (a, b) in enumerate(itertools.pairwise(values)):
        if a == 0:
            roots.append(xs[i])
        elif a * b < 0:
            roots.append(_bisect(scaled, xs[i], xs[i + 1], a))
    if values[-1] == 0:
        roots.append(xs[-1])
    if not roots:
        return Irr(None, _no_root(values[0], values[-1]))
    rate = min((1 / x - 1 for x in roots), key=abs)
    return Irr(0.0 if abs(rate) < 1e-12 else rate)


def _bisect(flows: Sequence[float], lo: float, hi: float, at_lo: float) -> float:
    for _ in range(BISECTIONS):
        mid = (lo + hi) / 2
        value = _scaled_npv(flows, mid)
        if value == 0:
            return mid
        if (value > 0) == (at_lo > 0):
            lo, at_lo = mid, value
        else:
            hi = mid
        if hi - lo <= 1e-16 * hi:
            break
    return (lo + hi) / 2


def _no_root(at_high: float, at_low: float) -> str:
    """Why no rate between IRR_LOW and IRR_HIGH brings the NPV to zero."""
    if at_low < 0 and at_high < 0:
        return "the benefits repay less than 1% of the costs (the NPV is below zero at -99%)"
    if at_low > 0 and at_high > 0:
        return "the return is above 10,000% a year"
    return "the NPV reaches zero at no rate from -99% to 10,000% a year"
