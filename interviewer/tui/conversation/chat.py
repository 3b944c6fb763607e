"""The chat log. Only the newest messages are mounted, so a 2,000-turn chat costs what a
60-turn one does; the rest stay as data and can be reviewed from the history."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from interviewer.tui.safe_text import SafeMarkdown, literal

WINDOW = 60


@dataclass
class ChatEntry:
    role: str  # interviewer | you | info | segment
    text: str
    step: str | None = None
    event_index: int | None = None
    superseded: bool = False
    revised: bool = False


class ChatMessage(Static):
    class Selected(Message):
        """An answer was clicked: the interviewee wants to change it."""

        def __init__(self, entry: ChatEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, entry: ChatEntry) -> None:
        self.entry = entry
        if entry.role == "interviewer":
            body = SafeMarkdown(entry.text)
        elif entry.role == "segment":
            body = literal(f"── {entry.text} ──")
        else:
            body = literal(entry.text)
        super().__init__(body, classes=f"msg msg-{entry.role}")
        if entry.role == "you":
            self.border_title = "You (changed)" if entry.revised else "You"
            self.tooltip = "Click to change this answer"
        elif entry.role == "interviewer":
            self.border_title = "Interviewer"
        self.sync()

    def sync(self) -> None:
        superseded = self.entry.superseded
        self.set_class(superseded, "superseded")
        if self.entry.role == "you":
            base = "You (changed)" if self.entry.revised else "You"
            self.border_title = f"{base} · superseded" if superseded else base

    def on_click(self) -> None:
        if self.entry.role == "you" and self.entry.step and not self.entry.superseded:
            self.post_message(self.Selected(self.entry))


class ChatLog(VerticalScroll):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: list[ChatEntry] = []
        self._earlier = Static("", id="earlier", classes="msg-info")

    def compose(self):  # type: ignore[override]
        yield self._earlier

    def add(self, *entries: ChatEntry) -> None:
        self.entries.extend(entries)
        widgets = [ChatMessage(e) for e in entries[-WINDOW:]]
        mounted = list(self.query(ChatMessage))
        excess = len(mounted) + len(widgets) - WINDOW
        with self.app.batch_update():
            if excess > 0:
                for widget in mounted[:excess]:
                    widget.remove()
            self.mount_all(widgets)
            hidden = len(self.entries) - min(WINDOW, len(self.entries))
            self._earlier.update(
                f"↑ {hidden} earlier messages. Press ctrl+e to review or change earlier answers."
                if hidden
                else ""
            )
            self._earlier.display = bool(hidden)
        self.scroll_end(animate=False)

    def sync_superseded(self, superseded: set[int]) -> None:
        for entry in self.entries:
            if entry.event_index is not None:
                entry.superseded = entry.event_index in superseded
        for widget in self.query(ChatMessage):
            widget.sync()
