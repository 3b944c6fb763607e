"""Amounts as people type them (money, units, `k`/`m`/`bn`, ranges, number words): read
without knowing the question, so apart from answers, which fits them to the question asked."""

from __future__ import annotations

import re
from typing import NamedTuple

CURRENCY_SYMBOLS: dict[str, str | None] = {"£": "GBP", "$": "USD", "€": "EUR", "¥": None}
CURRENCY_CODES = frozenset(
    "AUD BRL CAD CHF CNY CZK DKK EUR GBP HKD HUF INR JPY KRW MXN NOK NZD PLN SEK SGD TRY "  # noqa: SIM905
    "USD ZAR".split()
)
MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_CODE = r"[a-z]{3}"
_LEADING_MONEY = re.compile(rf"^(?:us\$|[£$€¥]|(?P<code>{_CODE})(?=[\s\d.+-]))\s*", re.I)
_TRAILING_MONEY = re.compile(rf"(?<=[\d\sa-z.])\s*(?:[£$€¥]|(?P<code>{_CODE}))$", re.I)
_TRAILING_UNIT = re.compile(
    r"(?<=[\d.])\s*(?P<unit>%|per\s*cent|percent|years?|yrs?|y|months?|mos?|mths?)$", re.I
)
_TRAILING_MULTIPLIER = re.compile(
    r"(?<=[\d.])\s*(?P<mult>" + "|".join(sorted(MULTIPLIERS, key=len, reverse=True)) + r")$",
    re.I,
)
# `\d+(?:\.\d*)?` rather than `\d+\.?\d*`: the same numbers, without trying every split of a
# long run of digits between the two when the match fails
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.I)


TAIL = 32  # characters: longer than any match of a trailing pattern once spaces are single


