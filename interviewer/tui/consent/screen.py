"""The notice, before the first question: accept to start, decline to stop with nothing recorded.

Keyboard (y / n, or Tab and Enter on the buttons) and mouse (the buttons, the key bar) both work.
The screen only asks; the runner records the answer (frontends/consent.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from interviewer.frontends import consent
from interviewer.markdown_blocks import markdown_blocks
from interviewer.script.model import Notice
from interviewer.textsafe import strip_control
from interviewer.tui.key_bar import KeyBar
from interviewer.tui.safe_text import inline_markdown, interviewer_text, literal


class ConsentScreen(ModalScreen[bool]):
    CSS_PATH = "consent.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Agree and start"),
        Binding("n", "answer(False)", "Decline"),
    ]

    def __init__(self, notice: Notice, changed_since: float | None = None) -> None:
        super().__init__()
        self.notice = notice
        self.changed_since = changed_since  # when the earlier wording was accepted

    def compose(self) -> ComposeResult:
        with Vertical(id="consent"):
            yield Static(literal(self.notice.title), classes="panel-title", id="consent-title")
            with VerticalScroll(id="consent-notice"):
                if self.changed_since is not None:
                    yield Static(
                        literal(
                            "This notice has changed since you agreed to it on "
                            f"{consent.when(self.changed_since)}; please read it again."
                        ),
                        id="consent-changed",
                    )
                yield from self._notice_text()
            yield Static(literal(consent.QUESTION), id="consent-question")
            with Horizontal(id="consent-buttons"):
                yield Button("Yes, I agree (y)", id="accept", variant="primary")
                yield Button("No, stop here (n)", id="decline")
        yield KeyBar()

    def _notice_text(self) -> ComposeResult:
        """The notice with a hanging indent under each list item, as a printed list has;
        richer Markdown goes to its own renderer."""
        text = interviewer_text(self.notice.text)
        if not isinstance(text, Text):
            yield Static(text, id="consent-text")
            return
        with Vertical(id="consent-text"):
            for block in markdown_blocks(strip_control(self.notice.text)):
                if block.kind == "item":
                    with Horizontal(classes="notice-item"):
                        yield Static(" •", classes="notice-bullet")
                        yield Static(inline_markdown(block.text))
                else:
                    yield Static(inline_markdown(block.text), classes="notice-paragraph")

    def on_mount(self) -> None:
        """The notice has the focus, so the arrow keys scroll it and Enter accepts nothing."""
        self.query_one("#consent-notice", VerticalScroll).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "accept")

    def action_answer(self, accepted: bool) -> None:
        self.dismiss(accepted)
