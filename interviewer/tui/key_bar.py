"""A one-line footer listing the screen's keys: as informative as Textual's Footer, far cheaper
to build (the Footer mounts a widget per key), which matters for cold start."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = "KeyBar { height: 1; dock: bottom; background: $panel; }"

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = []
        seen: set[str] = set()
        for _, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.description in seen:
                continue
            seen.add(binding.description)
            key = self.app.get_key_display(binding)
            parts += [(f" {key} ", "bold $accent"), f"{binding.description} "]
        return Content.assemble(*parts)
