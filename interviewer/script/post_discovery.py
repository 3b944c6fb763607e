"""Reading `post_discovery:`, the guide's plan for the weeks after discovery (its
"Post-Discovery Action Framework"): a list of `{weeks, title, text}` in the order they happen.

`weeks` is a week ("1") or a span ("2-3"), counted from the report that closes discovery: week 1
starts on the report's date. The organisation report dates each step from it.
"""

from __future__ import annotations

import re

from interviewer.script.fields import Fields, Raw
from interviewer.script.line_data import item_lines, line_of
from interviewer.script.model import PostDiscoveryStep

WEEKS_RE = re.compile(r"^([1-9][0-9]?)(?:-([1-9][0-9]?))?$")
KEYS = ("weeks", "title", "text")


def load_post_discovery(f: Fields, doc: Raw) -> tuple[PostDiscoveryStep, ...]:
    """The steps, checked: each a mapping with weeks, title and text; weeks a week or a span
    that does not run backwards, and no step starting before the one above it."""
    raw = f.sequence(doc, "post_discovery")
    out: list[PostDiscoveryStep] = []
    for item, at in zip(raw, item_lines(raw), strict=True):
        at = at or line_of(doc, "post_discovery")
        if not isinstance(item, dict):
            f.problem(at, "a `post_discovery` step must be a mapping with weeks, title and text")
            continue
        for key in item:
            if key not in KEYS:
                f.problem(line_of(item, key), f"post_discovery: unknown field {str(key)[:40]!r}")
        weeks_raw = item.get("weeks")
        weeks = (
            str(weeks_raw)
            if isinstance(weeks_raw, (int, str)) and not isinstance(weeks_raw, bool)
            else ""
        )
        m = WEEKS_RE.fullmatch(weeks.replace(" ", ""))
        if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            f.problem(
                line_of(item, "weeks") or at,
                f"post_discovery: weeks {str(weeks_raw)[:20]!r} must be a week (1) or a span "
                "of weeks (2-3) counted from the report",
            )
            continue
        step = PostDiscoveryStep(
            weeks.replace(" ", ""), f.text(item, "title"), f.text(item, "text"), at
        )
        if not step.title or not step.text:
            continue  # the missing field is reported by f.text
        if out and step.first_week < out[-1].first_week:
            f.problem(
                at,
                f"post_discovery: {step.title!r} starts in week {step.first_week}, before "
                f"{out[-1].title!r} above it (week {out[-1].first_week}): list them in order",
            )
        out.append(step)
    return tuple(out)
