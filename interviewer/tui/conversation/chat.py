"""The chat log as a single line-API widget.

Finished messages are rendered to lines once and only the visible lines are painted, so adding a
message costs the same at turn 10 and turn 1,000 and never mounts a widget.

Text can be selected with the mouse and copied (ctrl+c) as Textual's own `Log` does it: each
painted line carries its position in the chat (`Strip.apply_offsets`), `get_selection` hands the
screen the chat's plain text, and the selected part is drawn in the screen's selection style.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from interviewer.textsafe import visible_control
from interviewer.tui.safe_text import interviewer_text

INDENT_YOU = 6
MARGIN = 1  # a column of space left of the messages, drawn with them (see render_line)
THUMB_WIDTH = 2  # a space, then the column that shows where the view is


@dataclass(eq=False)
class ChatEntry:
    """One message in the chat, as shown."""

    role: str  # interviewer | you | info | segment
    text: str
    step: str | None = None
    event_index: int | None = None
    superseded: bool = False
    revised: bool = False
    title: str | None = None  # replaces the speaker's name in the label (e.g. "Turn 6")
    speaker: str | None = None  # who answered, for a reader other than the interviewee
    marked: bool = False  # the answer a facilitator's note goes on: said in the label

    @property
    def label(self) -> str:
        if self.role == "interviewer":
            return self.title or "Interviewer"
        if self.role == "you":
            who = self.speaker or "You"
            base = f"{who} (changed)" if self.revised else who
            base = f"{base} · superseded" if self.superseded else base
            return f"▶ {base} · selected" if self.marked else base
        return ""


class ChatLog(ScrollView, can_focus=False):
    """Scrolled with the mouse wheel; the rightmost column shows where the view is (a thumb
    drawn with the lines themselves: Textual's scrollbar widget cost more to repaint on every
    turn than the messages did). The wheel scrolls it because vertical overflow is `scroll`
    with a scrollbar zero cells wide: Textual's own rule, with nothing of its scrollbar drawn."""

    COMPONENT_CLASSES = {
        "chat--label",
        "chat--you-label",
        "chat--info",
        "chat--segment",
        "chat--superseded",
        "chat--thumb",
        "chat--marked",
    }
    DEFAULT_CSS = "ChatLog { overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 0; }"

    class Selected(Message):
        """An answer was clicked: the interviewee wants to change it."""

        def __init__(self, entry: ChatEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: list[ChatEntry] = []
        self._blocks: list[list[Strip]] = []
        self._lines: list[Strip] = []
        self._owner: list[int] = []  # entry index of each line
        self._width = 0
        self._height = 0  # the rows shown, as of the last resize
        self._styles: dict[str, Style] = {}  # resolved once per theme, not once per message
        self._thumb = range(0)  # the rows the scroll thumb covers, worked out once per paint
        self._selection: Selection | None = None  # the selected text, looked up once per paint

    # -- content ------------------------------------------------------------------------------

    def add(self, *entries: ChatEntry) -> None:
        if not self._width and self.is_mounted:
            self._width = self._expected_width()
        for entry in entries:
            self.entries.append(entry)
            if self._width:
                self._append_block(len(self.entries) - 1)
        self._update_size()
        self.scroll_end(animate=False)
        self.refresh()

    def sync_superseded(self, superseded: set[int]) -> None:
        changed = False
        for entry in self.entries:
            if entry.event_index is not None:
                now = entry.event_index in superseded
                changed |= now != entry.superseded
                entry.superseded = now
        if changed:
            self._rerender()

    def mark(self, event_index: int | None) -> ChatEntry | None:
        """Mark the answer at `event_index` (None: none) and unmark the rest; the marked entry.
        Only the blocks whose label changed are drawn again."""
        changed, marked = [], None
        for index, entry in enumerate(self.entries):
            if entry.role == "you":
                now = entry.event_index is not None and entry.event_index == event_index
                if now != entry.marked:
                    changed.append(index)
                entry.marked = now
                marked = entry if now else marked
        for index in changed:
            self._redraw_block(index)
        return marked

    def text_of(self, entry: ChatEntry) -> str:
        """The entry's lines as shown, for tests and screen readers."""
        return "\n".join(s.text.rstrip() for s in self.block_of(entry))

    def block_of(self, entry: ChatEntry) -> list[Strip]:
        """The entry's lines as drawn (empty until the chat has a width)."""
        index = self.entries.index(entry)
        return self._blocks[index] if index < len(self._blocks) else []

    def line_of(self, entry: ChatEntry) -> int:
        """The chat line (from the top of the whole chat) where the entry's block starts."""
        return self._owner.index(self.entries.index(entry))

    def last_question(self) -> ChatEntry | None:
        return next((e for e in reversed(self.entries) if e.role == "interviewer"), None)

    def keep_in_view(self, entry: ChatEntry) -> None:
        """Scroll the least that shows the entry (its label and text); its start if it is
        taller than the view."""
        if entry not in self.entries or self.entries.index(entry) >= len(self._blocks):
            return
        first = self.line_of(entry)
        start, end = first + 1, first + len(self.block_of(entry))  # the blank line may go
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if end > top + height:
            top = end - height
        top = min(top, start)
        if top != self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)

    @property
    def lines(self) -> list[Strip]:
        """Every line of the chat as drawn, without the margin and the thumb column."""
        return self._lines

    @property
    def plain_text(self) -> str:
        """The whole chat as the interviewee sees it: one line per chat line."""
        return "\n".join(strip.text.rstrip() for strip in self._lines)

    # -- selecting and copying ----------------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, for the screen's copy (ctrl+c): the lines as shown, without the
        margin or the thumb column. Offsets are (character, chat line), as `render_line` marks
        them."""
        return selection.extract(self.plain_text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        """The selection is drawn from the stored lines at paint time: a repaint shows it."""
        self.refresh()

    def _highlight(self, strip: Strip, span: tuple[int, int]) -> Strip:
        """The strip with characters start..end (end -1: the end of the text) in the screen's
        selection style."""
        start, end = span
        if end == -1:
            end = len(strip.text.rstrip())
        if start >= end:
            return strip
        style = self.screen.get_component_rich_style("screen--selection")
        segments: list[Segment] = []
        pos = 0
        for text, own, _control in strip:
            size = len(text)
            a, b = max(start, pos) - pos, min(end, pos + size) - pos
            if a >= b:
                segments.append(Segment(text, own))
            else:
                if a:
                    segments.append(Segment(text[:a], own))
                segments.append(Segment(text[a:b], own + style if own else style))
                if b < size:
                    segments.append(Segment(text[b:], own))
            pos += size
        return Strip(segments, strip.cell_length)

    # -- rendering ----------------------------------------------------------------------------

    def _wrap(self, renderable: RenderableType, width: int, style: Style) -> list[Strip]:
        """The renderable as lines `width` cells wide at most."""
        if isinstance(renderable, Text) and not renderable.spans:
            plain = renderable.plain
            if cell_len(plain) == len(plain):  # no wide characters: wrap without Rich
                own = renderable.style
                if isinstance(own, str):
                    own = Style.parse(own) if own else Style()
                line_style = style + own
                lines: list[Strip] = []
                for para in plain.split("\n"):
                    wrapped = textwrap.wrap(para, max(1, width), drop_whitespace=True) or [""]
                    lines += [Strip([Segment(line, line_style)]) for line in wrapped]
                return lines
        console = self.app.console
        options = console.options.update_width(max(1, width))
        rendered = console.render_lines(renderable, options, style=style, pad=False)
        return [Strip(line) for line in rendered]

    def _style(self, name: str) -> Style:
        """The widget's own style ("base") or a component class's, cached until the theme or
        the CSS changes (see notify_style_update)."""
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if name == "base" else self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def notify_style_update(self) -> None:
        """A new theme: messages are drawn again in its colours (only if a colour changed:
        Textual also calls this when nothing visible did). After the refresh, as the
        component classes' colours (the labels) are updated after this call."""
        super().notify_style_update()
        self.call_after_refresh(self._restyle)

    def _restyle(self) -> None:
        old, self._styles = self._styles, {}
        if self._width and any(self._style(name) != style for name, style in old.items()):
            self._rerender()

    def _block(self, entry: ChatEntry) -> list[Strip]:
        width = self._width
        base = self._style("base")
        if entry.role == "segment":
            title = f"── {visible_control(entry.text)} ──"
            text = Text(title, style=self._style("chat--segment"), justify="center")
            return [Strip.blank(width, base), *self._wrap(text, width, base)]
        if entry.role == "info":
            text = Text(visible_control(entry.text), style=self._style("chat--info"))
            return [self._pad(s, 2) for s in self._wrap(text, width - 2, base)]
        indent = INDENT_YOU if entry.role == "you" else 0
        label_style = self._style("chat--you-label" if entry.role == "you" else "chat--label")
        if entry.marked:
            label_style += self._style("chat--marked")
        body_style = base
        if entry.superseded:
            body_style = base + self._style("chat--superseded")
        if entry.role == "you":
            body: RenderableType = Text(visible_control(entry.text) or " ", style=body_style)
        else:
            body = interviewer_text(entry.text)
        label = Strip([Segment(" " * indent, base), Segment(f"▌ {entry.label}", label_style)])
        lines = [Strip.blank(width, base), label]
        for strip in self._wrap(body, width - indent - 2, body_style):
            lines.append(Strip([Segment(" " * indent, base), Segment("▌ ", label_style), *strip]))
        return lines

    def _pad(self, strip: Strip, n: int) -> Strip:
        return Strip([Segment(" " * n, self._style("base")), *strip])

    def _append_block(self, index: int) -> None:
        width, base = self._width, self._style("base")
        # padded to the full width once, so painting a line hands over the stored strip
        block = [s.crop_extend(0, width, base) for s in self._block(self.entries[index])]
        self._blocks.append(block)
        self._lines.extend(block)
        self._owner.extend([index] * len(block))

    def _redraw_block(self, index: int) -> None:
        """One entry drawn again in place (a label that changed keeps the block's height)."""
        if index >= len(self._blocks):
            return
        width, base = self._width, self._style("base")
        block = [s.crop_extend(0, width, base) for s in self._block(self.entries[index])]
        if len(block) != len(self._blocks[index]):
            self._rerender()
            return
        start = self._owner.index(index)
        self._blocks[index] = block
        self._lines[start : start + len(block)] = block
        self.refresh()

    def _rerender(self) -> None:
        if self.is_mounted and self.text_selection is not None:
            self.screen.clear_selection()  # the lines it pointed at are wrapped anew
        self._blocks, self._lines, self._owner = [], [], []
        for index in range(len(self.entries)):
            self._append_block(index)
        self._update_size()
        self.refresh()

    def _update_size(self) -> None:
        """Grow the scrollable area without a layout pass: the widget's own size is unchanged,
        so re-laying out the whole screen (what assigning virtual_size does) is wasted work."""
        size = Size(self._width, len(self._lines))
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)

    def _expected_width(self) -> int:
        """Before the first layout, the width the text will have across the whole screen.
        Messages added then are wrapped once and shown in the very first frame; `on_resize`
        wraps again only if it differs."""
        return max(0, self.app.size.width - self.styles.gutter.width - MARGIN - THUMB_WIDTH)

    def on_resize(self, event: events.Resize) -> None:
        """Wrapped again for a new width; a chat that showed its end still does (an error line
        under the question takes a row from the chat, and the question must stay in view)."""
        width = max(0, self.scrollable_content_region.width - MARGIN - THUMB_WIDTH)
        height = self.scrollable_content_region.height
        end = len(self._lines) - self._height if self._height else self.max_scroll_y
        at_end = self.scroll_y >= end
        self._height = height
        if width != self._width:
            self._width = width
            self._rerender()
        if at_end and self.scroll_y < self.max_scroll_y:
            self.scroll_end(animate=False)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._thumb = self._thumb_rows()  # once per paint, not once per line
        self._selection = self.text_selection
        return super().render_lines(crop)

    def _thumb_rows(self) -> range:
        """The rows of the thumb: where the view is, and how much of the chat it shows."""
        height, total = self.scrollable_content_region.height, len(self._lines)
        if total <= height or height <= 0:
            return range(0)
        size = max(1, round(height * height / total))
        start = min(height - size, round(self.scroll_offset.y * height / total))
        if self.scroll_offset.y >= self.max_scroll_y:
            start = height - size
        return range(start, start + size)

    def render_line(self, y: int) -> Strip:
        """The margin, the chat line, then the thumb column. The margin and the line carry
        their position in the chat (the margin as the line's first character), so a drag
        that starts anywhere on the row selects from that line."""
        index = self.scroll_offset.y + y
        width = self._width
        base = self._style("base")
        if index < len(self._lines):
            strip = self._lines[index]
            if strip.cell_length != width:
                strip = strip.crop_extend(0, width, base)
            selection = self._selection
            if selection is not None:
                span = selection.get_span(index)
                if span is not None:
                    strip = self._highlight(strip, span)
            margin = Strip([Segment(" " * MARGIN, base)]).apply_offsets(0, index)
            strip = Strip.join((margin, strip.apply_offsets(0, index)))
        else:
            strip = Strip.blank(MARGIN + width, base)
        if y in self._thumb:
            thumb = Strip([Segment(" ", base), Segment("┃", self._style("chat--thumb"))])
            return Strip.join((strip, thumb))
        return Strip.join((strip, Strip.blank(THUMB_WIDTH, base)))

    def on_click(self, event: events.Click) -> None:
        if self.text_selection is not None:
            return  # the end of a drag that selected text, not a click on an answer
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._owner):
            entry = self.entries[self._owner[index]]
            if entry.role == "you" and entry.step and not entry.superseded:
                self.post_message(self.Selected(entry))
