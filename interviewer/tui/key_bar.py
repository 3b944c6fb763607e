"""A one-line footer listing the screen's keys: as informative as Textual's Footer, far cheaper
to build (the Footer mounts a widget per key), which matters for cold start.

Each entry can be clicked: it runs the entry's action, so nothing needs a key a browser keeps
for itself. In a browser the bar shows the key the browser leaves alone when an action has two
(f5 and ctrl+g both toggle the panel: a terminal shows f5, a browser ctrl+g), and the command
palette, which a terminal reaches with ctrl+p.

On a narrow terminal (80 columns) the bar shortens the long descriptions, then leaves out
what is least needed (the theme, the panel, help, which keep their keys and palette
entries) until it fits; pausing and quitting always stay."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget

from interviewer.tui.browser import BROWSER_TAKEN, in_browser

SHOWN_IN_BROWSER = frozenset({"command_palette"})  # hidden in a terminal, which has ctrl+p
SHORT = {"Change an answer": "Change", "Light/dark": "Theme", "Earlier turn": "Earlier"}
SHORT |= {"Later turn": "Later"}
LEAST_NEEDED = ("toggle_dark", "toggle_profile", "command('help')", "history")  # dropped first


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
        """The entries shown, where they are: all of them in full when they fit the bar's
        width, else with the long descriptions shortened one by one, else without the least
        needed."""
        found: list[tuple[str, str, str, str, DOMNode]] = []
        seen: set[str] = set()
        web = in_browser(self.app)
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            shown = binding.show or (web and binding.action in SHOWN_IN_BROWSER)
            if not shown or not enabled or binding.description in seen:
                continue
            if web and binding.key in BROWSER_TAKEN:
                continue
            seen.add(binding.description)
            key = self.app.get_key_display(binding)
            found.append((key, binding.key, binding.description, binding.action, node))
        width = self.size.width or 10_000  # not laid out yet: everything
        forms = [found]
        short = found
        for long in SHORT:  # one description shortened at a time, as far as needed
            short = [(k, b, SHORT[d] if d == long else d, a, n) for k, b, d, a, n in short]
            forms.append(short)
        for action in LEAST_NEEDED:
            short = [entry for entry in short if entry[3] != action]
            forms.append(short)
        fits = next((form for form in forms if _width(form) <= width), forms[-1])
        placed: list[Entry] = []
        at = 0
        for key, bound, description, action, node in fits:
            end = at + cell_len(f" {key} ") + cell_len(f"{description} ")
            placed.append(Entry(key, bound, description, action, node, at, end))
            at = end
        return placed

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


def _width(entries: list[tuple[str, str, str, str, DOMNode]]) -> int:
    return sum(cell_len(f" {key} ") + cell_len(f"{desc} ") for key, _, desc, _, _ in entries)
