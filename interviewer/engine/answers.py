"""Turning what someone typed into an answer value, or a reason to ask again."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from interviewer.answer_words import is_non_answer, plain_words
from interviewer.script.model import INDICATOR_SHOWN, Step
from interviewer.whole_numbers import whole_number

# The one limit on an answer's length, in characters, for every front end: checked before any
# parsing, so a pasted megabyte is refused at once.
MAX_ANSWER = 10_000
NON_ANSWER_FOLLOWUP = (
    "That's fine if you don't know. Is there anything you can tell me about it, even "
    "roughly, or someone who would know?"
)
INDICATOR_WORDS = {
    "yes": "yes",
    "y": "yes",
    "mostly": "mostly",
    "largely": "mostly",
    "most": "mostly",
    "m": "mostly",
    "partly": "partly",
    "partial": "partly",
    "partially": "partly",
    "some": "partly",
    "p": "partly",
    "no": "no",
    "n": "no",
    "unknown": "unknown",
    "don't know": "unknown",
    "dont know": "unknown",
    "dk": "unknown",
    "not sure": "unknown",
    "?": "unknown",
    "na": "na",
    "n/a": "na",
    "not applicable": "na",
}


class Parsed(NamedTuple):
    """An answer understood: the value to record, an optional note, and the currency an amount
    was given in (an ISO code such as GBP), if it named one."""

    value: Any
    note: str | None = None
    currency: str | None = None
    said: str | None = None  # what was read from the typing, said back (a range, a share)


class Rejected(NamedTuple):
    """An answer not understood: why, to re-ask with."""

    message: str


def too_long(size: int) -> str | None:
    """Why an answer `size` characters long is refused, or None when it is within the limit."""
    if size <= MAX_ANSWER:
        return None
    return (
        f"That answer is {size:,} characters long; an answer can be at most "
        f"{MAX_ANSWER:,} characters. Please shorten it: nothing was recorded."
    )


def _option_list(step: Step) -> str:
    return ", ".join(f"{i}={o.value}" for i, o in enumerate(step.options, 1))


def _match_option(step: Step, token: str) -> str | None:
    token = token.strip()
    number = whole_number(token)
    if number is not None and 1 <= number <= len(step.options):
        return step.options[number - 1].value
    low = token.lower()
    for opt in step.options:
        if low in (opt.value.lower(), opt.label.lower()):
            return opt.value
    return None


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


def _at_end(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
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
    trail = _at_end(_TRAILING_MONEY, s)
    if (
        not money
        and trail
        and (trail.group("code") is None or trail.group("code").upper() in CURRENCY_CODES)
    ):
        money, currency, s = True, _money(trail), s[: trail.start()]
    unit = None
    multiplier = 1.0
    found = _at_end(_TRAILING_UNIT, s)
    if found:
        word = found.group("unit").lower()
        unit = "%" if word == "%" or "cent" in word else "months" if word[0] == "m" else "years"
        s = s[: found.start()]
    else:
        mult = _at_end(_TRAILING_MULTIPLIER, s)
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


def _number(text: str) -> float | None:
    """A plain number, `k`/`m`/`bn` and currency allowed; units (`%`, years) are not."""
    amount = read_amount(text)
    return amount.value if amount is not None and amount.unit is None else None


def is_percentage(step: Step) -> bool:
    """A number step asking for a percentage: up to 100, or its text says per cent."""
    text = step.text.lower()
    return step.kind == "number" and (step.max == 100 or "percent" in text or "per cent" in text)


def asks_years(step: Step) -> bool:
    """A number step counting years: "years" in its id or its text (`horizon-years`)."""
    return step.kind == "number" and (
        "years" in step.id.split("-") or re.search(r"\byears\b", step.text.lower()) is not None
    )


def asks_money(step: Step) -> bool:
    """A number step asking for an amount of money (a cost, an investment, a benefit)."""
    return step.kind == "number" and (
        re.search(
            r"\b(cost|costs|spend|invest\w*|benefit|worth|revenue|savings?|budget)\b",
            step.text.lower(),
        )
        is not None
    )


def number_example(step: Step) -> str:
    """An example answer that fits the question, for every rejection of a number."""
    if is_percentage(step):
        return "for example 30 or 30%"
    if asks_years(step):
        return "for example 3, 3 years or 18 months"
    if asks_money(step):
        return "for example 250000, £250k or EUR 1.2m"
    low = int(step.min) if step.min is not None else 0
    return f"for example {max(low, 12) if step.max is None else int((low + step.max) // 2)}"


def _value_of(step: Step, amount: Amount) -> float | None:
    """The amount in the question's terms, or None when its unit doesn't fit the question."""
    if amount.unit == "%" and not is_percentage(step):
        return None
    if amount.unit in ("years", "months"):
        if not asks_years(step):
            return None
        return round(amount.value / 12, 2) if amount.unit == "months" else amount.value
    if amount.money and (is_percentage(step) or asks_years(step)):
        return None
    return amount.value


def _whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 6)


def _show(step: Step, number: float, currency: str | None = None) -> str:
    """A number as the question counts it: `15%`, `2.5 years`, `1,500,000 GBP`."""
    shown = f"{_whole(number):,}"
    if currency:
        return f"{shown} {currency}"
    if is_percentage(step):
        return f"{shown}%"
    return f"{shown} years" if asks_years(step) else shown


NOTHING = {
    "none",
    "none yet",
    "nothing",
    "nothing yet",
    "zero",
    "nil",
    "no",
    "not yet",
    "no models",
}
_LEADING_HEDGE = re.compile(
    r"^(?:about|around|roughly|approximately|approx\.?|circa|ca\.|c\.|some|nearly|almost|"
    r"maybe|perhaps|probably|just over|just under|over|under|more than|less than|fewer than|"
    r"at least|at most|up to|~|≈)\s*",
    re.I,
)
_TRAILING_HEDGE = re.compile(
    r"\s*(?:or so|-?ish|give or take|roughly|approximately|or more|or less|\+)$", re.I
)
_TRAILING_NOUNS = re.compile(
    r"(?<=\d)\s+(?!(?:days?|weeks?|hours?|minutes?|months?|years?|yrs?)\b)[a-z][a-z ]*$", re.I
)


def _unhedged(step: Step, text: str) -> str:
    """What is left of `about 12`, `roughly 30%`, `20 or so`, `a dozen` and, on a question that
    counts things, `12 models`: the number people mean, with the words around it dropped."""
    # one space between words: `\s*...$` then tries each position in constant time
    text = spell_numbers(" ".join(text.split()))
    for _ in range(2):
        text = _LEADING_HEDGE.sub("", text)
        hedge = _at_end(_TRAILING_HEDGE, text)
        text = text[: hedge.start()] if hedge else text
    if not (is_percentage(step) or asks_years(step) or asks_money(step)):
        text = _TRAILING_NOUNS.sub("", text)
    if plain_words(text) in NOTHING:
        return "0"
    return text.strip()


# how people say what an amount is per: "£600k a year", "2.4m per annum", "50k a month"
_PER_PERIOD = re.compile(
    r"(?:\b(?:a|per|each|every)\s+(?P<a>year|annum|yr|month)|\b(?P<adverb>annually|yearly|"
    r"monthly|p\.?a)\b\.?|/\s?(?P<slash>yr|year|annum|month|mo))(?!\w)",
    re.I,
)
# currency named in words: "2.4 million pounds", "300k euros"
_CURRENCY_WORDS = re.compile(
    r"\b(?:(?P<gbp>pounds?|quid)|(?P<eur>euros?)|(?P<usd>dollars?))\b", re.I
)


def asks_yearly(step: Step) -> bool:
    """A money question about an amount a year: "what annual benefit", "cost you a year"."""
    return (
        re.search(r"\b(?:annual|yearly|a year|each year|per year)\b", step.text.lower()) is not None
    )


def _per_period(step: Step, text: str) -> tuple[str, str | None] | Rejected:
    """On a money question, an amount given per year or per month ("£600k a year, across
    people and cloud"): the amount alone, and "month" when it was a month's. The words after
    the period are dropped unless they hold another number (then nothing is guessed)."""
    text = _CURRENCY_WORDS.sub(
        lambda m: "GBP" if m.group("gbp") else "EUR" if m.group("eur") else "USD", text
    )
    found = _PER_PERIOD.search(text)
    if found is None or any(c.isdigit() for c in text[found.end() :]):
        return text, None
    word = (found.group("a") or found.group("adverb") or found.group("slash")).lower()
    period = "month" if word.startswith("mo") else "year"
    if not asks_yearly(step):
        return _refused(step, f"This asks for a total, not an amount a {period}")
    return text[: found.start()].strip(" ,;"), period


def _refused(step: Step, reason: str) -> Rejected:
    """A number not taken: why, an example that fits the question, and the way past it."""
    return Rejected(f"{reason}, {number_example(step)}. Or type /skip to leave it out.")


def _parse_number(step: Step, text: str) -> Parsed | Rejected:
    if is_non_answer(text):  # "don't know": noted as typed, never read as a number
        return Parsed(text, note="non-answer")
    text = _unhedged(step, text)
    period = None
    if asks_money(step):
        per = _per_period(step, text)
        if isinstance(per, Rejected):
            return per
        text, period = per
    amount = read_amount(text)
    said = None
    if amount is None:
        spread = read_range(text)
        if spread is not None:
            amount = spread.middle
            low, high = (_value_of(step, end) for end in spread)
            if low is not None and high is not None:
                cur = spread.high.currency
                said = (
                    f"I've noted {_show(step, (low + high) / 2, cur)}, the middle of "
                    f"{_show(step, low, cur)} to {_show(step, high, cur)}."
                )
    number = None if amount is None else _value_of(step, amount)
    if number is None:
        return _refused(step, "Please answer with a number")
    if (
        is_percentage(step)
        and amount is not None
        and amount.unit is None
        and not amount.money
        and 0 < number < 1
    ):
        said = f"I've read {number:g} as a share: {_show(step, number * 100)}."
        number = number * 100
    if step.min is not None and number < step.min:
        return _refused(step, f"The number must be at least {step.min:g}")
    if step.max is not None and number > step.max:
        return _refused(step, f"The number must be at most {step.max:g}")
    currency = amount.currency if amount is not None else None
    if period == "month":
        yearly = _show(step, number * 12, currency)
        said = f"I've read {_show(step, number, currency)} a month as a year's {yearly}."
        number = number * 12
    return Parsed(_whole(number), currency=currency, said=said)


def parse_answer(step: Step, raw: str) -> Parsed | Rejected:
    """Validate `raw` against the step's kind and range (constraints are checked by the engine).
    An empty answer to an optional number is `Parsed(None)`: left out, as /skip leaves it."""
    refused = too_long(len(raw))
    if refused is not None:
        return Rejected(refused)
    text = raw.strip()
    if not text:
        if step.required:
            return Rejected("Please type an answer, or /skip to leave this one out.")
        return Parsed(None if step.kind == "number" else "")
    if step.kind == "text":
        return Parsed(text, note="non-answer" if is_non_answer(text) else None)
    if step.kind == "choice":
        value = _match_option(step, text)
        if value is None:
            return Rejected(
                f"Please pick one option by number or name, for example 1 ({_option_list(step)})."
            )
        return Parsed(value)
    if step.kind == "multi":
        chosen: list[str] = []
        for token in text.split(","):
            if not token.strip():
                continue
            value = _match_option(step, token)
            if value is None:
                return Rejected(
                    f"{token.strip()!r} is not one of the options; pick one or more, separated "
                    f"by commas, for example 1,3 ({_option_list(step)})."
                )
            if value not in chosen:
                chosen.append(value)
        if "none" in chosen and len(chosen) > 1:
            return Rejected("“None of these” can't be combined with other options.")
        return Parsed(chosen)
    if step.kind == "scale":
        lo, hi = int(step.min or 1), int(step.max or 5)
        rating = whole_number(text)
        if rating is None or not lo <= rating <= hi:
            return Rejected(
                f"Please answer with a whole number from {lo} to {hi}, "
                f"for example {(lo + hi) // 2}."
            )
        return Parsed(rating)
    if step.kind == "number":
        return _parse_number(step, text)
    if step.kind == "indicator":
        head, _, reason = text.partition(":")
        word = " ".join(head.lower().split())
        value = INDICATOR_WORDS.get(word)
        number = whole_number(word) if value is None else None
        if number is not None and 1 <= number <= len(step.options):
            value = step.options[number - 1].value
        if value is None:
            return Rejected(
                "Please answer yes, mostly, partly, no, unknown (don't know) or na: reason, "
                "for example “partly: only for new models”."
            )
        if value == "na" and not reason.strip():
            return Parsed(value, note=None)
        return Parsed(value, note=reason.strip() or None)
    return Rejected(f"Unsupported question kind {step.kind!r}.")


def display_answer(
    step: Step, value: Any, note: str | None = None, currency: str | None = None
) -> str:
    """An answer as a person reads it: option labels rather than values, skips said plainly,
    an amount with the currency it was given in."""
    if value is None:
        return "(skipped)"
    labels = {o.value: o.label for o in step.options}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value) or "(none)"
    if step.kind == "number" and isinstance(value, str):  # "don't know": shown as typed
        return value
    if step.kind == "indicator":
        text = INDICATOR_SHOWN.get(str(value), str(value))
        return f"{text}: {note}" if note else text
    if step.kind == "scale" and str(value) in labels:
        return f"{value} — {labels[str(value)]}"
    if step.kind == "choice":
        return labels.get(str(value), str(value))
    if step.kind == "number" and step.max == 100 and "percent" in step.text.lower():
        return f"{value}%"
    if step.kind == "number" and currency:
        return f"{value} {currency}"
    return str(value)


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
