"""The business case's verdict, golden on both input paths: a case that never pays back, one
that pays back exactly at the horizon, one with a negative IRR; the running costs asked on the
"two totals" path too; today's cost as the baseline."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from business_answers import case_of
from conftest import persona

from interviewer.engine.interview import Ask, Interview
from interviewer.export.business_section import business_case_lines
from interviewer.export.html import render_html
from interviewer.export.json_export import render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import ReportData, gather
from interviewer.records import Event, SessionMeta, Started
from interviewer.scoring.business_case import BusinessCase
from interviewer.scoring.business_inputs import business_roles
from interviewer.scoring.business_verdict import payback_span
from interviewer.script.loader import builtin_script_path, load_script, validate
from interviewer.script.model import BUSINESS_ROLES
from interviewer.store import SessionStore

# all of the benefit from the start, 3 years at 10%: figures checkable by hand
COMMON = {"benefit-ramp": "immediate", "horizon-years": 3, "discount-rate": 10, "currency": "EUR"}

NEVER = (
    "Does not pay back within the 3-year horizon (no payback within 30 years): NPV "
    "-1,049,737 EUR at 10%, IRR none, as in no year do the benefits exceed the costs. It would "
    "pay back in time on a yearly benefit of 453,333 EUR (expected 100,000 EUR); not even with "
    "no investment, as the running costs alone outweigh the benefit over the horizon."
)
AT_HORIZON = (
    "Pays back only at the end of the 3-year horizon, but returns less than the 10% discount "
    "rate: NPV -51,315 EUR at 10%, IRR 0.0%. To return 10% it needs a yearly benefit of "
    "120,634 EUR (expected 100,000 EUR). Running costs not given: taken as zero."
)
NEGATIVE = (
    "Does not pay back within the 3-year horizon (payback in 3.8 years): NPV -101,052 EUR at "
    "10%, IRR -10.4%. It would pay back in time on a yearly benefit of 140,000 EUR (expected "
    "120,000 EUR), or on a one-off investment of at most 240,000 EUR (planned 300,000 EUR)."
)

TOTALS = {  # the "two totals" path: investment, yearly benefit, running costs
    # flows -1,000,000, then 100,000 - 120,000 a year: NPV -1,000,000 - 20,000 x 2.486852;
    # paying back in 3 years needs (1,000,000 + 3 x 120,000) / 3 a year
    "never": ({"investment": 1_000_000, "annual-benefit": 100_000, "running-cost": 120_000}, NEVER),
    # -300,000 then 100,000 a year: back to zero at month 36; NPV -300,000 + 248,685.2;
    # zero NPV needs 300,000 / 2.486852 = 120,634 a year
    "at horizon": ({"investment": 300_000, "annual-benefit": 100_000}, AT_HORIZON),
    # -300,000 then 80,000 a year: 45 months; 80 x annuity(r, 3) = 300 at r = -10.38%;
    # (300,000 + 3 x 40,000) / 3 = 140,000; 3 x 120,000 - 3 x 40,000 = 240,000
    "negative irr": (
        {"investment": 300_000, "annual-benefit": 120_000, "running-cost": 40_000},
        NEGATIVE,
    ),
}
ITEMISED = {  # the same three, item by item
    "never": (
        {"invest-platform": 1_000_000, "yearly-platform": 120_000, "benefit-productivity": 100_000},
        NEVER,
    ),
    "at horizon": (
        {
            "invest-platform": 200_000,
            "invest-migration": 100_000,
            "benefit-productivity": 60_000,
            "benefit-cost-savings": 40_000,
        },
        AT_HORIZON,
    ),
    "negative irr": (
        {"invest-training": 300_000, "yearly-people": 40_000, "benefit-revenue": 120_000},
        NEGATIVE,
    ),
}


def _case(answers: Mapping[str, object]) -> BusinessCase:
    case = case_of({**COMMON, **answers}, ramp_asked=True)
    assert case is not None
    return case


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [*TOTALS.values(), *ITEMISED.values()],
    ids=[f"totals: {k}" for k in TOTALS] + [f"itemised: {k}" for k in ITEMISED],
)
def test_the_verdict_on_both_input_paths(answers, verdict):
    case = _case(answers)
    assert case.verdict == verdict
    # the figures beneath it agree with it
    text = "\n".join(business_case_lines(_data(case)))
    assert f"**Verdict.** {verdict}" in text
    assert f"- Net present value: {case.npv:,.0f} EUR at 10.0% over 3 years" in text
    irr = "none, as in no year" if case.irr is None else f"{case.irr:.1%}"
    assert f"- Internal rate of return: {irr}" in text


def test_the_figures_behind_each_verdict():
    never, at_horizon, negative = (_case(a) for a, _ in TOTALS.values())
    assert never.payback_months is None and never.irr is None
    assert at_horizon.payback_months == 36.0 and at_horizon.irr == 0.0
    assert math.isclose(at_horizon.npv, -300_000 + 100_000 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331))
    assert negative.payback_months == 45.0
    assert math.isclose(negative.irr or 0, -0.1037830, abs_tol=1e-6)


@pytest.mark.parametrize(
    ("benefit", "verdict"),
    [
        # -300,000 then 200,000 a year: 18 months; NPV -300,000 + 200,000 x 2.486852: it says
        # how far the benefit may fall and still pay back in time
        (
            200_000,
            "Pays back in 18 months, within the 3-year horizon, and returns more than the 10% "
            "discount rate: NPV 197,370 EUR at 10%, IRR 44.6%. It would still pay back in time "
            "on a yearly benefit down to 100,000 EUR (expected 200,000 EUR).",
        ),
        # no benefit and no running costs: only the benefit that would pay it back
        (
            0,
            "Does not pay back within the 3-year horizon (no payback within 30 years): NPV "
            "-300,000 EUR at 10%, IRR none, as in no year do the benefits exceed the costs. It "
            "would pay back in time on a yearly benefit of 100,000 EUR (expected 0 EUR).",
        ),
    ],
)
def test_the_verdict_with_no_running_costs(benefit, verdict):
    case = _case({"investment": 300_000, "annual-benefit": benefit, "running-cost": 0})
    assert case.verdict == verdict


def test_a_horizon_or_rate_not_given_is_named_as_ours_in_the_verdict():
    answers = {"investment": 300_000, "annual-benefit": 100_000, "running-cost": 0}
    case = case_of({**answers, "benefit-ramp": "immediate"}, ramp_asked=True)
    assert case is not None
    assert case.verdict.startswith(
        "Pays back only at the end of our default 3-year horizon, but returns less than our "
        "default 10% discount rate: NPV -51,315 at 10%, IRR 0.0%."
    )


def test_running_costs_are_asked_on_the_totals_path_and_stated_when_not_given():
    given = _case({"investment": 300_000, "annual-benefit": 200_000, "running-cost": 50_000})
    assert given.yearly_cost == 50_000 and given.running_given
    assert given.base.flows == [-300_000, 150_000, 150_000, 150_000]
    text = "\n".join(business_case_lines(_data(given)))
    assert "- Yearly running costs on top of today's: 50,000 EUR, one total" in text
    missing = _case({"investment": 300_000, "annual-benefit": 200_000})
    assert not missing.running_given
    assert missing.verdict.endswith(" Running costs not given: taken as zero.")
    assert any(a.startswith("Running costs not given: taken as zero") for a in missing.assumptions)
    text = "\n".join(business_case_lines(_data(missing)))
    assert "- Yearly running costs on top of today's: not given, taken as zero" in text
    # item by item, with neither yearly item given: the same
    items = _case({"invest-platform": 300_000, "benefit-revenue": 200_000})
    assert items.verdict.endswith(" Running costs not given: taken as zero.")


def test_todays_cost_is_the_baseline_the_case_is_measured_against():
    answers, _ = ITEMISED["at horizon"]
    case = _case({**answers, "ml-cost-baseline": 2_400_000, "yearly-platform": 60_000})
    assert case.against_today == [
        "Measured against today's 2,400,000 EUR a year: every cost and benefit here is a "
        "change from it.",
        "The running costs add 60,000 EUR a year to it (2% more).",
        # 2,400,000 + 60,000 - 40,000
        "Once the benefit is full, ML operations cost 2,420,000 EUR a year (+1% against "
        "today): today's cost, plus the running costs, less the cost savings.",
    ]
    totals = _case({**TOTALS["at horizon"][0], "ml-cost-baseline": 2_400_000})
    assert totals.against_today[-1] == (
        "The yearly benefit, 100,000 EUR, is 4% of today's cost; it is not split by kind, so "
        "how much of it is a saving on today's cost is not known."
    )
    unlikely = _case({**answers, "ml-cost-baseline": 30_000})
    assert "more than today's whole cost: check that estimate" in unlikely.against_today[-1]
    assert "was not given" in _case(answers).against_today[0]
    text = "\n".join(business_case_lines(_data(totals)))
    assert "### Against today's cost" in text and "- Measured against today's 2,400,000" in text
    assert not any("context" in a for a in totals.assumptions)


def _data(business: BusinessCase) -> ReportData:
    """A stand-in for a session's report data holding only what the business case reads."""
    return cast(ReportData, SimpleNamespace(business=business))


