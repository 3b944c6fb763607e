"""Where to save the interviewee's own copy: a folder, the current one offered first."""

from __future__ import annotations

import os

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from interviewer.tui.safe_text import literal


class SaveCopyScreen(ModalScreen[str | None]):
    """Returns the folder typed (Enter or Save), or None (Esc or Cancel)."""

    CSS_PATH = "summary.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, file_name: str) -> None:
        super().__init__()
        self.file_name = file_name

    def compose(self) -> ComposeResult:
        with Vertical(id="save-copy"):
            yield Static("Save my copy", classes="panel-title")
            yield Static(
                literal(
                    f"Your answers and your profile, as Markdown ({self.file_name}), without any "
                    "facilitator's notes. Save it in this folder:"
                )
            )
            yield Input(os.getcwd(), id="save-folder")
            with Horizontal(id="save-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save-folder", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or os.getcwd())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.dismiss(self.query_one("#save-folder", Input).value.strip() or os.getcwd())
        else:
            self.dismiss(None)
