"""The plain line mode: a readable conversation for people, screen readers, ssh and pipes."""

from __future__ import annotations

import os
import re
import textwrap
from functools import partial
from typing import IO

from interviewer.frontends.jsonl import pause_quietly
from interviewer.frontends.lines import Line, read_line
from interviewer.markdown_blocks import markdown_blocks
from interviewer.scoring import Scorecard
from interviewer.scoring.dimension import SCORECARD_HEADER
from interviewer.scoring.recommend import NextAction
from interviewer.session.conversation import CLARIFY_KEYS as KEYS
from interviewer.session.errors import EngineError
from interviewer.session.runner import Out, SessionRunner, saving
from interviewer.store import StoreError
from interviewer.textsafe import strip_control

ECHO_HEAD = 60  # characters of a piped answer over the limit shown back
INDICATOR_HINT = "Answer yes, mostly, partly, no, unknown or na (optionally 'na: reason')."
CLARIFY_HINT = "(a letter, optionally with a reason: 'n: only the pilot'; or a sentence)"


_EMPHASIS = re.compile(r"(?<!\\)(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)")
# what escapes an answer quoted in a question (engine.quoting): a backslash before punctuation,
# and the two entities
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])|&lt;|&amp;")


def plain_markdown(text: str) -> str:
    """Script text is Markdown; a plain terminal shows it without the emphasis markers, and
    what was escaped to be shown as typed (a quoted answer's `\\*`, `&lt;`) as typed."""
    return _ESCAPED.sub(_unescape, _EMPHASIS.sub("", text))


def _unescape(found: re.Match[str]) -> str:
    return found.group(1) or {"&lt;": "<", "&amp;": "&"}[found.group(0)]


def _wrap(text: str, indent: str = "") -> str:
    """Paragraphs filled to 88 columns, list items with a hanging indent."""
    out: list[str] = []
    previous = None
    for block in markdown_blocks(plain_markdown(strip_control(text))):
        if previous is not None and "paragraph" in (previous, block.kind):
            out.append("")
        if block.kind == "item":
            out.append(
                textwrap.fill(
                    block.text, 88, initial_indent=f"{indent}- ", subsequent_indent=f"{indent}  "
                )
            )
        else:
            out.append(
                textwrap.fill(block.text, 88, initial_indent=indent, subsequent_indent=indent)
            )
        previous = block.kind
    return "\n".join(out)


def format_summary(card: Scorecard, actions: tuple[NextAction, ...] = ()) -> str:
    rows = [SCORECARD_HEADER]
    rows += [d.scorecard_cells() for d in card.dimensions.values() if d.covered]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["", "Maturity summary", ""]
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    o = card.overall
    lines.append("")
    lines.append(
        f"Overall: {o.score:.1f} (range {o.score_range[0]:.1f}-{o.score_range[1]:.1f}), "
        f"coverage {o.coverage:.0%} of the weighted dimensions"
    )
    for d in card.dimensions.values():
        for f in d.flags:
            lines.append(f"  ! {d.name}: {f.message}")
    for p in card.pains:
        if p.severity:
            lines.append(f"  Pain ({p.severity}/9): {p.text}")
    if actions:
        lines += ["", "Next actions, most important first"]
        for n, a in enumerate(actions[:5], 1):
            lines.append(f"  {n}. {strip_control(a.title)}")
            lines.append(f"     {strip_control(a.owner)} · effort {a.effort} · {a.phase_label}")
        if len(actions) > 5:
            lines.append(f"  … and {len(actions) - 5} more in the exported report.")
    return "\n".join(lines)


