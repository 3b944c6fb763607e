"""The report's business case and platform evaluation sections, in Markdown.

What the interviewee typed (the currency, the candidates' names) goes through `inline`; the
rest is our own wording and figures."""

from __future__ import annotations

from typing import Protocol

from interviewer.markdown_text import inline
from interviewer.scoring.business_case import (
    BENEFIT_ITEMS,
    ONE_OFF_ITEMS,
    PHASE_SPANS,
    YEARLY_ITEMS,
    BusinessCase,
    Scenario,
)
from interviewer.scoring.business_verdict import irr_text, money, payback_span
from interviewer.scoring.platform_comparison import CRITERIA, PlatformComparison


class WithBusiness(Protocol):
    """A session's report data, or the organisation report's newest business case."""

    @property
    def business(self) -> BusinessCase | None: ...


class WithPlatform(Protocol):
    @property
    def platform(self) -> PlatformComparison | None: ...


def _cells(values: list[str]) -> str:
    return "| " + " | ".join(values) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_cells(header), _cells(["---"] * len(header)), *(_cells(r) for r in rows)]


def _items(values: dict[str, float], labels: dict[str, str]) -> str:
    parts = [f"{labels[k].lower()} {_money(v)}" for k, v in values.items() if k in labels]
    return f" ({'; '.join(parts)})" if parts else ""


def _payback(months: float | None, years: int) -> str:
    if months is None:
        return "none within 30 years"
    text = payback_span(months, years)
    text += "" if "." in text else f" ({months / 12:.1f} years)"
    return text + (f", beyond the {years}-year horizon" if months > years * 12 else "")


def _irr(value: float | None) -> str:
    return "none" if value is None else f"{value:.1%}"


def _money(amount: float) -> str:
    return money(amount)


