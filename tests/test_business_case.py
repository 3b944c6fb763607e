"""The guide's ROI framework and platform comparison, against values worked out by hand."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import cast

from business_answers import case_of
from conftest import drive, persona

from interviewer.engine.interview import Interview
from interviewer.export.business_section import business_case_lines, platform_lines
from interviewer.export.json_export import render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import ReportData, gather
from interviewer.records import Event, SessionMeta, Started
from interviewer.scoring.business_case import BusinessCase
from interviewer.scoring.cash_flows import npv_of
from interviewer.scoring.platform_comparison import (
    PlatformComparison,
    platform_comparison,
    platform_weights,
)
from interviewer.script.loader import builtin_script_path
from interviewer.store import SessionStore

# One-off 200,000 + 60,000 + 40,000 = 300,000; yearly 40,000 + 20,000 = 60,000; benefit at
# full speed 200,000 + 100,000 + 150,000 + 30,000 = 480,000; nothing else given, so the
# default ramp 0 / 25 / 75 / 100 %, 3 years and 10% apply.
ITEMISED = {
    "ml-cost-baseline": 1_000_000,
    "invest-platform": 200_000,
    "invest-migration": 60_000,
    "invest-training": 40_000,
    "yearly-platform": 40_000,
    "yearly-people": 20_000,
    "benefit-productivity": 200_000,
    "benefit-cost-savings": 100_000,
    "benefit-revenue": 150_000,
    "benefit-risk": 30_000,
}


def _n(value: float | None) -> float:
    """A figure that must be there."""
    assert value is not None
    return value


def _ramped() -> BusinessCase:
    case = case_of(ITEMISED, ramp_asked=True)
    assert case is not None
    return case


def test_a_ramped_itemised_case_matches_hand_computed_values():
    case = _ramped()
    assert (case.investment, case.yearly_cost, case.annual_benefit) == (300_000, 60_000, 480_000)
    assert case.ramp == (0.0, 0.25, 0.75, 1.0) and case.ramp_source == "default"
    # year 1 earns the average of Foundation and Acceleration, (0 + 25%) / 2 = 12.5%: 60,000;
    # year 2 of Optimization and Innovation, (75% + 100%) / 2 = 87.5%: 420,000; year 3 all
    base = case.base
    assert base.flows == [-300_000, 60_000 - 60_000, 420_000 - 60_000, 480_000 - 60_000]
    # NPV = -300,000 + 0 / 1.1 + 360,000 / 1.21 + 420,000 / 1.331
    #     = -300,000 + 297,520.661 + 315,552.216 = 313,072.877
    assert math.isclose(case.npv, 313_072.8775, abs_tol=0.01)
    # payback, money spread over each month: months 0-6 lose 60,000 a year (-300,000 ->
    # -330,000), 6-12 gain 120,000 - 60,000 (-> -300,000), 12-18 gain 360,000 - 60,000
    # (-> -150,000), then 420,000 a year: 150,000 / 420,000 = 0.357 years more, 1.857 years
    assert math.isclose(_n(case.payback_months), (1.5 + 150_000 / 420_000) * 12)  # 22.29
    # IRR: -300 + 360 / (1 + r)^2 + 420 / (1 + r)^3 = 0: at 46% it is +1.9, at 47% -1.2
    assert 0.46 < _n(case.irr) < 0.47
    assert math.isclose(npv_of(base.flows, _n(case.irr)), 0, abs_tol=1e-3)
    # ROI multiple = PV benefits / PV costs
    # PV benefits = 60,000 / 1.1 + 420,000 / 1.21 + 480,000 / 1.331 = 762,283.997
    # PV costs = 300,000 + 60,000 x (1/1.1 + 1/1.21 + 1/1.331) = 300,000 + 149,211.119
    assert math.isclose(base.pv_benefits, 762_283.997, abs_tol=0.01)
    assert math.isclose(base.pv_costs, 449_211.119, abs_tol=0.01)
    assert math.isclose(_n(case.roi_multiple), 762_283.997 / 449_211.119, rel_tol=1e-8)  # 1.697
    assert math.isclose(_n(case.roi_multiple) - 1, case.npv / base.pv_costs)


def test_sensitivity_rows_match_hand_computed_values():
    low, base, high = _ramped().sensitivity
    assert (low.name, low.benefit_factor, low.cost_factor) == ("low", 0.7, 1.2)
    assert (high.name, high.benefit_factor, high.cost_factor) == ("high", 1.3, 0.9)
    assert base.npv == _ramped().npv
    # low: one-off 360,000, yearly 72,000, benefit 336,000: flows -360,000, 42,000 - 72,000,
    # 294,000 - 72,000, 336,000 - 72,000; NPV = -360,000 - 27,272.727 + 183,471.074
    # + 198,347.107 = -5,454.55
    assert low.flows == [-360_000, -30_000, 222_000, 264_000]
    assert math.isclose(low.npv, -5_454.5455, abs_tol=0.01)
    # payback: -360,000 - 36,000 (months 0-6) + 6,000 (6-12) + 90,000 (12-18) = -300,000,
    # then 264,000 a year: 1.5 + 300 / 264 = 2.636 years = 31.6 months
    assert math.isclose(_n(low.payback_months), (1.5 + 300_000 / 264_000) * 12)
    # PV benefits 38,181.818 + 242,975.207 + 252,441.773 = 533,598.798;
    # PV costs 360,000 + 72,000 x 2.486852 = 539,053.343: just below break-even
    assert math.isclose(_n(low.roi_multiple), 533_598.798 / 539_053.343, rel_tol=1e-8)
    assert 0 < _n(low.irr) < 0.10
    # high: one-off 270,000, yearly 54,000, benefit 624,000: flows -270,000, 78,000 - 54,000,
    # 546,000 - 54,000, 624,000 - 54,000; NPV = -270,000 + 21,818.182 + 406,611.570
    # + 428,249.437 = 586,679.19
    assert high.flows == [-270_000, 24_000, 492_000, 570_000]
    assert math.isclose(high.npv, 586_679.1886, abs_tol=0.01)
    # payback: -270,000 - 27,000 + 51,000 + 207,000 = -39,000 at 1.5 years, then 570,000
    # a year: 1.5 + 39 / 570 = 1.568 years = 18.8 months
    assert math.isclose(_n(high.payback_months), (1.5 + 39_000 / 570_000) * 12)
    assert _n(low.irr) < _n(base.irr) < _n(high.irr)


def test_defaults_are_listed_as_assumptions_and_given_values_are_not():
    said = " ".join(_ramped().assumptions)
    assert "Discount rate 10%: our default" in said
    assert "Horizon 3 years" in said and "as none was given" in said
    assert "Ramp (our default" in said and "0% / 25% / 75% / 100%" in said
    assert "year 1 earns 12.5%" in said
    assert "ROI multiple: the present value of the benefits over the present value" in said
    assert "low case benefits x0.7 and costs x1.2" in said
    given = case_of(
        {**ITEMISED, "horizon-years": 5, "discount-rate": 8, "benefit-ramp": "quick"},
        ramp_asked=True,
    )
    assert given is not None and given.ramp == (0.25, 0.5, 1.0, 1.0)
    said = " ".join(given.assumptions)
    assert "our default" not in said and "quick wins, as chosen" in said
    skipped = dict(ITEMISED)
    del skipped["invest-training"], skipped["benefit-risk"]
    case = case_of(skipped, ramp_asked=True)
    assert case is not None and case.investment == 260_000
    assert "Not given, so counted as nothing: training, risk mitigation." in case.assumptions


def test_custom_ramp_shares_and_a_missing_share_takes_the_default():
    case = case_of(
        {**ITEMISED, "benefit-ramp": "custom", "ramp-foundation": 10, "ramp-optimization": 60},
        ramp_asked=True,
    )
    assert case is not None and case.ramp == (0.10, 0.25, 0.60, 1.0)
    assert case.ramp_source == "given"
    assert math.isclose(case.year_share(1), 0.175) and math.isclose(case.year_share(2), 0.80)


def test_the_guide_comparison_is_a_plain_sentence():
    # 650,000 / 300,000 a year, all of it from year 1: 2.1667 years = 26 months
    case = case_of({"investment": 650_000, "annual-benefit": 300_000, "horizon-years": 3})
    assert case is not None
    said = case.comparisons
    assert said[0] == "Payback 26 months: longer than the 12-24 months the guide expects."
    assert said[1].startswith("IRR ") and "below the 50-150% the guide expects" in said[1]
    ramped = _ramped().comparisons
    assert ramped[0] == "Payback 22 months: within the 12-24 months the guide expects."
    assert ramped[1] == "IRR 46.8%: below the 50-150% the guide expects."
    assert ramped[2].startswith("ROI multiple 1.70x: below the 3-5x the guide expects")
    # cost savings 100,000 of today's 1,000,000: 10%, against the guide's 30-50%
    assert any(s.startswith("Cost savings 10% of today's cost") for s in ramped)
    never = case_of({"investment": 1_000_000, "annual-benefit": 10_000})
    assert never is not None and never.comparisons[0].startswith("No payback within 30 years")
    # a longer horizon is set beside the guide's three-year figures over three years
    five = case_of({**ITEMISED, "horizon-years": 5}, ramp_asked=True)
    assert five is not None and "over three years, the guide's period" in five.comparisons[2]


def test_old_inputs_compute_as_before_with_the_new_outputs():
    old = {
        "investment": 500_000,
        "annual-benefit": 250_000,
        "horizon-years": 3,
        "discount-rate": 10,
    }
    case = case_of(old)  # a session from before the ramp question
    assert case == BusinessCase(500_000, 250_000, 3, 0.10, "", running_given=False)
    assert case.payback_years == 2.0 and case.payback_months == 24.0
    assert math.isclose(case.npv, 121_712.99774605556, rel_tol=1e-9)
    assert math.isclose(_n(case.irr), 0.2337519, abs_tol=1e-6)
    # ROI multiple: 250,000 x 2.486852 / 500,000 = 1.2434
    assert math.isclose(_n(case.roi_multiple), 250_000 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331) / 500_000)
    said = " ".join(case.assumptions)
    assert "The full benefit counts from year 1" in said
    assert "The investment is one total" in said and "our default" not in said
    assert len(case.sensitivity) == 3
    # the same answers in a session that asks about the ramp: the default ramp, stated
    ramped = case_of(old, ramp_asked=True)
    assert ramped is not None and ramped.ramp_source == "default"
    assert ramped.npv < case.npv
    assert case_of({"investment": 1}) is None
    assert case_of({"annual-benefit": 1}) is None
    assert case_of({"investment": "", "annual-benefit": 5}) is None  # left empty


def test_platform_weights_are_adjusted_by_the_priorities_and_shown():
    # business chosen: 40 / 25 + 10 / 20 / 15 = 110 points, scaled to 100
    weights = platform_weights(["business"])
    assert [round(w.weight, 4) for w in weights] == [0.3636, 0.3182, 0.1818, 0.1364]
    assert [w.added for w in weights] == [0, 10, 0, 0]
    assert [w.weight for w in platform_weights([])] == [0.40, 0.25, 0.20, 0.15]
    everything = platform_weights(["technical", "business", "operational", "strategic"])
    assert [w.weight for w in everything] == [0.40, 0.25, 0.20, 0.15]
    answers = {
        "evaluation-priorities": ["business", "operational"],
        "platform-technical": 2,
        "platform-business": 3,
        "platform-operational": 4,
        "platform-strategic": 3,
        "candidate-1": "Vendor | X",
        "candidate-1-technical": 5,
        "candidate-1-business": 4,
        "candidate-1-operational": 2,
        "candidate-1-strategic": 3,
        "candidate-2": "Build our own",
        "candidate-2-technical": 3,
        "candidate-3": "",  # left empty: no third candidate
        "candidate-3-technical": 5,
    }
    p = platform_comparison(answers)
    assert p is not None and p.adjusted and p.priorities == ("business", "operational")
    # 40 / 35 / 30 / 15 of 120: current 2 x 40 + 3 x 35 + 4 x 30 + 3 x 15 = 350 / 120 = 2.917;
    # Vendor 5 x 40 + 4 x 35 + 2 x 30 + 3 x 15 = 445 / 120 = 3.708; Build only rated 3
    assert [o.name for o in p.ranked] == ["Vendor | X", "Build our own", "Current platform"]
    assert math.isclose(_n(p.ranked[0].weighted), 445 / 120)
    assert math.isclose(_n(p.weighted), 350 / 120)  # the current platform, as before
    assert p.ranked[1].weighted == 3 and not p.ranked[1].complete
    assert "10 points added to business value and operational factors" in p.adjustment
    assert "33.3% / 29.2% / 25.0% / 12.5%" in p.adjustment
    # the executive's priorities from their own session
    other = platform_comparison({"platform-technical": 4}, priorities=["strategic"])
    assert other is not None and [w.added for w in other.weights] == [0, 0, 0, 10]
    assert platform_comparison({}) is None


def _data(
    business: BusinessCase | None = None, platform: PlatformComparison | None = None
) -> ReportData:
    """A stand-in for a session's report data holding only what the section functions read."""
    return cast(ReportData, SimpleNamespace(business=business, platform=platform))


