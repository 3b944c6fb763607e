"""The one-line field a typed command goes into on a question answered with keys.

On a list of options (and in the n/a reason) single keys answer: y is "yes", 2 is the second
option. A `/` opens this field instead, and from then on every key is text until Enter runs the
command, Esc closes the field, or the `/` is deleted; closing records nothing. Opening and
closing move the focus at once (not on the next message), so a key typed right after lands
where the person meant it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widget import Widget

from interviewer.tui.conversation.answer_limit import LimitedInput

HINT = "Type a command (/help lists them) · Enter runs it · Esc goes back"


class CommandField(LimitedInput):
    BINDINGS = [Binding("escape", "close", "Back to the answers", show=False)]

    def __init__(self, closed: Callable[[], None], **kwargs: object) -> None:
        """`closed` is called each time the field closes (the answer area shows its hint)."""
        super().__init__("", compact=True, select_on_focus=False, **kwargs)
        self.display = False
        self._when_closed = closed
        self._origin: Widget | None = None

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    def open(self, origin: Widget) -> None:
        """Show the field holding the `/` and take the keys; `origin` gets them back."""
        self._origin = origin
        self.display = True
        self.value = "/"
        self.cursor_position = 1
        self.screen.set_focus(self)

    def close(self) -> None:
        if not self.is_open:
            return
        self.display = False
        self.value = ""
        origin, self._origin = self._origin, None
        if origin is not None and origin.display:
            self.screen.set_focus(origin)
        self._when_closed()

    def watch_value(self, value: str) -> None:
        """Deleting the `/` goes back to the answers."""
        if self.is_open and not value.startswith("/"):
            self.close()

    def action_close(self) -> None:
        self.close()

    async def action_submit(self) -> None:
        """The field closes before the command runs, so the command finds the question as it
        was (and a key typed next goes to the answers again)."""
        command = self.value
        self.close()
        self.post_message(self.Submitted(self, command))
