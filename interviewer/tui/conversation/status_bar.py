"""Always visible: track, segment, what the interviewer is doing, progress and time against the
segment's budget.

One widget drawing one line: it is redrawn every turn, so it stays cheap (no ProgressBar, whose
timers and gradient cost more than the rest of the line together). On a narrow terminal the
line gives up the least useful parts first (the bar, then the segment's title), never the
track's name, the percentage or the time.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from interviewer.script.model import Purpose, Segment, Step
from interviewer.session.conversation import Interview
from interviewer.textsafe import visible_control

# what the interviewer is doing, by the question's purpose; a segment's own questions (role,
# plans, a platform's ratings: purpose "context") are labelled by the segment's title instead
ACTIVITY: dict[Purpose, str] = {
    "open": "open questions",
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


def activity(step: Step, revising: bool = False) -> str:
    """What the interviewer is doing: the kind of question, or nothing for the segment's own
    questions, whose purpose the segment's title already says."""
    return "changing an earlier answer" if revising else ACTIVITY.get(step.purpose, "")


def _clip(text: str, room: int) -> str:
    if cell_len(text) <= room:
        return text
    while text and cell_len(text) > room - 1:
        text = text[:-1]
    return text.rstrip(" ·") + "…" if room > 0 else ""


def layout(
    width: int,
    track: str,
    place: str,
    segment: str,
    doing: tuple[str, str],
    fraction: float,
    time: str,
    present: str = "",
) -> tuple[str, str]:
    """The line's left (where and what) and right (progress and time) in `width` cells: the
    richest form that fits; narrower, without the bar, then the segment's title, then the
    dimension, then the segment's number; at last as much of that as fits. `place` is "2/4",
    `doing` (dimension, activity)."""
    dimension, act = doing
    pct = f"{fraction:4.0%}".strip()
    wide = f" {progress_bar(fraction)} {pct:>4}  {time}  {present}".rstrip() + " "
    narrow = f" {pct} {time} {present}".rstrip() + " "
    titled = f"{place} {segment}".strip()
    # a segment's own questions have no activity: the segment's title is their label, kept
    numbered = place if act else titled

    def left(*parts: str) -> str:
        return " · ".join(part for part in (track, *parts) if part)

    forms = (
        (left(titled, dimension, act), wide),
        (left(titled, dimension, act), narrow),
        (left(numbered, dimension, act), narrow),
        (left(numbered, act), narrow),
        (left(act or segment), narrow),
    )
    for where, right in forms:
        if cell_len(where) + cell_len(right) + 1 <= width:
            return where, right
    return _clip(forms[-1][0], max(0, width - cell_len(narrow) - 1)), narrow


class StatusBar(Widget):
    DEFAULT_CSS = "StatusBar { height: 1; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.track = self.place = self.time = ""
        self.doing = ("", "")  # the dimension, the activity
        self.segment: Segment | None = None
        self.fraction = 0.0
        self.present: list[str] = []
        self._shown: tuple[object, ...] | None = None

    def show(self, iv: Interview, revising: bool = False, present: list[str] | None = None) -> None:
        seg = iv.current_segment
        self.track = iv.track.title
        self.segment = seg
        self.place = self.time = ""
        if seg is not None:
            self.place = f"{iv.track.segments.index(seg) + 1}/{len(iv.track.segments)}"
            self.time = f"{iv.segment_seconds[seg.id] / 60:.0f}/{seg.minutes:g} min"
        self.fraction = iv.progress()
        self.present = present or []
        ask = iv.ask()
        self.doing = ("", "")
        if ask is not None:
            step = ask.step
            name = iv.script.dimensions[step.dimension].name if step.dimension else ""
            self.doing = (name, activity(step, revising))
        shown: tuple[object, ...] = (self.track, self.place, self.doing, f"{self.fraction:.0%}")
        shown = (*shown, self.time, *self.present)
        if shown != self._shown:  # most turns change nothing here: no repaint
            self._shown = shown
            self.refresh()

    def render(self) -> Content:
        """Script text and facilitators' names shown as typed (Content.assemble takes no
        markup; control characters become symbols)."""
        present = f"· facilitator: {', '.join(self.present)}" if self.present else ""
        left, right = layout(
            self.size.width,
            visible_control(self.track),
            self.place,
            visible_control(self.segment.title) if self.segment is not None else "",
            (visible_control(self.doing[0]), self.doing[1]),
            self.fraction,
            self.time,
            visible_control(present),
        )
        room = max(0, self.size.width - cell_len(right) - 1)
        return Content.assemble((" " + left.ljust(room), "bold"), (right, "$text-accent"))
