"""Always visible: track, segment, progress, time against the budget, dimension and activity.

One widget drawing one line: it is redrawn every turn, so it stays cheap (no ProgressBar, whose
timers and gradient cost more than the rest of the line together).
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from interviewer.engine import Interview
from interviewer.textsafe import visible_control

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
    "contradiction": "clarifying",
    "followup": "following up",
    "target": "setting a target",
    "outcome": "outcomes",
    "facilitator": "facilitator's question",
}


def progress_bar(fraction: float, width: int = 12) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


class StatusBar(Widget):
    DEFAULT_CSS = "StatusBar { height: 1; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.where = self.time = self.doing = ""
        self.fraction = 0.0
        self.present: list[str] = []
        self._shown: tuple[str, str] | None = None

    def show(self, iv: Interview, revising: bool = False, present: list[str] | None = None) -> None:
        seg = iv.current_segment
        self.where = iv.track.title
        self.time = ""
        if seg is not None:
            n = iv.track.segments.index(seg) + 1
            self.where += f" · {n}/{len(iv.track.segments)} {seg.title}"
            self.time = f"{iv.segment_seconds[seg.id] / 60:.0f}/{seg.minutes:g} min"
        self.fraction = iv.progress()
        self.present = present or []
        ask = iv.ask()
        self.doing = ""
        if ask is not None:
            step = ask.step
            activity = "changing an earlier answer" if revising else ACTIVITY.get(step.purpose, "")
            name = iv.script.dimensions[step.dimension].name if step.dimension else ""
            self.doing = f"{name} · {activity}" if name else activity
        shown = (self.where, self._right())
        if shown != self._shown:  # most turns change nothing here: no repaint
            self._shown = shown
            self.refresh()

    def _right(self) -> str:
        """Progress, time, dimension and activity: script text and facilitators' names shown
        as typed (Content.assemble takes no markup; control characters become symbols)."""
        right = f" {progress_bar(self.fraction)} {self.fraction:4.0%}  {self.time}  {self.doing} "
        if self.present:
            right += f"· facilitator: {', '.join(self.present)} "
        return visible_control(right)

    def render(self) -> Content:
        right = self._right()
        width = self.size.width
        left = visible_control(self.where)
        room = max(0, width - len(right) - 1)
        if len(left) > room:
            left = left[: max(0, room - 1)] + "…"
        return Content.assemble((" " + left.ljust(room), "bold"), (right, "$text-accent"))
