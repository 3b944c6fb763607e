"""The side panel: the maturity picture as it forms."""

from __future__ import annotations

from textual.widgets import Static

from interviewer.scoring import Scorecard
from interviewer.tui.safe_text import literal
from interviewer.tui.summary.chart import bar, describe


class ProfilePanel(Static):
    """One Static: cheap to build and to redraw each turn."""

    def show(self, card: Scorecard) -> None:
        lines = ["Maturity so far", ""]
        for d in card.dimensions.values():
            if not d.covered:
                continue
            # the confidence on a line of its own: after "target 3" a comma read as a list
            lines += [
                d.name,
                f" {bar(d, 16)}",
                f" {describe(d)}",
                f" {d.confidence} confidence",
                "",
            ]
        if len(lines) == 2:
            lines.append("Levels appear here once the first indicators are answered.")
        else:
            lines.append("█ score ░ range S self T target")
        self.update(literal("\n".join(lines)))  # dimension names are script text, not markup