def _totals_executive(numbers: dict[str, str]) -> Callable[[Ask], str]:
    def answer(ask: Ask) -> str:
        step = ask.step.id
        if step == "case-detail":
            return "1"  # two totals
        if step == "benefit-ramp":
            return "4"  # all of it from the start
        return numbers.get(step) or persona("partly", 2)(ask)

    return answer


def _export(tmp_path: Path, script_text: str, numbers: dict[str, str]) -> ReportData:
    path = tmp_path / "script.yaml"
    path.write_text(script_text)
    iv = Interview(load_script(path), "executive")
    events: list[Event] = [Started(1_700_000_000)]
    iv.apply(events[0])
    now = 1_700_000_000.0
    policy = _totals_executive(numbers)
    while (ask := iv.ask()) is not None:
        now += 5
        for event in iv.interpret(policy(ask), now).events:
            iv.apply(event)
            events.append(event)
    store = SessionStore(tmp_path / "sessions")
    ref = store.create(SessionMeta("executive", org="Acme"), script_text, 1)
    with store.open_writer(ref.id) as w:
        w.append(events)
    return gather(store, ref.id)


NUMBERS = {
    "investment": "300000",
    "annual-benefit": "100000",
    "currency": "EUR",
    "horizon-years": "3",
    "discount-rate": "10",
}


