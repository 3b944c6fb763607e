"""Untrusted text (answers, notes, script strings) must reach a terminal as text only."""

from __future__ import annotations

import re
from typing import Any

# CSI / OSC / other escape sequences, then any remaining C0/C1 control character but \n and \t
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"  # two-character escapes, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """Remove terminal control sequences, keeping newlines and tabs."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


def visible_control(text: str) -> str:
    """Show control characters as their Unicode pictures (ESC as ␛), so an escape sequence
    typed or pasted into an answer is displayed as typed and never acted on by the terminal."""
    out = []
    for ch in text.replace("\r\n", "\n"):
        code = ord(ch)
        if ch in "\n\t":
            out.append(ch)
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code <= 0x9F:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str) -> str:
    """Untrusted text for a single line (a message, an HTML title): control sequences removed,
    every run of whitespace, newlines included, made one space."""
    return " ".join(strip_control(str(text)).split())


def clean_json(value: Any) -> Any:
    """A JSON document with every string (keys too) passed through `strip_control`: what an
    export says is the same text in every format, and no control character reaches a reader."""
    if isinstance(value, str):
        return strip_control(value) if _NEEDS_STRIP.search(value) else value
    if isinstance(value, dict):
        return {clean_json(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v) for v in value]
    return value


_NEEDS_STRIP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile(r"[\x80-\x9f]")


def escape_c1(json_text: str) -> str:
    """JSON text with C1 controls (U+0080-U+009F) written as \\u escapes, as json.dumps
    already writes C0 ones: the same document, with no raw control character in it."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def user_message(exc: BaseException) -> str:
    """One line saying what went wrong, for `interviewer: ...` and the JSON-lines error
    object: an OSError as its reason and file, a script's problems as the first one and how
    many more, anything else as its message; control sequences removed, newlines flattened."""
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return one_line(f"{exc.strerror or exc}{where}")
    problems = getattr(exc, "problems", None)
    if isinstance(problems, list) and problems and hasattr(problems[0], "format"):
        path = str(getattr(exc, "path", ""))
        first = min(problems, key=lambda p: (getattr(p, "line", 0), str(p)))
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return one_line(f"the script has problems: {first.format(path)}{more}")
    return one_line(str(exc)) or type(exc).__name__