def _multiple(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def business_case_lines(data: WithBusiness) -> list[str]:
    """The business case: inputs, results, sensitivity, cash flows, the guide's expectations
    and every assumption. Empty when the session gave no business case."""
    b = data.business
    if b is None:
        return []
    cur = f" {inline(b.currency)}" if b.currency else ""
    out = ["## Business case", "", f"**Verdict.** {inline(b.verdict)}", ""]
    out += _inputs(b, cur)
    base = b.base
    out += [
        "### Results",
        "",
        f"- Payback: {_payback(base.payback_months, b.years)}",
        f"- Net present value: {_money(base.npv)}{cur} at {b.discount_rate:.1%} over "
        f"{b.years} years",
        f"- Internal rate of return: {irr_text(b)}",
        f"- ROI multiple: {_multiple(base.roi_multiple)} (the present value of the benefits "
        "divided by the present value of all the costs; 1.00x is break-even)",
        "",
        "### Sensitivity",
        "",
    ]
    out += _table(
        ["Case", "Benefits", "Costs", "Payback", "NPV", "IRR", "ROI multiple"],
        [_scenario_row(s, b.years) for s in b.sensitivity],
    )
    out += ["", "### Cash flows by year", ""]
    out += _table(
        ["Year", "Benefit", "Costs", "Net", "Cumulative"],
        _flow_rows(b, base),
    )
    out += ["", "### Against today's cost", ""]
    out += [f"- {inline(line)}" for line in b.against_today]
    out += ["", "### Compared with the guide's expectations", ""]
    out += [f"- {inline(line)}" for line in b.comparisons]
    out += ["", "### Assumptions", ""]
    out += [f"- {inline(line)}" for line in b.assumptions]
    out.append("")
    return out


def _inputs(b: BusinessCase, cur: str) -> list[str]:
    out = []
    if b.baseline is not None:
        out.append(f"- Today's yearly cost of ML operations: {_money(b.baseline)}{cur}")
    if b.one_off or b.yearly:
        out.append(
            f"- One-off costs: {_money(b.investment)}{cur}{_items(b.one_off, ONE_OFF_ITEMS)}"
        )
        out.append(
            f"- Yearly costs on top of today's: {_money(b.yearly_cost)}{cur}"
            f"{_items(b.yearly, YEARLY_ITEMS)}"
        )
    else:
        out.append(f"- Investment: {_money(b.investment)}{cur}, one total")
        running = (
            f"{_money(b.yearly_cost)}{cur}, one total"
            if b.running_given
            else ("not given, taken as zero")
        )
        out.append(f"- Yearly running costs on top of today's: {running}")
    out.append(
        f"- Yearly benefit once fully realised: {_money(b.annual_benefit)}{cur}"
        + (_items(b.benefits, BENEFIT_ITEMS) if b.benefits else ", one total")
    )
    if b.ramp is None:
        out.append("- Ramp: none, the full benefit from year 1")
    else:
        shares = " / ".join(f"{s:.0%}" for s in b.ramp)
        phases = ", ".join(p for p, _, _ in PHASE_SPANS)
        note = " (our default)" if b.ramp_source == "default" else ""
        out.append(f"- Ramp: {shares} of the full benefit in {phases}{note}")
    out.append(
        f"- Horizon: {b.years} years"
        + (" (default)" if b.years_default else "")
        + f"; discount rate {b.discount_rate:.1%}"
        + (" (default)" if b.rate_default else "")
    )
    out.append("")
    return out


def _scenario_row(s: Scenario, years: int) -> list[str]:
    payback = "none" if s.payback_months is None else payback_span(s.payback_months, years)
    if s.payback_months is not None and s.payback_months > years * 12:
        payback += " (after the horizon)"
    return [
        s.name.capitalize(),
        f"x{s.benefit_factor:g}",
        f"x{s.cost_factor:g}",
        payback,
        _money(s.npv),
        _irr(s.irr),
        _multiple(s.roi_multiple),
    ]


def _flow_rows(b: BusinessCase, base: Scenario) -> list[list[str]]:
    rows, total = [], 0.0
    for year, net in enumerate(base.flows):
        benefit = b.annual_benefit * b.year_share(year) if year else 0.0
        total += net
        rows.append([str(year), _money(benefit), _money(benefit - net), _money(net), _money(total)])
    return rows


def platform_lines(data: WithPlatform) -> list[str]:
    """The platform evaluation: the weights used and why, then the current platform and the
    candidates ranked by weighted score. Empty when nothing was rated and no priority given."""
    p = data.platform
    if p is None:
        return []
    out = ["## Platform evaluation", "", inline(p.adjustment), ""]
    out += _table(
        ["Criterion", "Guide's weight", "Executive's priority", "Weight used"],
        [
            [w.name, f"{w.guide:.0%}", f"+{w.added} points" if w.added else "-", f"{w.weight:.1%}"]
            for w in p.weights
        ],
    )
    out.append("")
    if not p.options:
        out += [
            "No platform was rated in this session: these weights apply when the technical "
            "sessions rate the current platform and its candidates.",
            "",
        ]
        return out
    out += _ranking(p)
    return out


def _ranking(p: PlatformComparison) -> list[str]:
    names = [name.split()[0] for _, name, _ in CRITERIA]
    rows = []
    for n, o in enumerate(p.ranked, 1):
        name = "Current platform" if o.current else inline(o.name)
        score = f"**{o.weighted:.2f}**" if o.weighted is not None else "-"
        if not o.complete:
            score += f" ({len(o.ratings)} of {len(CRITERIA)} rated)"
        cells = [str(o.ratings[k]) if k in o.ratings else "-" for k, _, _ in CRITERIA]
        rows.append([str(n), name, *cells, score])
    out = _table(["Rank", "Option", *names, "Weighted score (1-5)"], rows)
    out += [
        "",
        "Each rating is from 1 (poor) to 5 (excellent); the weighted score uses the weights "
        "above, over the criteria rated.",
        "",
    ]
    return out
