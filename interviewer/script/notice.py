"""Reading `notice:`, what the interviewee is told and accepts before the first question.

```yaml
notice:
  title: About this interview      # optional
  text: |                          # Markdown: who runs it, who sees what, how long it is kept
    ...
  source: added                    # guide | added: the guide has no notice, so ours is added
  retention: 180d                  # how long a session is kept after its last activity
```

A script without `notice:` asks nothing before the first question, as before. `retention:`
(180d, 26w, 6m) is recorded with each consent, so a later edit never changes what an
interviewee agreed to. Without it, a notice keeps sessions for the one number of days its text
names, else 180 days. A notice whose text names a number of days other than its `retention:`
fails validation: it would promise what is not done.
"""

from __future__ import annotations

import hashlib
import re

from interviewer.durations import EXAMPLE, days_phrase, period_days
from interviewer.script.fields import Fields, Raw
from interviewer.script.line_data import line_of
from interviewer.script.model import Notice

DEFAULT_TITLE = "About this interview"
DEFAULT_RETENTION_DAYS = 180
MAX_RETENTION_DAYS = 3650  # ten years: a longer promise is a typo, not a policy
KEYS = ("title", "text", "source", "retention")
_DAYS_SAID = re.compile(r"\b(\d{1,6})\s*(?:-\s*)?days?\b", re.IGNORECASE)
SOURCES = ("guide", "added")


def notice_sha256(title: str, text: str) -> str:
    """The notice as shown (title, then text), hashed: what a consent record names."""
    return hashlib.sha256(f"{title}\n\n{text}".encode("utf-8", "surrogatepass")).hexdigest()


def load_notice(f: Fields, doc: Raw) -> Notice | None:
    if doc.get("notice") is None:
        return None
    raw = f.mapping(doc, "notice", required=False)
    at = line_of(doc, "notice")
    for key in raw:
        if key not in KEYS:
            f.problem(line_of(raw, key), f"notice: unknown field {str(key)[:40]!r}")
    title = f.text(raw, "title", required=False) or DEFAULT_TITLE
    text = f.text(raw, "text")
    source = f.text(raw, "source", required=False) or "guide"
    if source not in SOURCES:
        f.problem(line_of(raw, "source"), f"notice: source must be guide or added, not {source!r}")
    if not text:
        if "text" in raw:
            f.problem(
                line_of(raw, "text"), "notice: `text` must say what the interviewee agrees to"
            )
        return None
    said_days = {int(m.group(1)) for m in _DAYS_SAID.finditer(text)}
    if "retention" not in raw and len(said_days) == 1:
        return Notice(title, text, notice_sha256(title, text), source, at, said_days.pop())
    days = _retention(f, raw)
    for said in said_days - {days}:
        f.problem(
            line_of(raw, "text"),
            f"notice: the text says {days_phrase(said)} but `retention:` keeps sessions "
            f"{days_phrase(days)}; make them agree",
        )
    return Notice(title, text, notice_sha256(title, text), source, at, days)


def _retention(f: Fields, raw: Raw) -> int:
    if "retention" not in raw:
        return DEFAULT_RETENTION_DAYS
    value = raw["retention"]
    days: int | None = None
    if isinstance(value, str):
        days = period_days(value)
    elif isinstance(value, int) and not isinstance(value, bool) and value > 0:
        days = value  # a bare number is days
    if days is None or days > MAX_RETENTION_DAYS:
        f.problem(
            line_of(raw, "retention"),
            f"notice: retention must be a period of at most {MAX_RETENTION_DAYS} days, like "
            f"{EXAMPLE}; not {str(value)[:40]!r}",
        )
        return DEFAULT_RETENTION_DAYS
    return days
