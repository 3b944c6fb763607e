"""The interviewee's own copy: their conversation and maturity profile, as Markdown.

It is the session's report without the facilitators' notes (`gather(with_notes=False)` never
reads a notes file: no annotation, tag, override, or pain or quote a facilitator marked), under
a heading that says whose copy it is. Questions a facilitator pushed into the interview stay in
the transcript: the interviewee was asked them and answered. Written private (0600).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.markdown_text import inline
from interviewer.store import SessionStore, StoreError

SUFFIX = "-my-copy.md"


def my_copy_name(session_id: str) -> str:
    return f"{session_id}{SUFFIX}"


def my_copy_markdown(store: SessionStore, session_id: str, now: float | None = None) -> str:
    data = gather(store, session_id, with_notes=False)
    report = render_markdown(data)
    _heading, _, rest = report.partition("\n")  # the report's own title names a report
    saved = time.strftime("%Y-%m-%d %H:%M", time.localtime(now))
    head = [
        f"# Your copy: {inline(data.title)}",
        "",
        f"Your own copy of interview `{session_id}`, saved {saved}: what you were asked, what "
        "you answered and the maturity profile it gives. The facilitators' notes are not part "
        "of it.",
    ]
    return "\n".join(head) + "\n" + rest


def save_my_copy(
    store: SessionStore, session_id: str, folder: str | Path, now: float | None = None
) -> Path:
    """Write `<id>-my-copy.md` into `folder` (0600; an earlier copy there is replaced, a link
    in its place is refused) and return its path. StoreError says why it could not be."""
    where = Path(folder).expanduser()
    if not where.is_dir():
        problem = "is not a folder" if where.exists() else "does not exist"
        raise StoreError(f"cannot save your copy in {where}: it {problem}")
    text = my_copy_markdown(store, session_id, now)
    path = where / my_copy_name(session_id)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o600)
        try:
            os.fchmod(fd, 0o600)  # whatever the umask, and for a copy saved before too
            data = text.encode("utf-8")
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(f"cannot save your copy as {path}: {exc.strerror or exc}") from None
    return path
