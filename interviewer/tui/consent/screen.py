"""The notice, before the first question: accept to start, decline to stop with nothing recorded.

Keyboard (y / n, or Tab and Enter on the buttons) and mouse (the buttons, the key bar) both work.
The screen only asks; the runner records the answer (session/consent.py).

A `/` starts a typed command, as it does on every question answered with keys: from then on
every key is part of the command until Enter runs it, Esc drops it or the `/` is deleted, so
typing `/why` never agrees at its `y` nor `/panel` declines at its `n`."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from interviewer.markdown_blocks import markdown_blocks
from interviewer.script.model import Notice
from interviewer.session import consent
from interviewer.textsafe import strip_control
from interviewer.tui.key_bar import KeyBar
from interviewer.tui.safe_text import inline_markdown, interviewer_text, literal


class ConsentScreen(ModalScreen[bool]):
    CSS_PATH = "consent.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Agree and start"),
        Binding("n", "answer(False)", "Decline"),
    ]
    COMMAND_HINT = "Enter runs it · Esc goes back"

    def __init__(self, notice: Notice, changed_since: float | None = None) -> None:
        super().__init__()
        self.notice = notice
        self.changed_since = changed_since  # when the earlier wording was accepted
        self.command: str | None = None  # a typed command under way, from its `/`

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
            line = Static("", id="consent-command")  # a command being typed, while one is
            line.display = False
            yield line
            with Horizontal(id="consent-buttons"):  # for the mouse, beside the key bar's y and n
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
        yield Static(notice_renderable(self.notice.text), id="consent-text")

    def on_mount(self) -> None:
        """The notice has the focus, so the arrow keys scroll it and Enter accepts nothing."""
        self.query_one("#consent-notice", VerticalScroll).focus()

    async def on_key(self, event: events.Key) -> None:
        """While a command is typed, every key is part of it and none answers."""
        if self.command is None:
            if event.character == "/":
                event.stop()
                self.command = "/"
                self._show_command()
            return
        event.stop()
        event.prevent_default()
        if event.key == "enter":
            command, self.command = self.command, None
            self._show_command()
            await self._run(command)
        elif event.key == "escape":
            self.command = None
        elif event.key == "backspace":
            self.command = self.command[:-1] or None
        elif event.is_printable and event.character is not None:
            self.command += event.character
        self._show_command()

    def _show_command(self) -> None:
        line = self.query_one("#consent-command", Static)
        line.display = self.command is not None
        if self.command is not None:
            line.update(literal(f"{self.command}▏  {self.COMMAND_HINT}"))

    async def _run(self, command: str) -> None:
        """What a command can do before the interview starts: leave, or switch the theme;
        the rest says it works once the notice is accepted."""
        words = command.strip().lstrip("/").split(maxsplit=1)
        word = words[0].lower() if words else ""
        if word in ("quit", "pause"):
            await self.app.run_action("pause_and_quit")
        elif word == "theme":
            await self.app.run_action("toggle_dark")
        else:
            said = f"/{word} works" if word else "Commands work"
            self.notify(
                strip_control(
                    f"{said} once the interview has started. Press y to agree and start, "
                    "or n to decline: nothing is recorded until you agree."
                ),
                timeout=8,
                markup=False,
            )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "accept")

    def action_answer(self, accepted: bool) -> None:
        self.app.clear_notifications()  # "press y to agree" is answered: not left over the chat
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
