"""The answer area adapts to the question: free text, choices, ratings, indicators, numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from interviewer.script.model import Kind, Step
from interviewer.session.conversation import CLARIFY_KEYS as KEYS
from interviewer.session.conversation import MAX_ANSWER, Ask
from interviewer.tui.conversation import command_field
from interviewer.tui.conversation.answer_limit import (
    AT_LIMIT,
    AnswerRefused,
    LimitedInput,
    paste_refused,
    size_after,
)
from interviewer.tui.conversation.command_field import CommandField
from interviewer.tui.safe_text import literal

if TYPE_CHECKING:  # imported when the spare widgets are built, after the first frame
    from textual.widgets import OptionList
    from textual.widgets.option_list import Option

    from interviewer.script.model import Option as Choice

INDICATOR_KEYS = {"y": "yes", "m": "mostly", "p": "partly", "n": "no", "d": "unknown", "a": "na"}
INDICATOR_HINTS = {value: key for key, value in INDICATOR_KEYS.items()}
# a clarifying question: the indicator's keys (no n/a), and w to answer in a sentence
WORDS, WORDS_KEY = "words", "w"
NA_PLACEHOLDER = "Why is it not applicable? (optional) Enter to send"
WORDS_PLACEHOLDER = "Which is true today, in your own words? Enter to send"
LIST_KINDS: tuple[Kind, ...] = ("choice", "scale", "indicator", "multi")  # answered by keys
COMMAND_HINT = " · / a command"
NA_HINT = "Enter sends the reason, or none · Esc goes back"
WORDS_HINT = "Enter sends your words · Esc goes back"
LINE_COMMAND_HINT = " · a / typed first: a command"


def clarifying(step: Step) -> bool:
    """A contradiction's clarifying question: indicator keys, or a sentence (engine.clarify)."""
    return step.purpose == "contradiction" and step.kind == "indicator"


class Submitted(Message):
    def __init__(self, raw: str) -> None:
        super().__init__()
        self.raw = raw


class AnswerText(TextArea):
    """Multi-line answer: Enter sends, ctrl+j (or shift+enter) starts a new line; typing or
    pasting past the answer limit is refused with the reason.

    A key or paste handler on the subclass runs before TextArea's own; preventing the default
    keeps TextArea from inserting the text itself."""

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(Submitted(self.text))
        elif event.key in ("ctrl+j", "shift+enter") or event.is_printable:
            added = event.character if event.is_printable and event.character else "\n"
            if size_after(self.text, self.selected_text, added) > MAX_ANSWER:
                event.stop()
                event.prevent_default()
                self.post_message(AnswerRefused(AT_LIMIT))
            elif added == "\n":
                event.stop()
                event.prevent_default()
                self.insert("\n")

    def on_paste(self, event: events.Paste) -> None:
        size = size_after(self.text, self.selected_text, event.text)
        if size > MAX_ANSWER:
            event.stop()
            event.prevent_default()
            self.post_message(AnswerRefused(paste_refused(size)))


