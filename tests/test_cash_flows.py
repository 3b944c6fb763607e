"""The IRR: a number wherever the cash flows have one (zero and negative too), none with the
reason only where they have none, and never an overflow."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from interviewer.scoring.cash_flows import IRR_HIGH, IRR_LOW, irr_of, npv_of


def _discounted_size(flows: list[float], rate: float) -> float:
    """The size of the NPV's terms at `rate`: what "NPV ~0" is measured against."""
    return sum(abs(cf) / (1 + rate) ** t for t, cf in enumerate(flows))


def test_a_case_that_only_repays_its_costs_has_an_irr_of_zero():
    assert irr_of([-300_000, 100_000, 100_000, 100_000]).rate == 0.0


def test_a_case_that_repays_less_than_its_costs_has_a_negative_irr():
    # 80,000 a year for 3 years against 300,000: 80 (1/(1+r) + 1/(1+r)^2 + 1/(1+r)^3) = 300
    rate = irr_of([-300_000, 80_000, 80_000, 80_000]).rate
    assert rate is not None and math.isclose(rate, -0.1037830, abs_tol=1e-6)
    # the review's low-maturity case: -17.0% is a number, not "none"
    low = irr_of([-500_000, 50_000, 150_000, 200_000]).rate
    assert low is not None and -0.2 < low < 0


def test_no_irr_only_where_none_exists_with_the_reason():
    only_costs = irr_of([-1_000_000, -20_000, -20_000, -20_000])
    assert only_costs.rate is None
    assert only_costs.reason == "in no year do the benefits exceed the costs"
    only_in = irr_of([100, 100])
    assert only_in.rate is None and "no year has a cost" in only_in.reason
    tiny = irr_of([-1_000_000, 1])  # repays a millionth: below -99% a year
    assert tiny.rate is None and "less than 1% of the costs" in tiny.reason
    assert irr_of([0, 0, 0]).reason == "every cash flow is zero"
    assert irr_of([-1, float("nan")]).rate is None


def test_extreme_inputs_do_not_overflow():
    assert irr_of([-1e300, 1e300, 1e300]).rate is not None
    assert irr_of([-1e-300, 1e300]).reason == "the return is above 10,000% a year"
    long = [-1.0] + [0.0] * 200 + [1e6]
    rate = irr_of(long).rate
    assert rate is not None and math.isclose(rate, 1e6 ** (1 / 201) - 1, rel_tol=1e-9)


amounts = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(st.lists(amounts, min_size=2, max_size=40))
def test_an_irr_reported_brings_the_npv_to_zero(flows):
    found = irr_of(flows)
    if found.rate is None:
        assert found.reason
        return
    assert IRR_LOW <= found.rate <= IRR_HIGH
    assert abs(npv_of(flows, found.rate)) <= 1e-7 * _discounted_size(flows, found.rate)


@given(
    st.floats(min_value=1, max_value=1e9),
    st.lists(st.floats(min_value=0, max_value=1e9), min_size=1, max_size=30),
)
def test_a_conventional_case_has_an_irr_unless_it_is_out_of_range(investment, benefits):
    """Money out, then money in: the NPV falls with the rate, so it has exactly one IRR; none
    only when it lies beyond -99% or 10,000%, as the reason says."""
    flows = [-investment, *benefits]
    found = irr_of(flows)
    back = sum(benefits)
    if found.rate is not None:  # positive when the benefits more than repay, negative when less
        if back > investment * (1 + 1e-6):
            assert found.rate > 0
        elif back < investment * (1 - 1e-6):
            assert found.rate < 0
    elif any(benefits):
        assert npv_of(flows, IRR_LOW) < 0 or npv_of(flows, IRR_HIGH) > 0, found.reason
