"""The notice, before the first question: accept to start, decline to stop with nothing recorded.

Keyboard (y / n, or Tab and Enter on the buttons) and mouse (the buttons, the key bar) both work.
The screen only asks; the runner records the answer (frontends/consent.py)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
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
            yield Horizontal(id="consent-buttons")  # its buttons come after the first frame
        yield KeyBar()

    def _notice_text(self) -> ComposeResult:
        """The notice with a hanging indent under each list item, as a printed list has;
        richer Markdown goes to its own renderer."""
        text = interviewer_text(self.notice.text)
        if not isinstance(text, Text):
            yield Static(text, id="consent-text")
            return
        yield Static(notice_renderable(self.notice.text), id="consent-text")

    def on_mount(self) -> None:
        """The notice has the focus, so the arrow keys scroll it and Enter accepts nothing."""
        self.query_one("#consent-notice", VerticalScroll).focus()
        self.call_after_refresh(self._add_buttons)

    def _add_buttons(self) -> None:
        """For the mouse, beside the key bar's y and n: mounted once the notice is on screen,
        as they are not needed to read it."""
        self.query_one("#consent-buttons", Horizontal).mount(
            Button("Yes, I agree (y)", id="accept", variant="primary"),
            Button("No, stop here (n)", id="decline"),
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "accept")

    def action_answer(self, accepted: bool) -> None:
        self.dismiss(accepted)


def notice_renderable(text: str) -> RenderableType:
    """Paragraphs, and list items with a hanging indent, as one renderable: one widget to lay
    out, not one per item, keeps the first screen quick to paint."""
    parts: list[RenderableType] = []
    items: Table | None = None
    for block in markdown_blocks(strip_control(text)):
        if block.kind == "item":
            if items is None:
                if parts:
                    parts.append(Text(""))
                items = Table.grid(padding=(0, 1, 0, 0))
                items.add_column(width=2)
                items.add_column(ratio=1)
                parts.append(items)
            items.add_row(" •", inline_markdown(block.text))
        else:
            if parts:
                parts.append(Text(""))
            items = None
            parts.append(inline_markdown(block.text))
    return Group(*parts)
