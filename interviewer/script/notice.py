"""Reading `notice:`, what the interviewee is told and accepts before the first question.

```yaml
notice:
  title: About this interview      # optional
  text: |                          # Markdown: who runs it, who sees what, how long it is kept
    ...
  source: added                    # guide | added: the guide has no notice, so ours is added
```

A script without `notice:` asks nothing before the first question, as before.
"""

from __future__ import annotations

import hashlib

from interviewer.script.fields import Fields, Raw
from interviewer.script.line_data import line_of
from interviewer.script.model import Notice

DEFAULT_TITLE = "About this interview"
KEYS = ("title", "text", "source")
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
    return Notice(title, text, notice_sha256(title, text), source, at)