def test_the_executive_session_asks_the_running_costs_and_exports_the_verdict(tmp_path):
    numbers = {**NUMBERS, "running-cost": "20000"}
    data = _export(tmp_path, builtin_script_path().read_text(), numbers)
    assert data.business is not None and data.business.yearly_cost == 20_000
    assert "running-cost" in data.interview.answers
    md = render_markdown(data)
    # -300,000 then 80,000 a year: 45 months, beyond the horizon
    assert "**Business case.** Does not pay back within the 3-year horizon (payback in 3.8" in md
    assert "**Verdict.** Does not pay back within the 3-year horizon" in md
    assert "Running costs not given" not in md
    assert "Does not pay back within the 3-year horizon" in render_html(data)
    body = render_json(data)["business_case"]
    assert body["verdict"] == data.business.verdict and body["running_costs_given"]
    assert body["break_even"]["yearly_benefit_to_pay_back"] == pytest.approx(120_000)
    assert body["irr"] == pytest.approx(-0.1037830, abs=1e-6) and body["irr_reason"] is None


def test_a_session_from_before_the_running_cost_question_still_exports(tmp_path):
    """Its script has neither the question nor the business-case roles: the current
    version's roles apply to its steps."""
    text = builtin_script_path().read_text()
    start = text.index("          # source: guide (Ongoing Costs, as one total")
    end = text.index("          # source: guide (Platform Costs: licensing")
    old = text[:start] + text[end:]
    for role in BUSINESS_ROLES:
        old = old.replace(f"            role: {role}\n", "")
    assert "role: investment" not in old
    data = _export(tmp_path, old, NUMBERS)
    assert not business_roles(data.interview.track)
    assert "running-cost" not in data.interview.answers
    assert data.business is not None and data.business.yearly_cost == 0
    md = render_markdown(data)
    assert f"**Business case.** {AT_HORIZON}" in md and f"**Verdict.** {AT_HORIZON}" in md
    assert "IRR 0.0%" in render_html(data)
    assert render_json(data)["business_case"]["running_costs_given"] is False


def test_validate_checks_the_roles_the_business_case_reads(tmp_path):
    text = builtin_script_path().read_text()
    path = tmp_path / "script.yaml"
    path.write_text(text.replace("role: running_cost", "role: currency"))
    assert any("play the role 'currency'" in p for p in validate(path))
    path.write_text(text.replace("role: currency", "role: investment"))  # on a text step
    assert any("role 'investment' is read from a number answer" in p for p in validate(path))


def test_a_payback_just_past_the_horizon_is_never_rounded_onto_it():
    # -600,000, then 200,000 a year less 2,000: 600,000 / 198,000 = 3.03 years = 36.4 months
    answers = {"investment": 600_000, "annual-benefit": 200_000, "running-cost": 2_000}
    case = _case(answers)
    assert case.verdict.startswith(
        "Does not pay back within the 3-year horizon (payback in 36.4 months):"
    )
    text = "\n".join(business_case_lines(_data(case)))
    assert "- Payback: 36.4 months, beyond the 3-year horizon" in text
    assert "| Base | x1 | x1 | 36.4 months (after the horizon) |" in text
    assert payback_span(35.6, 3) == "35.6 months" and payback_span(35.4, 3) == "35 months"
    assert payback_span(45, 3, in_years=True) == "3.8 years"