def at_end(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """A `...$` pattern's match, looked for in the last characters only: the same match (what
    comes before is still seen by a lookbehind), without trying every position of a long text."""
    return pattern.search(text, max(0, len(text) - TAIL))


class Amount(NamedTuple):
    """A number as typed, with what came with it."""

    value: float
    unit: str | None = None  # "%", "years" or "months"
    money: bool = False  # a currency symbol or code came with it
    currency: str | None = None  # the ISO code, when that is unambiguous (¥ is not)


def _money(match: re.Match[str]) -> str | None:
    code = match.group("code")
    if code is not None:
        return code.upper()
    token = match.group(0).strip().lower()
    return "USD" if token == "us$" else CURRENCY_SYMBOLS[token]


def read_amount(text: str) -> Amount | None:
    """A number with the units people type: `30%`, `3 years`, `18 months`, `£1.2m`, `$250k`,
    `EUR 900,000`, `1.2m €`, `2bn`; None when it isn't a number. A leading or trailing
    three-letter word counts as a currency only when it is a known ISO code."""
    # one space between words: the trailing patterns below then try each position in constant
    # time, where a long run of spaces made them quadratic in the text's length
    s = " ".join(text.split())
    money, currency = False, None
    lead = _LEADING_MONEY.match(s)
    if lead and (lead.group("code") is None or lead.group("code").upper() in CURRENCY_CODES):
        money, currency, s = True, _money(lead), s[lead.end() :]
    trail = at_end(_TRAILING_MONEY, s)
    if (
        not money
        and trail
        and (trail.group("code") is None or trail.group("code").upper() in CURRENCY_CODES)
    ):
        money, currency, s = True, _money(trail), s[: trail.start()]
    unit = None
    multiplier = 1.0
    found = at_end(_TRAILING_UNIT, s)
    if found:
        word = found.group("unit").lower()
        unit = "%" if word == "%" or "cent" in word else "months" if word[0] == "m" else "years"
        s = s[: found.start()]
    else:
        mult = at_end(_TRAILING_MULTIPLIER, s)
        if mult:
            multiplier = MULTIPLIERS[mult.group("mult").lower()]
            s = s[: mult.start()]
    core = re.sub(r"[\s,_]", "", s)
    if not _PLAIN_NUMBER.fullmatch(core) or (money and unit is not None):
        return None
    value = float(core) * multiplier
    if value != value or abs(value) == float("inf"):
        return None
    return Amount(value, unit, money, currency)


DASHES = "-–—"


class Range(NamedTuple):
    """`10-20`, `£1-2m`, `2 to 3 years`: both ends read with the same units."""

    low: Amount
    high: Amount

    @property
    def middle(self) -> Amount:
        mid = (self.low.value + self.high.value) / 2
        return self.high._replace(value=mid)


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches


def _separator_end(text: str, at: int) -> int | None:
    """Where a dash or the word "to" (any case) starting at `at` ends; None when none does."""
    if text[at] in DASHES:
        return at + 1
    if (
        text[at : at + 2].lower() == "to"
        and (at == 0 or not _word(text[at - 1]))
        and (at + 2 == len(text) or not _word(text[at + 2]))
    ):
        return at + 2
    return None


def range_ends(text: str) -> tuple[str, str] | None:
    r"""The two ends of a range as `^(.*?\d[^-–—]*?)\s*(?:-|–|—|\bto\b)\s*(.*\d.*)$` (any case)
    splits it, found in one pass: the pattern backtracks through every pair of a digit and a
    separator, quadratic in the text's length. The first end runs from the start to a digit on
    the first line, then on to the separator with no dash in between; the second, after the
    separator and its spaces, holds a digit and no line break; the earliest such digit wins,
    then the earliest separator."""
    if not any(dash in text for dash in DASHES) and "to" not in text.lower():
        return None  # no separator at all: no range
    size = len(text)
    end = size - 1 if text.endswith("\n") else size  # `$` matches before a last line break
    last_digit = next((i for i in range(end - 1, -1, -1) if text[i].isdecimal()), -1)
    last_break = text.rfind("\n", 0, end)
    first_break = text.find("\n")
    at, first_line = 0, size if first_break < 0 else first_break
    while at < first_line:
        if not text[at].isdecimal():
            at += 1
            continue
        digit = at  # a later digit before the next dash would only find the same separators
        at += 1
        while at < size:
            sep_end = _separator_end(text, at)
            if sep_end is not None:
                high = sep_end
                while high < size and text[high].isspace():
                    high += 1
                high = min(high, end)
                if last_digit >= high and last_break < high:
                    low = at
                    while low > digit + 1 and text[low - 1].isspace():
                        low -= 1
                    return text[:low], text[high:end]
            at += 1
            if text[at - 1] in DASHES:
                break
    return None


def _units_after(text: str) -> str:
    """What follows the last digit of `text`: the units written after a number."""
    at = len(text)
    while at > 0 and not text[at - 1].isdecimal():
        at -= 1
    return text[at:] if at > 0 else ""


def read_range(text: str) -> Range | None:
    """Two amounts joined by a dash or "to"; the units written after the second end apply to
    the first too (`10-20%` is 10% to 20%, `£1-2m` is £1m to £2m)."""
    ends = range_ends(text.strip())
    if ends is None:
        return None
    low_text, high_text = ends[0].strip(), ends[1]
    high = read_amount(high_text)
    if high is None or not low_text:
        return None
    low = read_amount(low_text)
    rest = _units_after(high_text)
    if rest.strip() and low_text[-1].isdigit():
        low = read_amount(low_text + rest) or low
    if low is None:
        return None
    currency = low.currency or high.currency
    money = low.money or high.money
    low = low._replace(money=money, currency=currency)
    high = high._replace(money=money, currency=currency)
    if low.unit != high.unit:
        return None
    return Range(low, high)


_SMALL_NUMBERS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = re.compile(
    r"\b(?:(?P<half>half\s+a\s+dozen)|(?:a|one)\s+(?P<big>dozen|hundred)"
    rf"|(?P<tens>{'|'.join(_TENS)})(?:[\s-]+(?P<ones>{'|'.join(_SMALL_NUMBERS[1:10])}))?"
    rf"|(?P<small>{'|'.join(['zero', *_SMALL_NUMBERS[2:]])}))\b",
    re.I,
)


def spell_numbers(text: str) -> str:
    """Small number words written as digits, for reading amounts out of free text: "six"
    6, "twenty five" 25, "a dozen" 12, "half a dozen" 6, "a hundred" 100. "One" alone stays a
    word, as in "no one knows" or "one of the teams"."""

    def digits(found: re.Match[str]) -> str:
        if found.group("half"):
            return "6"
        if found.group("big"):
            return "12" if found.group("big").lower() == "dozen" else "100"
        if found.group("tens"):
            ones = found.group("ones")
            tens = 20 + 10 * _TENS.index(found.group("tens").lower())
            return str(tens + (_SMALL_NUMBERS.index(ones.lower()) if ones else 0))
        return str(_SMALL_NUMBERS.index(found.group("small").lower()))

    return _NUMBER_WORDS.sub(digits, text)
