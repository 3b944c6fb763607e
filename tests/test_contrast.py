"""Text contrast: every colour the app's styles draw text in reaches WCAG's 4.5:1 on every
background the app draws text on, in both of its themes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.color import Color

from interviewer.tui.themes import THEMES, Theme

TUI = Path(__file__).parent.parent / "interviewer" / "tui"
BACKGROUNDS = ("background", "surface", "panel")  # the screens, the dialogs, the bars
MINIMUM = 4.5  # WCAG 2.x, 1.4.3 (AA) for normal-size text
NOT_TEXT = ("thumb",)  # a rule for the chat's scroll thumb: a drawing, not text
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CSS_COLOUR = re.compile(r"(?<![\w-])color:\s*\$([a-z][a-z-]*)")
STYLE_COLOUR = re.compile(r"\"(?:(?:bold|italic|underline|reverse) )*\$([a-z][a-z-]*)\"")


def luminance(c: Color) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def variables(theme: Theme) -> dict[str, str]:
    """The theme's CSS variables as an app using it gets them (App.get_css_variables)."""
    return {**theme.to_color_system().generate(), **theme.variables}


def drawn(value: str, on: Color) -> Color:
    """A colour as it lands on `on`: "auto 60%" is black or white at 60% over it."""
    if value.startswith("auto"):
        alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
        return on + on.get_contrast_text(alpha)
    return on + Color.parse(value)


def text_colours() -> dict[str, set[str]]:
    """Every theme variable the app's styles draw text in, and where: the .tcss files, the
    widgets' DEFAULT_CSS and the style strings of widgets that draw their own lines."""
    found: dict[str, set[str]] = {}
    for path in sorted(TUI.rglob("*.tcss")) + sorted(TUI.rglob("*.py")):
        text = path.read_text()
        for selector, body in RULE.findall(text):
            if any(word in selector for word in NOT_TEXT):
                continue
            for name in CSS_COLOUR.findall(body):
                found.setdefault(name, set()).add(f"{path.name}: {selector.strip()[-40:]}")
        if path.suffix == ".py":
            for name in STYLE_COLOUR.findall(text):
                found.setdefault(name, set()).add(path.name)
    return found


def test_the_styles_are_found():
    colours = text_colours()
    assert {"text-muted", "text-primary", "accent", "text-accent"} <= set(colours)
    assert "primary" not in colours  # Textual's dark blue is 3:1 on the dark panel


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_text_colour_reads_on_every_background(theme):
    values = variables(theme)
    low = []
    for name, where in sorted(text_colours().items()):
        for background in BACKGROUNDS:
            on = Color.parse(values[background])
            ratio = contrast(drawn(values[name], on), on)
            if ratio < MINIMUM:
                low.append(f"${name} on ${background}: {ratio:.2f}:1 ({sorted(where)[0]})")
    assert not low, f"{theme.name}: " + "; ".join(low)


def test_the_measure_is_wcags():
    black, white = Color.parse("#000000"), Color.parse("#FFFFFF")
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), white) == pytest.approx(4.48, abs=0.01)


async def test_messages_already_shown_take_the_new_themes_colours(store):
    """f6 redraws the chat's labels in the light theme's colours, not the dark's."""
    from test_tui import start_app

    from interviewer.tui.conversation.chat import ChatLog
    from interviewer.tui.themes import LIGHT

    app = start_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")  # an answer: a "You" label too
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        await pilot.pause()
        assert app.theme == LIGHT
        values = variables(next(t for t in THEMES if t.name == LIGHT))
        labels = {
            seg.text.strip("▌ "): seg.style.color.triplet.hex.upper()
            for line in app.screen.query_one(ChatLog).lines
            for seg in line
            if seg.text.strip("▌ ") in ("Interviewer", "You")
            and seg.style
            and seg.style.color
            and seg.style.color.triplet
        }
        assert labels == {"Interviewer": values["text-primary"], "You": values["accent"]}
