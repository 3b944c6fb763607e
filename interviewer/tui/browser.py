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


def app_help(web: bool) -> str:
    """/help (and f1) in the app: the commands, and the keys that do the same, as plain text.
    In a browser, the keys the browser keeps for itself are given as the ones it leaves alone."""
    panel, leave, palette = (
        (PANEL_KEY, QUIT_KEY, PALETTE_KEY) if web else ("f5", "ctrl+q", "ctrl+p")
    )
    lines = [
        "Commands you can type at any question, and their keys:",
        "  /why     why this question is being asked (f2)",
        "  /skip    leave this question out (f3)",
        "  /back    change your previous answer (answers that still fit are kept)",
        "  /change  change any earlier answer (ctrl+e, or click the answer)",
        "  /status  where we are, time used and the picture so far",
        f"  /panel   show or hide the maturity panel ({panel})",
        "  /theme   light or dark theme (f6)",
        "  /pause   stop here and resume later (f4)",
        f"  /quit    pause and leave ({leave})",
        "  /help    this list (f1)",
        "Indicator questions: press y yes, m mostly, p partly, n no, d don't know, "
        "a not applicable (then an optional reason).",
        "Choices and ratings: press the option's number, or move with the arrow keys and press "
        "Enter. Several choices: Space or a number ticks, Enter sends the ticked ones.",
        "Written answers: Enter sends, ctrl+j starts a new line.",
        "Where a key answers (options, indicators), type / first: it opens a command field, "
        "Enter runs the command, Esc goes back to the options.",
        f"The command palette ({palette}) lists all of this. Every entry in the key bar at the "
        "bottom can be clicked.",
        "To resume a paused interview later: interviewer resume ID",
    ]
    if web:
        lines.append(
            "In the browser, f5, ctrl+q and ctrl+p belong to the browser: use "
            f"{PANEL_KEY}, {QUIT_KEY} and {PALETTE_KEY} instead."
        )
    else:
        lines.append(
            f"Keys that also work in a browser: {PANEL_KEY} (panel), {QUIT_KEY} (pause and "
            f"leave), {PALETTE_KEY} (command palette)."
        )
    return "\n".join(lines)
