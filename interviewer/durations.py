"""Ages and periods as people write them on the command line and in scripts: 180d, 26w, 6m.

One reading for `purge --older-than` and a notice's `retention:`, so the two can never disagree
on what "6m" means (six months of 30 days). Headless, and below every layer that reads them.
"""

from __future__ import annotations

import re

from interviewer.whole_numbers import whole_number

DAY = 86400.0
_AGE_RE = re.compile(r"(\d+)\s*([dwm])")
_DAYS_IN = {"d": 1, "w": 7, "m": 30}
EXAMPLE = "180d (days), 26w (weeks) or 6m (months of 30 days)"


def period_days(text: str) -> int | None:
    """Whole days in `text` (180d, 26w, 6m; any case, a space allowed), or None if it is not
    a period or is zero."""
    match = _AGE_RE.fullmatch(text.strip().lower())
    count = whole_number(match.group(1)) if match else None
    if match is None or not count:
        return None
    return count * _DAYS_IN[match.group(2)]


def days_phrase(days: int) -> str:
    """How a period is said back: "180 days", "1 day"."""
    return f"{days} day{'s' if days != 1 else ''}"
