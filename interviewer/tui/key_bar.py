"""A one-line footer listing the screen's keys: as informative as Textual's Footer, far cheaper
to build (the Footer mounts a widget per key), which matters for cold start.

Each entry can be clicked: it runs the entry's action, so nothing needs a key a browser keeps
for itself. In a browser the bar shows the key the browser leaves alone when an action has two
(f5 and ctrl+g both toggle the panel: a terminal shows f5, a browser ctrl+g), and the command
palette, which a terminal reaches with ctrl+p."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget

from interviewer.tui.browser import BROWSER_TAKEN, in_browser

SHOWN_IN_BROWSER = frozenset({"command_palette"})  # hidden in a terminal, which has ctrl+p


@dataclass(frozen=True)
class Entry:
    key: str  # as displayed
    bound: str  # as bound: "ctrl+g"
    description: str
    action: str
    node: DOMNode  # where the action runs
    start: int  # the cells the entry takes in the bar
    end: int


class KeyBar(Widget):
    DEFAULT_CSS = "KeyBar { height: 1; dock: bottom; background: $panel; }"

    def entries(self) -> list[Entry]:
        found: list[Entry] = []
        seen: set[str] = set()
        web = in_browser(self.app)
        at = 0
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            shown = binding.show or (web and binding.action in SHOWN_IN_BROWSER)
            if not shown or not enabled or binding.description in seen:
                continue
            if web and binding.key in BROWSER_TAKEN:
                continue
            seen.add(binding.description)
            key = self.app.get_key_display(binding)
            width = cell_len(f" {key} ") + cell_len(f"{binding.description} ")
            found.append(
                Entry(key, binding.key, binding.description, binding.action, node, at, at + width)
            )
            at += width
        return found

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = []
        for entry in self.entries():
            parts += [(f" {entry.key} ", "bold $accent"), f"{entry.description} "]
        return Content.assemble(*parts)

    async def on_click(self, event: events.Click) -> None:
        for entry in self.entries():
            if entry.start <= event.x < entry.end:
                event.stop()
                await self.app.run_action(entry.action, entry.node)
                return
