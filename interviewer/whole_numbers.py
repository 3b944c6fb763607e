"""Whole numbers read from what someone typed: an option's number, a rating, a level, a count.

`int()` on a string of more than 4,300 digits raises ValueError, and on one of a few thousand it
takes time for nothing: no option number, rating or level has more than a few digits. So user
text meets `int()` only here, after the digits are counted.
"""

from __future__ import annotations

MAX_DIGITS = 18  # past any count a person means, well short of int()'s limit


def whole_number(text: str, max_digits: int = MAX_DIGITS) -> int | None:
    """The whole number `text` spells in decimal digits (spaces around it allowed), or None:
    not one, or more than `max_digits` digits once leading zeros are dropped."""
    digits = text.strip()
    if not digits.isdecimal():
        return None
    significant = digits.lstrip("0")  # int() counts leading zeros against its limit too
    return int(significant or "0") if len(significant) <= max_digits else None