class ReasonInput(LimitedInput):
    """The one-line input under the answers (an n/a reason, or a clarifying answer in words).
    Each key is offered to `divert` first (a `/` typed first opens the command field); a key it
    takes is not typed here."""

    def __init__(self, divert: Callable[[events.Key], bool], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._divert = divert

    def on_key(self, event: events.Key) -> None:
        if self._divert(event):
            event.stop()
            event.prevent_default()


class Hint(Widget):
    """One line of help under the question; redrawn without a layout pass. An optional `tail`
    is left out where the line would not fit the width (the command hint at 80 columns after
    the longest key lists)."""

    DEFAULT_CSS = "Hint { height: 1; color: $text-muted; }"
    text: str = ""  # as shown where there is room: with the tail
    tail: str = ""

    def update(self, text: str, tail: str = "") -> None:
        if text + tail != self.text:
            self.text, self.tail = text + tail, tail
            self.refresh()

    def render(self) -> Content:
        if self.tail and cell_len(self.text) > self.size.width > 0:
            return Content(self.text[: -len(self.tail)])
        return Content(self.text)


class AnswerArea(Vertical):
    """One widget of each kind lives here for the whole interview; each question shows the one
    it needs, so a new question costs no mounting."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.ask: Ask | None = None
        self._na_pending = False  # the one-line input is open: a reason for n/a, or words
        self._words = False  # ... and it takes a clarifying answer in words
        self._ticked: set[str] = set()
        # (text, tail) shown again when the one-line input or the command field closes
        self._question_hint = ("", "")

    WIDGETS = ("answer-text", "answer-number", "answer-choice", "answer-multi", "na-reason")

    def compose(self) -> ComposeResult:
        yield Hint(id="answer-hint")
        yield AnswerText("", id="answer-text", soft_wrap=True, compact=True)

    def on_mount(self) -> None:
        self._show(None)

    def ensure_widgets(self) -> None:
        """The other answer widgets and the error line are not needed for the first frame: the
        screen builds them once it is up; a question or an error that needs one sooner builds
        them on the spot (see _show and show_error)."""
        if self.query("#answer-choice"):
            return
        from textual.widgets import OptionList  # not needed for the first paint

        widgets = [
            LimitedInput("", placeholder="a number", id="answer-number", compact=True),
            OptionList(id="answer-choice", compact=True),
            OptionList(id="answer-multi", compact=True),
            ReasonInput(self._reason_key, placeholder=NA_PLACEHOLDER, id="na-reason", compact=True),
            CommandField(self._command_closed, id="answer-command"),
            Static("", id="answer-error"),
        ]
        for widget in widgets:
            widget.display = False
        self.mount_all(widgets)

    def _show(self, widget_id: str | None) -> None:
        if widget_id not in (None, "answer-text"):
            self.ensure_widgets()
        for widget in self.query(", ".join(f"#{wid}" for wid in self.WIDGETS)):
            if widget.display != (widget.id == widget_id):  # unchanged: no layout pass
                widget.display = widget.id == widget_id

    @property
    def current(self) -> Widget:
        """The widget that takes the answer to the current question."""
        kind = self.ask.step.kind if self.ask else None
        return self.query_one(
            {"text": "#answer-text", "number": "#answer-number", "multi": "#answer-multi"}.get(
                kind or "", "#answer-choice"
            )
        )

    def set_ask(self, ask: Ask | None, previous: str | None = None, keep: bool = False) -> None:
        """Show `ask`, with `previous` (an earlier answer) filled in. With `keep` (after a
        command that recorded nothing: /why, /help, a window command) the question that was
        shown keeps what was typed, ticked or highlighted, except a typed command, which has
        run."""
        again = keep and ask is not None and self.ask is not None
        again = again and ask.step.id == self.ask.step.id  # type: ignore[union-attr]
        self._close_command()
        self.ask = ask
        self._na_pending = self._words = False
        self.show_error(None)
        if ask is None:
            self._set_hint("")
            self._show(None)
            return
        step = ask.step
        if step.kind != "text":
            self.ensure_widgets()
        if step.kind == "text":
            area = self.query_one("#answer-text", AnswerText)
            kept = again and not area.text.lstrip().startswith("/")
            if area.text != (previous or "") and not kept:
                area.text = previous or ""
                area.move_cursor(area.document.end)
            self._set_hint("Enter sends · ctrl+j new line · /why /skip /back /pause /help")
            self._show("answer-text")
        elif step.kind == "number":
            field = self.query_one("#answer-number", Input)
            if not (again and not field.value.lstrip().startswith("/")):
                field.value = previous or ""
            bounds = []
            if step.min is not None:
                bounds.append(f"at least {step.min:g}")
            if step.max is not None:
                bounds.append(f"at most {step.max:g}")
            detail = f" ({', '.join(bounds)})" if bounds else ""
            self._set_hint(f"Type a number{detail}, then Enter")
            self._show("answer-number")
        elif step.kind == "multi":
            from textual.widgets.option_list import Option

            selection = self._list("answer-multi")
            if not again:
                self._ticked = {v for v in (previous or "").split(",") if v}
            self._set_options(
                selection,
                [Option(self._tick_label(i, o), id=o.value) for i, o in enumerate(step.options)],
            )
            if not again:
                selection.highlighted = 0
            self._set_hint("Space or a number ticks [x] · Enter sends the ticked ones")
            self._show("answer-multi")
        else:
            from textual.widgets.option_list import Option

            choice = self._list("answer-choice")
            if step.kind == "indicator":
                options = [
                    Option(literal(f"{INDICATOR_HINTS[o.value]}  {o.label}"), id=o.value)
                    for o in step.options
                ]
                if clarifying(step):  # no n/a: words instead
                    options.append(Option(literal(f"{WORDS_KEY}  In my own words…"), id=WORDS))
                    self._set_hint("Press a key, or w to say it in your own words")
                else:
                    self._set_hint("y yes · m mostly · p partly · n no · d don't know · a n/a")
            else:
                options = [
                    Option(literal(f"{i}. {o.label}"), id=o.value)
                    for i, o in enumerate(step.options, 1)
                ]
                if not options and step.kind == "scale":
                    lo, hi = int(step.min or 1), int(step.max or 5)
                    options = [Option(literal(str(n)), id=str(n)) for n in range(lo, hi + 1)]
                self._set_hint("Press a number, or move with ↑↓ and press Enter")
            self._set_options(choice, options)
            ids = [o.id for o in options]
            if again:
                pass  # the highlight stays where it was
            elif previous in ids:
                choice.highlighted = ids.index(previous)
            else:  # an indicator has no default: Enter alone must not answer "yes" for them
                choice.highlighted = None if step.kind == "indicator" else 0
            self._show("answer-choice")
        if self.app.focused is not self.current:
            self.current.focus()

    def _set_hint(self, text: str) -> None:
        """The question's hint; on a list of options it says how to type a command."""
        listed = self.ask is not None and self.ask.step.kind in LIST_KINDS
        self._question_hint = (text, COMMAND_HINT if listed else "")
        self._show_hint()

    def _show_hint(self) -> None:
        """The hint for what has the keys: the one-line input, or the question."""
        hint = self.query_one("#answer-hint", Hint)
        if not self._na_pending:
            hint.update(*self._question_hint)
        else:
            hint.update(WORDS_HINT if self._words else NA_HINT, LINE_COMMAND_HINT)

    def _list(self, widget_id: str) -> OptionList:
        from textual.widgets import OptionList  # imported once the lists are built

        return self.query_one(f"#{widget_id}", OptionList)

    def _set_options(self, widget: OptionList, options: list[Option]) -> None:
        """Replace a list's options unless they are the ones shown: rebuilding the list lays
        out the whole screen again, and consecutive indicator questions share their options."""
        shown = [(o.id, str(o.prompt)) for o in widget.options]
        if shown != [(o.id, str(o.prompt)) for o in options]:
            widget.clear_options()
            widget.add_options(options)

    def select_answer(self) -> None:
        """Select what was typed (a rejected answer), so typing replaces it; words that gave
        no clarifying answer are kept as its reason, and the answers are offered again."""
        if self.ask is None:
            return
        if self._words:
            self._close_line()
            return
        widget = self.current
        if isinstance(widget, (Input, TextArea)):
            widget.select_all()

    def on_answer_refused(self, message: AnswerRefused) -> None:
        message.stop()
        self.show_error(message.reason)

    def show_error(self, message: str | None) -> None:
        if not message and not self.query("#answer-error"):
            return
        self.ensure_widgets()
        error = self.query_one("#answer-error", Static)
        if not message and not error.display:
            return  # nothing to clear: skip the layout pass
        error.update(literal(f"✗ {message}") if message else "")
        error.display = bool(message)

    # -- typing a command where keys answer ---------------------------------------------------

    def _command(self) -> CommandField | None:
        found = self.query("#answer-command")
        return found.first(CommandField) if found else None

    def _open_command(self, origin: Widget) -> None:
        field = self._command()
        if field is None:
            return
        self.show_error(None)
        self.query_one("#answer-hint", Hint).update(command_field.HINT)
        self.add_class("-command")
        field.open(origin)

    def _close_command(self) -> None:
        field = self._command()
        if field is not None:
            field.close()

    def _command_closed(self) -> None:
        self.remove_class("-command")
        self._show_hint()

    def _to_open_command(self, event: events.Key) -> bool:
        """A key typed before the open command field had the focus (keys come in bursts from
        a fast typist, a browser or tmux) is the command's, never an answer."""
        field = self._command()
        if field is None or not field.is_open:
            return False
        if event.is_printable and event.character:
            field.insert_text_at_cursor(event.character)
            return True
        return False  # Enter, Backspace, Esc: the bindings of the field, which has the focus

    def _reason_key(self, event: events.Key) -> bool:
        """Keys in the one-line input: a `/` typed first opens the command field."""
        if self._to_open_command(event):
            return True
        line = self.query_one("#na-reason", Input)
        if event.character == "/" and not line.value:
            self._open_command(line)
            return True
        return False

    # -- choosing with single keys ------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        field = self._command()
        if field is not None and field.is_open:
            if self._to_open_command(event):
                event.stop()
                event.prevent_default()
            return
        if self.ask is not None and self._na_pending:
            if event.key == "escape":
                event.stop()
                self._close_line()
            elif event.is_printable and event.character:  # typed before the line had the focus
                event.stop()
                event.prevent_default()
                if not self._reason_key(event):
                    self.query_one("#na-reason", Input).insert_text_at_cursor(event.character)
            return
        if self.ask is None:
            return
        step = self.ask.step
        if step.kind in LIST_KINDS and event.character == "/":
            event.stop()
            event.prevent_default()
            self._open_command(self.current)
            return
        if clarifying(step) and event.key in (*KEYS, WORDS_KEY):
            event.stop()
            self._clarify(KEYS.get(event.key, WORDS))
        elif step.kind == "indicator" and event.key in INDICATOR_KEYS:
            event.stop()
            self._indicator(INDICATOR_KEYS[event.key])
        elif step.kind in ("choice", "scale") and event.key.isdecimal():
            number = int(event.key)
            options = self._list("answer-choice")
            if 1 <= number <= options.option_count:
                event.stop()
                self.post_message(Submitted(options.get_option_at_index(number - 1).id or ""))
        elif step.kind == "multi" and (event.key.isdecimal() or event.key == "space"):
            selection = self._list("answer-multi")
            index = int(event.key) - 1 if event.key.isdecimal() else selection.highlighted
            if index is not None and 0 <= index < selection.option_count:
                event.stop()
                self._toggle(index)

    def _tick_label(self, index: int, option: Choice) -> Content:
        """Ticked or not is said with [x] / [ ], never by colour alone."""
        mark = "[x]" if option.value in self._ticked else "[ ]"
        return literal(f"{mark} {index + 1}. {option.label}")

    def _toggle(self, index: int) -> None:
        assert self.ask is not None
        option = self.ask.step.options[index]
        self._ticked ^= {option.value}
        selection = self._list("answer-multi")
        selection.replace_option_prompt_at_index(index, self._tick_label(index, option))

    def _send_ticked(self) -> None:
        assert self.ask is not None
        order = [o.value for o in self.ask.step.options]
        self.post_message(Submitted(",".join(v for v in order if v in self._ticked)))

    def _indicator(self, value: str) -> None:
        if value != "na":
            self.post_message(Submitted(value))
            return
        self._open_line(NA_PLACEHOLDER)

    def _clarify(self, value: str) -> None:
        if value != WORDS:
            self.post_message(Submitted(value))
            return
        self._open_line(WORDS_PLACEHOLDER, words=True)

    def _open_line(self, placeholder: str, words: bool = False) -> None:
        """The one-line input under the answers: a reason for n/a, or a clarifying answer."""
        self._na_pending, self._words = True, words
        line = self.query_one("#na-reason", Input)
        line.placeholder = placeholder
        line.value = ""
        line.display = True
        self.screen.set_focus(line)  # at once: its next key must not reach the list
        self._show_hint()

    def _close_line(self) -> None:
        """Esc in the one-line input: back to the options, nothing recorded."""
        self._na_pending = self._words = False
        self.query_one("#na-reason", Input).display = False
        self.screen.set_focus(self.current)
        self._show_hint()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = event.option.id or ""
        if self.ask is not None and clarifying(self.ask.step):
            self._clarify(value)
        elif self.ask is not None and self.ask.step.kind == "indicator":
            self._indicator(value)
        elif self.ask is not None and self.ask.step.kind == "multi":
            if not self._ticked:  # Enter on an option with nothing ticked: that option
                self._ticked = {value}
            self._send_ticked()
        else:
            self.post_message(Submitted(value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "na-reason" and self._words:
            self.post_message(Submitted(event.value))
            return
        if event.input.id == "na-reason":
            reason = event.value.strip()
            self.post_message(Submitted(f"na: {reason}" if reason else "na"))
            return
        self.post_message(Submitted(event.value))
