"""The organisation's maturity chart: per assessed dimension the organisation's level as the
bar, the range the sessions found, and a marker per role at its level."""

from __future__ import annotations

from interviewer.export.org_report.model import OrgReport

CHART_MARK = "chart:org-maturity"
CHART_ALT = "Maturity by dimension: the organisation's level and each role's"
CHART_RANGE = "range: the lowest to the highest level a session found"


def org_chart_svg(report: OrgReport) -> str | None:
    """The chart of the assessed dimensions; None when no dimension was assessed."""
    if not report.assessed:
        return None
    # imported when drawn: the SVG writer is not needed for a report on standard output
    from interviewer.export.chart_svg import ChartRow, chart_svg, role_markers

    names = [r.name for r in report.roles.values()]
    rows = [
        ChartRow(
            d.name,
            float(d.consolidated or 0),
            (float(min(d.levels)), float(max(d.levels))),
            role_markers({report.role_name(r): lvs for r, lvs in d.by_role.items()}, names),
        )
        for d in report.assessed
    ]
    levels = {n: lv.name for n, lv in report.sessions[-1].script.levels.items()}
    return chart_svg(rows, levels=levels, range_label=CHART_RANGE, title=CHART_ALT)
