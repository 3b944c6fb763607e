"""The guide's ROI framework: the business case's model and its figures (pure functions).
Reading it from a session's answers is interviewer.scoring.business_inputs; the guide's
platform evaluation is interviewer.scoring.platform_comparison.

Business case ("ROI & Business Case Framework" in the guide):

- Inputs: today's yearly cost of ML operations (the baseline every figure is a change from),
  one-off costs (platform and licences, migration, training: paid at the start), yearly costs
  on top of today's (platform and licences, people: from month 1), the yearly benefit at full
  speed by the guide's four kinds (productivity gains, cost savings, revenue generation, risk
  mitigation), the ramp (the share of the full benefit realised in each of the guide's phases:
  Foundation months 0-6, Acceleration 6-12, Optimization 12-18, Innovation 18+), the horizon
  and the discount rate. A session from before the itemised questions gives one investment and
  one yearly benefit (and, since it is asked, one yearly running cost; not given, it is taken
  as zero and the verdict says so): the investment is a one-off cost, and without a ramp
  question the full benefit counts from year 1, as it always did; the report lists that as an
  assumption.
- Cash flows: year 0 is minus the one-off costs; year t is the benefit earned in that year
  (the full benefit times the average share over its twelve months) minus the yearly costs,
  counted at the year's end.
- Payback: the months until the running total of money in and out first reaches zero, with
  costs and benefits spread evenly over each month (so within a year it is not rounded to the
  year's end). It may fall beyond the horizon; looked for up to 30 years.
- NPV: the cash flows discounted at the rate given (10% when none was given, an assumption
  the report lists). IRR: the rate at which the NPV is zero (interviewer.scoring.cash_flows),
  negative or zero too; none, with the reason, only where no rate from -99% to 10,000% gives
  a zero NPV (e.g. the flows never change sign).
- Verdict (interviewer.scoring.business_verdict): pays back within the horizon or not, NPV
  and IRR, and the break-even yearly benefit or investment that would change it.
- ROI multiple: the present value of the benefits over the horizon divided by the present
  value of all the costs (one-off and yearly) over the horizon. 1.0 is break-even.
- Sensitivity: low = benefits x 0.7 and costs x 1.2, base, high = benefits x 1.3 and costs
  x 0.9 (estimates of benefits are usually less sure than those of costs).
- Comparison with the guide's expectations ("Break-Even Analysis" and "Business Value
  Expectations"): payback 12-24 months, IRR 50-150%, NPV 3-5x the investment over three
  years, ROI realisation 3-5x the investment over three years, infrastructure savings 30-50%.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewer.scoring.business_verdict import against_today, verdict
from interviewer.scoring.cash_flows import Irr, irr_of, npv_of

PHASE_SPANS = (  # the guide's value realisation timeline, in years from the start
    ("Foundation", 0.0, 0.5),
    ("Acceleration", 0.5, 1.0),
    ("Optimization", 1.0, 1.5),
    ("Innovation", 1.5, None),
)
DEFAULT_RAMP = (0.0, 0.25, 0.75, 1.0)  # ours: the guide names the phases, not the shares
RAMP_PROFILES = {  # the options of the step playing `benefit_ramp`
    "steady": DEFAULT_RAMP,
    "quick": (0.25, 0.5, 1.0, 1.0),
    "slow": (0.0, 0.0, 0.5, 1.0),
    "immediate": (1.0, 1.0, 1.0, 1.0),
}
RAMP_NAMES = {
    "steady": "steady, our default shares",
    "quick": "quick wins",
    "slow": "slow start",
    "immediate": "all of it from the start",
}
RAMP_ROLES = ("ramp_foundation", "ramp_acceleration", "ramp_optimization", "ramp_innovation")
DEFAULT_RATE = 10.0  # percent
DEFAULT_YEARS = 3  # the period of the guide's benchmarks
PAYBACK_LIMIT_YEARS = 30

# The inputs are read by the roles the script's steps declare (script.model.BUSINESS_ROLES),
# never by a step's id.
ONE_OFF_ITEMS = {  # role -> label: the guide's platform costs
    "one_off_platform": "Platform set-up and licences",
    "one_off_migration": "Migration",
    "one_off_training": "Training",
}
YEARLY_ITEMS = {  # the guide's ongoing costs, and people (added)
    "yearly_platform": "Platform, licences and operations",
    "yearly_people": "People",
}
BENEFIT_ITEMS = {  # the guide's benefit analysis
    "benefit_productivity": "Productivity gains",
    "benefit_cost_savings": "Cost savings",
    "benefit_revenue": "Revenue generation",
    "benefit_risk": "Risk mitigation",
}
SENSITIVITY = (  # name, benefit factor, cost factor
    ("low", 0.7, 1.2),
    ("base", 1.0, 1.0),
    ("high", 1.3, 0.9),
)
GUIDE_PAYBACK_MONTHS = (12, 24)
GUIDE_IRR = (0.50, 1.50)
GUIDE_MULTIPLE = (3.0, 5.0)  # NPV, and ROI realisation, as a multiple of the investment
GUIDE_INFRA_SAVINGS = (0.30, 0.50)
GUIDE_YEARS = 3


@dataclass
class Scenario:
    """One row of the sensitivity table (and the base case's figures)."""

    name: str
    benefit_factor: float
    cost_factor: float
    flows: list[float]  # year 0 .. horizon, net
    pv_benefits: float
    pv_costs: float
    npv: float
    irr_found: Irr
    payback_months: float | None

    @property
    def irr(self) -> float | None:
        return self.irr_found.rate

    @property
    def roi_multiple(self) -> float | None:
        return self.pv_benefits / self.pv_costs if self.pv_costs > 0 else None


@dataclass
class BusinessCase:
    investment: float  # one-off costs, paid at the start
    annual_benefit: float  # the yearly benefit once fully realised
    years: int
    discount_rate: float  # a fraction: 0.10 for 10%
    currency: str = ""
    yearly_cost: float = 0.0  # on top of today's cost, every year from month 1
    running_given: bool = True  # False: no running cost was given, so zero was taken
    baseline: float | None = None  # today's yearly cost of ML operations
    one_off: dict[str, float] = field(default_factory=dict)  # item role -> amount
    yearly: dict[str, float] = field(default_factory=dict)
    benefits: dict[str, float] = field(default_factory=dict)
    # the share of the full benefit in each phase; None: all of it from year 1 (a session
    # whose script did not ask about the ramp)
    ramp: tuple[float, float, float, float] | None = None
    ramp_source: str = ""  # "given", a profile of RAMP_PROFILES, or "default"
    not_given: tuple[str, ...] = ()  # item roles asked and not answered: counted as nothing
    rate_default: bool = False
    years_default: bool = False
    steps: dict[str, str] = field(default_factory=dict)  # role -> the step that asked it

    # -- the figures --------------------------------------------------------------------------

    @property
    def shares(self) -> tuple[float, float, float, float]:
        return self.ramp if self.ramp is not None else (1.0, 1.0, 1.0, 1.0)

    def year_share(self, year: int) -> float:
        """The average share of the full benefit earned in year `year` (1-based)."""
        f, a, o, i = self.shares
        return (f + a) / 2 if year == 1 else (o + i) / 2 if year == 2 else i

    def scenario(
        self, name: str = "base", benefit: float = 1.0, cost: float = 1.0, years: int | None = None
    ) -> Scenario:
        n = self.years if years is None else years
        rate = self.discount_rate
        ben = [0.0] + [self.annual_benefit * benefit * self.year_share(t) for t in range(1, n + 1)]
        out = [self.investment * cost] + [self.yearly_cost * cost] * n
        flows = [b - c for b, c in zip(ben, out, strict=True)]
        return Scenario(
            name,
            benefit,
            cost,
            flows,
            _pv(ben, rate),
            _pv(out, rate),
            _pv(flows, rate),
            irr_of(flows),
            self._payback(benefit, cost),
        )

    def _payback(self, benefit: float, cost: float) -> float | None:
        """Months until the running total first reaches zero, money spread over each month."""
        total = -self.investment * cost
        spans = PHASE_SPANS if self.ramp is not None else (("", 0.0, None),)
        for (_, start, end), share in zip(spans, self.shares, strict=False):
            per_year = self.annual_benefit * benefit * share - self.yearly_cost * cost
            if total < 0 and per_year > 0:
                years = start + -total / per_year
                if end is None or years <= end:
                    return years * 12 if years <= PAYBACK_LIMIT_YEARS else None
            elif total >= 0 and per_year >= 0 and start == 0.0:
                return 0.0
            if end is None:
                return None
            total += per_year * (end - start)
        return None

    @property
    def base(self) -> Scenario:
        return self.scenario()

    @property
    def payback_months(self) -> float | None:
        return self.base.payback_months

    @property
    def payback_years(self) -> float | None:
        months = self.payback_months
        return None if months is None else months / 12

    @property
    def npv(self) -> float:
        return self.base.npv

    @property
    def irr(self) -> float | None:
        return self.base.irr

    @property
    def roi_multiple(self) -> float | None:
        """Present value of the benefits over present value of all the costs, over the
        horizon at the discount rate: 1.0 is break-even."""
        return self.base.roi_multiple

    @property
    def verdict(self) -> str:
        """The headline: pays back in time or not, NPV and IRR, and what would change it."""
        return verdict(self)

    @property
    def against_today(self) -> list[str]:
        """What the figures are measured against: today's cost of ML operations."""
        return against_today(self)

    @property
    def sensitivity(self) -> list[Scenario]:
        return [self.scenario(name, b, c) for name, b, c in SENSITIVITY]

    # -- what the figures rest on -------------------------------------------------------------

    @property
    def assumptions(self) -> list[str]:
        out = []
        if self.rate_default:
            out.append(f"Discount rate {DEFAULT_RATE:g}%: our default, as none was given.")
        if self.years_default:
            out.append(
                f"Horizon {DEFAULT_YEARS} years: the period of the guide's benchmarks, as none "
                "was given."
            )
        if self.ramp is None:
            out.append(
                "The full benefit counts from year 1: this session was not asked how quickly "
                "the benefit arrives, so no ramp is applied."
            )
        else:
            shares = " / ".join(f"{s:.0%}" for s in self.ramp)
            phases = ", ".join(p for p, _, _ in PHASE_SPANS)
            if self.ramp_source == "default":
                lead = "Ramp (our default, as none was given; the guide names the phases but "
                lead += "gives no shares):"
            elif self.ramp_source == "given":
                lead = "Ramp (as given; a share not given takes our default):"
            else:
                lead = f"Ramp ({RAMP_NAMES.get(self.ramp_source, self.ramp_source)}, as chosen):"
            out.append(
                f"{lead} {shares} of the full benefit in {phases} (months 0-6, 6-12, 12-18, "
                f"18+); year 1 earns {self.year_share(1):.1%} of it, year 2 "
                f"{self.year_share(2):.1%}, later years all of it."
            )
        if not self.one_off:
            out.append("The investment is one total, counted in full at the start.")
        if not self.benefits:
            out.append("The yearly benefit is one total, not split by kind.")
        labels = {**ONE_OFF_ITEMS, **YEARLY_ITEMS, **BENEFIT_ITEMS}
        missing = [labels[s].lower() for s in self.not_given if s in labels]
        if missing:
            out.append(f"Not given, so counted as nothing: {', '.join(missing)}.")
        out.append(
            "One-off costs are paid at the start; yearly costs from month 1, on top of "
            "today's cost of ML operations; benefits and yearly costs count at each year's "
            "end for NPV and IRR and month by month for payback. No inflation or tax."
        )
        if not self.running_given:
            out.append(
                "Running costs not given: taken as zero, which flatters every figure here if "
                "the programme costs anything to run."
            )
        out.append(
            "ROI multiple: the present value of the benefits over the present value of all "
            "the costs, over the horizon; 1.0 is break-even."
        )
        low, _, high = SENSITIVITY
        out.append(
            f"Sensitivity: low case benefits x{low[1]:g} and costs x{low[2]:g}; high case "
            f"benefits x{high[1]:g} and costs x{high[2]:g}."
        )
        return out

    @property
    def comparisons(self) -> list[str]:
        """Plain sentences setting the figures beside the guide's expectations."""
        base = self.base
        out = []
        lo, hi = GUIDE_PAYBACK_MONTHS
        months = base.payback_months
        if months is None:
            out.append(
                f"No payback within {PAYBACK_LIMIT_YEARS} years: the guide expects {lo}-{hi} "
                "months for comprehensive implementations."
            )
        else:
            m = round(months)
            where = (
                f"shorter than the {lo}-{hi} months the guide expects, so check the benefit "
                "estimate is not optimistic"
                if m < lo
                else f"within the {lo}-{hi} months the guide expects"
                if m <= hi
                else f"longer than the {lo}-{hi} months the guide expects"
            )
            out.append(f"Payback {_months(m)}: {where}.")
        lo_r, hi_r = GUIDE_IRR
        if base.irr is None:
            out.append(f"No IRR, as {base.irr_found.reason}; the guide expects {_pct(lo_r, hi_r)}.")
        else:
            r = round(base.irr, 3)
            out.append(f"IRR {base.irr:.1%}: {_against(r, lo_r, hi_r, _pct(lo_r, hi_r))}.")
        three = base if self.years == GUIDE_YEARS else self.scenario(years=GUIDE_YEARS)
        over = "" if self.years == GUIDE_YEARS else " over three years, the guide's period"
        lo_m, hi_m = GUIDE_MULTIPLE
        expect = f"{lo_m:g}-{hi_m:g}x"
        if three.roi_multiple is not None:
            x = round(three.roi_multiple, 2)
            out.append(
                f"ROI multiple{over} {three.roi_multiple:.2f}x: "
                f"{_against(x, lo_m, hi_m, expect)} (its ROI realisation benchmark)."
            )
        if three.pv_costs > 0:
            ratio = three.npv / three.pv_costs
            out.append(
                f"NPV{over} {ratio:.2f}x the costs' present value: "
                f"{_against(round(ratio, 2), lo_m, hi_m, expect)} for NPV over three years."
            )
        savings = self.benefits.get("benefit_cost_savings")
        if savings is not None and self.baseline:
            share = savings / self.baseline
            lo_s, hi_s = GUIDE_INFRA_SAVINGS
            out.append(
                f"Cost savings {share:.0%} of today's cost of ML operations: "
                f"{_against(round(share, 2), lo_s, hi_s, _pct(lo_s, hi_s))} for "
                "infrastructure cost (today's cost may include more than infrastructure)."
            )
        return out


def _pct(lo: float, hi: float) -> str:
    return f"{lo * 100:.0f}-{hi * 100:.0f}%"


def _months(m: int) -> str:
    return f"{m} month" if m == 1 else f"{m} months"


def _against(value: float, lo: float, hi: float, expect: str) -> str:
    if value < lo:
        return f"below the {expect} the guide expects"
    if value > hi:
        return f"above the {expect} the guide expects"
    return f"within the {expect} the guide expects"


def _pv(flows: Sequence[float], rate: float) -> float:
    return npv_of(flows, rate)


def npv(investment: float, benefit: float, years: int, rate: float) -> float:
    """One investment now, the same benefit at the end of each year."""
    return npv_of([-investment] + [benefit] * years, rate)


def irr(investment: float, benefit: float, years: int) -> float | None:
    if investment <= 0 or benefit <= 0:
        return None
    return irr_of([-investment] + [benefit] * years).rate