def test_the_sections_show_inputs_results_sensitivity_comparisons_and_assumptions():
    text = "\n".join(business_case_lines(_data(business=_ramped())))
    for needle in (
        "## Business case",
        "- One-off costs: 300,000 (platform set-up and licences 200,000; migration 60,000",
        "- Ramp: 0% / 25% / 75% / 100% of the full benefit in Foundation, Acceleration, "
        "Optimization, Innovation (our default)",
        "- Horizon: 3 years (default); discount rate 10.0% (default)",
        "- Payback: 22 months (1.9 years)",
        "- ROI multiple: 1.70x",
        "| Low | x0.7 | x1.2 | 32 months | -5,455 | 9.4% | 0.99x |",
        "| 2 | 420,000 | 60,000 | 360,000 | 60,000 |",
        "- Payback 22 months: within the 12-24 months the guide expects.",
        "- Discount rate 10%: our default, as none was given.",
    ):
        assert needle in text, needle
    p = platform_comparison(
        {"evaluation-priorities": ["technical"], "candidate-1": "A | B", "candidate-1-technical": 4}
    )
    lines = platform_lines(_data(platform=p))
    assert "| Technical capabilities | 40% | +10 points | 45.5% |" in lines
    assert any(line.startswith("| 1 | A \\| B | 4 | - | - | - |") for line in lines)
    only_weights = platform_comparison({"evaluation-priorities": ["strategic"]})
    lines = platform_lines(_data(platform=only_weights))
    assert any("No platform was rated in this session" in line for line in lines)
    assert business_case_lines(_data()) == [] and platform_lines(_data()) == []


