"""The app's two themes: Textual's dark and light, with the colours text is drawn in kept at a
WCAG contrast of at least 4.5:1 on every background the app draws text on (tests/test_contrast.py
measures them).

Textual's light theme draws its accent, an orange, on light grey at about 1.3:1; here the light
theme's accent and warning are a dark amber. The dark theme is Textual's as it is: the app draws
labels in `$text-primary` rather than `$primary`, whose blue is 3:1 on the dark panel.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App
from textual.theme import BUILTIN_THEMES, Theme

# Textual's own, under its own name: the app starts in the theme Textual starts in, so setting
# it changes nothing and costs no second parse of every stylesheet before the first frame
DARK = "textual-dark"
LIGHT = "interviewer-light"
AMBER = "#7A4500"  # 5.1:1 on the light theme's panel (#D0D0D0), 5.9:1 on its background

_light = BUILTIN_THEMES["textual-light"]
THEMES: tuple[Theme, ...] = (
    BUILTIN_THEMES[DARK],
    replace(
        _light,
        name=LIGHT,
        accent=AMBER,
        warning=AMBER,
        variables={**_light.variables, "text-accent": AMBER, "text-warning": AMBER},
    ),
)


def install(app: App[Any]) -> None:
    """Register both themes with `app` and start it in the dark one."""
    for theme in THEMES:
        app.register_theme(theme)
    app.theme = DARK


def other(theme: str) -> str:
    """The theme f6 and /theme switch to from `theme`."""
    return LIGHT if theme == DARK else DARK
