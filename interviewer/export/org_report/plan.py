"""The guide's post-discovery plan in calendar dates: dated back from a decision date still
ahead so that its last week ends on it, else from the report's date."""

from __future__ import annotations

from datetime import date, timedelta

from interviewer.export.org_report.model import OrgReport
from interviewer.script.model import PostDiscoveryStep


def plan_weeks(report: OrgReport) -> int:
    """How many weeks the post-discovery plan takes: its last step's last week."""
    return max((int(s.weeks.split("-")[-1]) for s in report.post_discovery), default=0)


def plan_start(report: OrgReport) -> date:
    """Week 1's first day: dated back from a decision date still ahead so that the plan's last
    week ends on it, never before the report's date; else the report's date."""
    due = report.decision.due if report.decision else None
    if due is None or due <= report.date:
        return report.date
    return max(report.date, due - timedelta(weeks=plan_weeks(report)))


def step_date(report: OrgReport, step: PostDiscoveryStep) -> date:
    """Week 1 starts on `plan_start`."""
    return plan_start(report) + timedelta(weeks=step.first_week - 1)
