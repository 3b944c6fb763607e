"""Keys a browser keeps for itself, and whether the app runs in one.

Under `interviewer serve` the app runs on Textual's web driver in xterm.js, and the browser
takes some keys before the page sees them (f5 reloads, ctrl+w closes the tab, ctrl+p prints,
ctrl+q may quit the browser, ctrl+n and ctrl+t open windows and tabs). Every action bound to one
of those has a second key the browser leaves alone, a typed command, and a clickable entry in
the key bar; in a browser the key bar shows the safe key.
"""

from __future__ import annotations

from textual.app import App

BROWSER_TAKEN = frozenset(
    {"f5", "ctrl+w", "ctrl+p", "ctrl+q", "ctrl+n", "ctrl+t", "ctrl+r", "ctrl+tab", "f11", "f12"}
    | {"ctrl+up", "ctrl+down"}  # macOS: Mission Control
)

# the browser-safe keys, shown in help texts
PANEL_KEY = "ctrl+g"  # the maturity panel (f5 in a terminal)
QUIT_KEY = "ctrl+o"  # pause and leave (ctrl+q in a terminal)
PALETTE_KEY = "f9"  # the command palette (ctrl+p in a terminal)


def in_browser(app: App[object]) -> bool:
    """True under Textual's web driver, or when the app was told so (`web_keys=True`), which is
    how tests show the browser's key bar without a browser."""
    return app.is_web or bool(getattr(app, "web_keys", False))


def browser_help(web: bool) -> str:
    """What the app adds to /help: its own commands, and the keys that work in a browser."""
    lines = [
        "In this window you can also type:",
        "  /panel   show or hide the maturity panel",
        "  /theme   light or dark theme",
        "  /change  change an earlier answer",
        "  /quit    pause and leave (resume later)",
        "Every entry in the key bar at the bottom can be clicked.",
    ]
    if web:
        lines.append(
            "In the browser, f5, ctrl+q and ctrl+p belong to the browser: use "
            f"{PANEL_KEY} for the maturity panel, {QUIT_KEY} to pause and leave, "
            f"{PALETTE_KEY} for the command palette."
        )
    else:
        lines.append(
            f"Keys that also work in a browser: {PANEL_KEY} (panel), {QUIT_KEY} (pause and "
            f"leave), {PALETTE_KEY} (command palette)."
        )
    return "\n".join(lines)
