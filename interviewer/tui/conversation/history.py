"""Pick any earlier answer on the route to change it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from interviewer.session.conversation import Interview
from interviewer.tui.safe_text import literal


class HistoryScreen(ModalScreen[str | None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self.interview = interview

    def compose(self) -> ComposeResult:
        iv = self.interview
        options = []
        for n, step_id in enumerate(iv.path, 1):
            turn = iv.transcript.in_force(step_id)
            if turn is None:
                continue
            answer, question = turn.answer, " ".join(turn.question.split())
            if len(question) > 90:
                question = question[:89] + "…"
            options.append(Option(literal(f"{n}. {question}\n   → {answer}"), id=step_id))
        with Vertical(id="history"):
            yield Static(
                "Change an earlier answer: pick it and press Enter (Esc closes)",
                classes="panel-title",
            )
            yield OptionList(*options, id="history-list")

    def on_mount(self) -> None:
        history = self.query_one("#history-list", OptionList)
        if history.option_count:
            history.highlighted = history.option_count - 1
        history.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