def render(out: Out, session_id: str) -> str:
    if out.kind == "session":
        verb = "Resuming" if out.resumed else "Starting"
        return f"{verb} session {session_id}. Type /help for commands.\n"
    if out.kind == "segment":
        title = strip_control(out.text)
        return f"\n── {title} " + "─" * max(3, 60 - len(title)) + "\n"
    if out.kind == "notice" and out.notice is not None:
        title = strip_control(out.notice.title)
        rule = f"── {title} " + "─" * max(3, 60 - len(title))
        return f"\n{rule}\n{_wrap(out.text)}\n{'─' * len(rule)}\n\n"
    if out.kind in ("say", "presence"):
        return _wrap(out.text) + "\n"
    if out.kind == "info":
        return _wrap(out.text, "  ") + "\n"
    if out.kind == "invalid":
        return _wrap(f"! {out.text}", "  ") + "\n"
    if out.kind == "ask" and out.ask is not None:
        step = out.ask.step
        lines = [_wrap(out.ask.text)]
        if step.kind in ("choice", "multi", "scale") and step.options:
            for i, opt in enumerate(step.options, 1):  # a rating's numbers are its values
                lines.append(
                    _wrap(f"{opt.value if step.kind == 'scale' else i}) {opt.label}", "   ")
                )
            if step.kind == "multi":
                lines.append("   (pick one or more, separated by commas)")
        elif step.kind == "scale":
            lines.append(f"   (a whole number from {step.min or 1:g} to {step.max or 5:g})")
        elif step.purpose == "contradiction" and step.kind == "indicator":
            keys = {value: key for key, value in KEYS.items()}
            for opt in step.options:
                lines.append(_wrap(f"{keys.get(opt.value, '?')}) {opt.label}", "   "))
            lines.append("   " + CLARIFY_HINT)
        elif step.kind == "indicator":
            lines.append("   " + INDICATOR_HINT)
        elif step.kind == "number":
            bounds = [
                f">= {step.min:g}" if step.min is not None else "",
                f"<= {step.max:g}" if step.max is not None else "",
            ]
            hint = ", ".join(b for b in bounds if b)
            lines.append(f"   (a number{': ' + hint if hint else ''})")
        if out.ask.previous is not None:
            lines.append(f"   (your earlier answer: {strip_control(str(out.ask.previous))})")
        return "\n".join(lines) + "\n"
    if out.kind == "summary" and out.card is not None:
        return format_summary(out.card, out.actions) + "\n"
    if out.kind in ("paused", "declined"):
        return ""
    if out.kind == "done":
        return f"\nSession {session_id} is complete.\n"
    return ""


def run_plain(
    runner: SessionRunner, stdin: IO[str], stdout: IO[str], my_copy: str | None = None
) -> int:
    """`my_copy`: a folder to save the interviewee's own copy in at the end; without it a
    terminal is asked where, and piped input is told how to get one."""
    echo = not stdin.isatty()  # piped answers: show them, so the output reads as a conversation

    def emit(outs: list[Out]) -> None:
        for out in outs:
            text = render(out, runner.session_id)
            if text:
                stdout.write(text)
                if out.kind == "ask":
                    stdout.write("> ")
        stdout.flush()

    try:
        emit(saving(runner, runner.opening))
        while not runner.finished:
            try:
                line = read_line(stdin)
            except KeyboardInterrupt:
                line = None
            if line is None:
                stdout.write("\n")
                emit(saving(runner, runner.pause))
                break
            if echo:
                stdout.write(_echoed(line) + "\n")
            stdout.write("\n")
            if line.too_long:
                emit(runner.refuse_long(line.size))
                continue
            emit(saving(runner, partial(runner.handle, line.text)))
        if runner.interview.status == "completed" and not runner.declined:
            offer_my_copy(runner, stdin, stdout, my_copy)
    except BrokenPipeError:  # the reader is gone: keep the session resumable, then end quietly
        pause_quietly(runner)
        raise
    # anything else (the store failing: disk full, the transcript unwritable) goes on to the
    # command line, which says it in one line and exits non-zero
    return 0


def _echoed(line: Line) -> str:
    """A piped answer shown back; one over the limit by its start and its size."""
    if line.too_long:
        return f"{strip_control(line.text[:ECHO_HEAD])}… ({line.size:,} characters)"
    return strip_control(line.text)


def offer_my_copy(
    runner: SessionRunner, stdin: IO[str], stdout: IO[str], folder: str | None
) -> None:
    """The interviewee's own copy (their answers and profile, never a facilitator's note): into
    `folder` when given; a terminal is asked where; piped input, which has no one to ask,
    hears the command that saves it."""
    sid = runner.session_id
    if folder is None and not stdin.isatty():
        stdout.write(
            f"To keep your own copy of this conversation and profile: "
            f"interviewer resume {sid} --plain --my-copy FOLDER\n"
        )
        return
    if folder is None:
        stdout.write(
            "\nSave your own copy of this conversation and your profile (Markdown, without\n"
            f"any facilitator's notes)? Type a folder, Enter for {os.getcwd()}, or no: "
        )
        stdout.flush()
        try:
            line = read_line(stdin)
        except KeyboardInterrupt:  # the interview is complete: leaving here loses nothing
            line = None
        if line is not None and line.too_long:
            stdout.write(
                f"! That is {line.size:,} characters, too long for a folder name; your copy "
                "was not saved.\n"
            )
            return
        answer = line.text.strip() if line else "no"  # ctrl+d, like ctrl+c, saves nothing
        if answer.lower() in ("n", "no"):
            stdout.write("\n")
            return
        folder = answer or os.getcwd()
    from interviewer.export.my_copy import save_my_copy  # the report code: only when needed

    try:
        path = save_my_copy(runner.store, sid, folder)
    except (StoreError, EngineError) as exc:
        stdout.write(_wrap(f"! Your copy was not saved: {exc}") + "\n")
        return
    stdout.write(f"Your own copy is saved as {strip_control(str(path))}\n")  # unwrapped
