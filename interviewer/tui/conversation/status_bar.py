"""Always visible: track, segment, progress, time against the budget, dimension and activity."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from interviewer.engine import Interview
from interviewer.tui.safe_text import literal

ACTIVITY = {
    "open": "opening",
    "context": "opening",
    "self_rating": "self-rating",
    "indicator": "checking indicators",
    "pain": "probing pain points",
    "pain_detail": "probing pain points",
    "opportunity": "probing pain points",
    "advanced": "advanced",
    "clarify": "clarifying",
    "followup": "following up",
    "target": "setting a target",
    "outcome": "outcomes",
    "facilitator": "facilitator's question",
}


class StatusBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static("", id="status-where")
        yield ProgressBar(total=100, show_eta=False, id="status-progress")
        yield Static("", id="status-time")
        yield Static("", id="status-doing")

    def show(self, iv: Interview, revising: bool = False) -> None:
        seg = iv.current_segment
        where = iv.track.title
        if seg is not None:
            n = iv.track.segments.index(seg) + 1
            where += f" · {n}/{len(iv.track.segments)} {seg.title}"
        self.query_one("#status-where", Static).update(literal(where))
        self.query_one("#status-progress", ProgressBar).update(progress=round(iv.progress() * 100))
        if seg is not None:
            used = iv.segment_seconds[seg.id] / 60
            self.query_one("#status-time", Static).update(f"{used:.0f}/{seg.minutes:g} min")
        ask = iv.ask()
        doing = ""
        if ask is not None:
            step = ask.step
            activity = "changing an earlier answer" if revising else ACTIVITY.get(step.purpose, "")
            if step.dimension:
                name = iv.script.dimensions[step.dimension].name
                doing = f"{name} · {activity}"
            else:
                doing = activity
        self.query_one("#status-doing", Static).update(literal(doing))