def _executive(ask):
    """An executive who goes item by item, picks business value as their platform priority
    and skips the ramp, horizon and discount rate."""
    step = ask.step
    numbers = {**ITEMISED, "ml-cost-baseline": 1_000_000}
    if step.id == "platform-timeline":
        return "2"  # within three months
    if step.id == "evaluation-priorities":
        return "2"  # business value
    if step.id == "case-detail":
        return "2"  # item by item
    if step.id in numbers:
        return str(numbers[step.id])
    if step.id == "currency":
        return "EUR"
    if step.id in ("benefit-ramp", "horizon-years", "discount-rate"):
        return "/skip"
    return persona("partly", 2)(ask)


def test_the_executive_track_reaches_the_new_questions_and_exports_the_sections(tmp_path, script):
    iv = Interview(script, "executive")
    events: list[Event] = [Started(1_700_000_000)]
    iv.apply(events[0])
    asked = []
    now = 1_700_000_000.0
    while (ask := iv.ask()) is not None:
        asked.append(ask.step.id)
        now += 5
        reply = iv.interpret(_executive(ask), now)
        assert reply.invalid is None, (ask.step.id, reply.invalid)
        for event in reply.events:
            iv.apply(event)
            events.append(event)
    for step in ("ml-cost-baseline", "case-detail", *ITEMISED, "benefit-ramp", "currency"):
        assert step in asked, step
    assert "investment" not in asked and "ramp-foundation" not in asked
    store = SessionStore(tmp_path / "sessions")
    ref = store.create(SessionMeta("executive", org="Acme"), builtin_script_path().read_text(), 1)
    with store.open_writer(ref.id) as w:
        w.append(events)
    data = gather(store, ref.id)
    assert data.business is not None and data.business.ramp_source == "default"
    assert math.isclose(data.business.npv, 313_072.8775, abs_tol=0.01)
    md = render_markdown(data)
    assert "## Business case" in md and "### Sensitivity" in md and "EUR" in md
    assert "- Ramp: 0% / 25% / 75% / 100%" in md and "(our default)" in md
    assert "## Platform evaluation" in md and "+10 points" in md
    body = render_json(data)
    case = body["business_case"]
    assert case["currency"] == "EUR" and case["defaults"]["ramp"] and case["defaults"]["years"]
    assert [row["case"] for row in case["sensitivity"]] == ["low", "base", "high"]
    assert case["comparisons"][0].startswith("Payback 22 months")
    assert {i["step"] for i in case["benefits"]} == {
        "benefit-productivity",
        "benefit-cost-savings",
        "benefit-revenue",
        "benefit-risk",
    }
    assert body["platform"]["priorities"] == ["business"] and body["platform"]["adjusted"]
    assert body["platform"]["weights"][1]["added_points"] == 10


def test_the_totals_path_and_the_platform_alternative_in_the_platform_track(script):
    iv = Interview(script, "executive")
    asked = [a.step.id for a in drive(iv, persona("partly", 2))]  # first option: two totals
    assert "investment" in asked and "annual-benefit" in asked and "benefit-ramp" in asked
    assert "invest-platform" not in asked
    iv = Interview(script, "platform")  # the platform session rates one alternative in detail
    asked = [a.step.id for a in drive(iv, persona("partly", 2))]
    assert "candidate-1-strategic" in asked  # the alternative named, so every rating
    p = platform_comparison(iv.answers)
    assert p is not None and len(p.options) == 2 and not p.adjusted
    iv = Interview(script, "tech-lead")  # the tech lead rates the current platform only
    asked = [a.step.id for a in drive(iv, persona("partly", 2))]
    assert "platform-strategic" in asked and not any(s.startswith("candidate-") for s in asked)
