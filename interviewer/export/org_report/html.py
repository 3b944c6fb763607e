"""The organisation report as one HTML file, its chart drawn inline."""

from __future__ import annotations

from interviewer.export.org_report.chart import CHART_MARK, org_chart_svg
from interviewer.export.org_report.markdown import render_org_markdown
from interviewer.export.org_report.model import OrgReport


def render_org_html(report: OrgReport) -> str:
    """The Markdown report as HTML, the chart in place of its image link."""
    from interviewer.export.html import standalone  # the HTML renderer only when asked for

    title = f"MLOps maturity: {report.org}"
    svg = org_chart_svg(report)
    if svg is None:
        return standalone(render_org_markdown(report), title)
    return standalone(render_org_markdown(report, CHART_MARK), title, figures={CHART_MARK: svg})
