"""Turning what someone typed into an answer value, or a reason to ask again: per kind of
question, and for a number what fits the question asked (reading the amount itself is
engine.amounts)."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from interviewer.answer_words import is_non_answer, plain_words
from interviewer.engine.amounts import Amount, at_end, read_amount, read_range, spell_numbers
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
        hedge = at_end(_TRAILING_HEDGE, text)
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
