"""The side panel: the maturity picture as it forms."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from interviewer.scoring import Scorecard
from interviewer.tui.summary.chart import bar, describe


class ProfilePanel(VerticalScroll):
    def compose(self):  # type: ignore[override]
        yield Static("Maturity so far", classes="panel-title")
        yield Static("", id="profile-body")

    def show(self, card: Scorecard) -> None:
        lines = []
        for d in card.dimensions.values():
            if not d.covered:
                continue
            lines.append(d.name)
            lines.append(f" {bar(d, 16)}")
            lines.append(f" {describe(d)}")
            lines.append("")
        if not lines:
            lines = ["Levels appear here once the first indicators are answered."]
        else:
            lines.append("█ score ░ range S self T target")
        self.query_one("#profile-body", Static).update("\n".join(lines))
