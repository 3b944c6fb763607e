"""Answers with units, currencies and non-answers: what parses, what is remembered, what is
asked next."""

from __future__ import annotations

import pytest
from conftest import as_answer, ask_of, persona
from jsonl_driver import run_cli

from interviewer.engine.answers import NON_ANSWER_FOLLOWUP, Parsed, Rejected, parse_answer
from interviewer.engine.interview import Interview
from interviewer.engine.replies import NOT_KNOWN
from interviewer.records import Answer, event_from_json, to_json
from interviewer.script import Script, Step
from interviewer.store import SessionStore

EXAMPLES = {
    "investment": "for example 250000, £250k or EUR 1.2m",
    "models-in-production": "for example 12",
    "horizon-years": "for example 3, 3 years or 18 months",
    "business_value.outcome.value-share": "for example 30 or 30%",
}


def step(script: Script, track: str, step_id: str) -> Step:
    return script.tracks[track].index[step_id]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("30%", 30), ("30 %", 30), ("12.5%", 12.5), ("50 per cent", 50), ("30", 30)],
)
def test_a_percentage_question_takes_a_trailing_percent_sign(script, typed, value):
    share = step(script, "executive", "business_value.outcome.value-share")
    assert parse_answer(share, typed) == Parsed(value)
    rate = step(script, "executive", "discount-rate")  # max 50, "as a percentage" in its text
    assert parse_answer(rate, "8%") == Parsed(8)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("3 years", 3), ("3 yrs", 3), ("1 year", 1), ("3y", 3), ("18 months", 1.5), ("3", 3)],
)
def test_the_horizon_takes_years_and_months_as_years(script, typed, value):
    horizon = step(script, "executive", "horizon-years")
    assert parse_answer(horizon, typed) == Parsed(value)


@pytest.mark.parametrize(
    ("typed", "value", "currency"),
    [
        ("£1.2m", 1_200_000, "GBP"),
        ("$250k", 250_000, "USD"),
        ("EUR 900,000", 900_000, "EUR"),
        ("1.2m €", 1_200_000, "EUR"),
        ("chf 2bn", 2_000_000_000, "CHF"),
        ("US$ 5k", 5_000, "USD"),
        ("¥3m", 3_000_000, None),  # yen or yuan: accepted, the currency is still asked
        ("1,200,000", 1_200_000, None),
        ("1.5 million", 1_500_000, None),
        ("250k", 250_000, None),
    ],
)
def test_an_amount_takes_currencies_multipliers_and_separators(script, typed, value, currency):
    investment = step(script, "executive", "investment")
    assert parse_answer(investment, typed) == Parsed(value, currency=currency)


@pytest.mark.parametrize(
    ("step_id", "typed"),
    [
        ("investment", "lots"),
        ("investment", "30%"),  # not a percentage question
        ("investment", "3 years"),
        ("investment", "12 abc"),  # not a currency code
        ("investment", "£"),
        ("models-in-production", "3 years"),
        ("horizon-years", "£3"),
        ("horizon-years", "3 weeks"),
        ("business_value.outcome.value-share", "£30"),
        ("business_value.outcome.value-share", "30% years"),
    ],
)
def test_what_is_not_a_number_is_still_rejected(script, step_id, typed):
    expected = f"Please answer with a number, {EXAMPLES[step_id]}. Or type /skip to leave it out."
    assert parse_answer(step(script, "executive", step_id), typed) == Rejected(expected)


def test_ranges_still_apply_after_the_units(script):
    share = step(script, "executive", "business_value.outcome.value-share")
    assert parse_answer(share, "130%") == Rejected(
        "The number must be at most 100, for example 30 or 30%. Or type /skip to leave it out."
    )
    horizon = step(script, "executive", "horizon-years")
    assert parse_answer(horizon, "6 months") == Rejected(
        "The number must be at least 1, for example 3, 3 years or 18 months. "
        "Or type /skip to leave it out."
    )


@pytest.mark.parametrize(
    ("step_id", "typed", "value", "said"),
    [
        ("models-in-production", "10-20", 15, "I've noted 15, the middle of 10 to 20."),
        ("models-in-production", "10 to 20", 15, "I've noted 15, the middle of 10 to 20."),
        ("models-in-production", "10–20", 15, "I've noted 15, the middle of 10 to 20."),
        (
            "business_value.outcome.value-share",
            "10-20%",
            15,
            "I've noted 15%, the middle of 10% to 20%.",
        ),
        (
            "horizon-years",
            "2-3 years",
            2.5,
            "I've noted 2.5 years, the middle of 2 years to 3 years.",
        ),
        (
            "investment",
            "£1-2m",
            1_500_000,
            "I've noted 1,500,000 GBP, the middle of 1,000,000 GBP to 2,000,000 GBP.",
        ),
    ],
)
def test_a_range_keeps_its_middle_and_says_so(script, step_id, typed, value, said):
    parsed = parse_answer(step(script, "executive", step_id), typed)
    assert isinstance(parsed, Parsed)
    assert (parsed.value, parsed.said) == (value, said)


@pytest.mark.parametrize(("typed", "value"), [("0.3", 30), (".25", 25), ("0.05", 5)])
def test_a_fraction_on_a_share_question_is_read_as_a_percentage(script, typed, value):
    share = step(script, "executive", "business_value.outcome.value-share")
    parsed = parse_answer(share, typed)
    assert isinstance(parsed, Parsed) and parsed.value == value
    assert parsed.said == f"I've read {float(typed):g} as a share: {value}%."
    count = step(script, "executive", "models-in-production")
    assert parse_answer(count, "0.3") == Parsed(0.3)  # not a share: kept as typed


@pytest.mark.parametrize(
    ("step_id", "typed"),
    [
        ("case-detail", "maybe"),
        ("business_value.self_rating", "seven"),
        ("business_value.pains", "zzz"),
        ("models-in-production", "lots"),
        ("investment", "-5"),
    ],
)
def test_every_rejection_carries_an_example(script, step_id, typed):
    parsed = parse_answer(step(script, "executive", step_id), typed)
    assert isinstance(parsed, Rejected) and "for example" in parsed.message


def test_what_was_read_from_a_range_is_said_back_before_the_next_question(tmp_path):
    answers = "\n".join(["yes", "I lead the data team", "10-20"]) + "\n/pause\n"
    out = run_cli(["start", "--role", "executive", "--plain"], tmp_path, answers)
    assert out.returncode == 0, out.stderr
    said = out.stdout.index("I've noted 15, the middle of 10 to 20.")
    assert said < out.stdout.index("Paused.")


def _walk_to(iv: Interview, target: str, said: dict[str, str]) -> None:
    now = 1000.0
    while (ask := iv.ask()) is not None and ask.step.id != target:
        now += 5
        reply = iv.interpret(said.get(ask.step.id) or persona("partly", 2)(ask), now)
        assert reply.invalid is None, (ask.step.id, reply.invalid)
        for event in reply.events:
            iv.apply(event)


TOTALS = {"case-detail": "1", "ml-cost-baseline": "/skip"}


def test_a_currency_given_with_an_amount_settles_the_currency_question(script):
    iv = Interview(script, "executive")
    _walk_to(iv, "investment", TOTALS)
    reply = iv.interpret("£1.2m", 2000.0)
    amount = as_answer(reply.events[0])
    assert amount.value == 1_200_000 and amount.currency == "GBP"
    iv.apply(reply.events[0])
    _walk_to(iv, "benefit-ramp", {**TOTALS, "annual-benefit": "2m"})
    assert iv.answers["currency"] == "GBP"
    assert "currency" in iv.path  # /back reaches it, to correct it
    assert "currency" not in iv.transcript._answered  # never asked
    turn = next(t for t in iv.transcript if t.step.id == "investment")
    assert turn.answer == "1200000 GBP"  # the transcript says which currency
    # replayed from the log (as stored), the same
    stored = [event_from_json(to_json(e)) for e in iv.events]
    again = Interview.replay(script, "executive", stored)
    assert again.answers["currency"] == "GBP" and ask_of(again).step.id == "benefit-ramp"


def test_the_currency_is_asked_when_none_or_two_were_given(script):
    plain = Interview(script, "executive")
    _walk_to(plain, "currency", {**TOTALS, "investment": "1.2m", "annual-benefit": "2m"})
    assert ask_of(plain).step.id == "currency"
    mixed = Interview(script, "executive")
    _walk_to(mixed, "currency", {**TOTALS, "investment": "£1.2m", "annual-benefit": "$2m"})
    assert ask_of(mixed).step.id == "currency"


def test_revising_the_amount_without_a_currency_asks_the_currency_again(script):
    iv = Interview(script, "executive")
    _walk_to(iv, "benefit-ramp", {**TOTALS, "investment": "£1.2m", "annual-benefit": "2m"})
    assert iv.answers["currency"] == "GBP"
    reply = iv.interpret("1.3m", 3000.0, step_id="investment")
    for event in reply.events:
        iv.apply(event)
    assert ask_of(iv).step.id == "benefit-ramp"  # a settled answer met again is kept
    assert iv.answers["currency"] == "GBP"


def test_answer_records_keep_the_currency_and_old_ones_read_without_it():
    answer = Answer("investment", 1_200_000, "£1.2m", 1.0, currency="GBP")
    assert to_json(answer)["currency"] == "GBP"
    assert event_from_json(to_json(answer)) == answer
    old = {"type": "answer", "step": "investment", "value": 5, "raw": "5", "ts": 1.0}
    assert as_answer(event_from_json(old)).currency is None
    assert "currency" not in to_json(event_from_json(old))


@pytest.mark.parametrize("said", ["idk", "dunno", "no idea", "don't know", "Don’t know."])
def test_a_non_answer_without_a_followup_is_recorded_as_one_and_acknowledged(script, said):
    iv = Interview(script, "executive")
    target = next(
        s.id
        for s in iv.track.steps
        if s.kind == "text" and s.followup is None and s.dimension is None and s.when is None
    )
    _walk_to(iv, target, {**TOTALS, "investment": "1", "annual-benefit": "2"})
    reply = iv.interpret(said, 5000.0)
    assert reply.invalid is None
    heard = as_answer(reply.events[0])
    assert heard.value == said and heard.note == "non-answer"
    assert reply.info == NOT_KNOWN  # heard, though nothing more is asked about it
    iv.apply(reply.events[0])
    assert (later := iv.ask()) is None or later.step.id != f"{target}.followup"


@pytest.mark.parametrize("said", ["idk", "don't know", "no idea"])
def test_a_non_answer_gets_a_followup_worded_for_it(script, said):
    iv = Interview(script, "ml-engineering")
    _walk_to(iv, "deployment_serving.open.last-deploy", {})
    for event in iv.interpret(said, 5000.0).events:
        iv.apply(event)
    ask = ask_of(iv)
    assert ask.step.id == "deployment_serving.open.last-deploy.followup"
    assert ask.text == NON_ANSWER_FOLLOWUP
    reply = iv.interpret("no", 5005.0)
    assert as_answer(reply.events[0]).question == NON_ANSWER_FOLLOWUP  # as asked, in the transcript


def test_a_short_real_answer_keeps_the_steps_own_followup(script):
    iv = Interview(script, "ml-engineering")
    _walk_to(iv, "deployment_serving.open.last-deploy", {})
    for event in iv.interpret("Jenkins, manually", 5000.0).events:
        iv.apply(event)
    ask = ask_of(iv)
    assert ask.step.id == "deployment_serving.open.last-deploy.followup"
    assert ask.text == ask.step.text != NON_ANSWER_FOLLOWUP
    assert as_answer(iv.events[-1]).note is None


def test_a_plain_run_accepts_units_and_skips_the_currency_question(tmp_path, script):
    said = {
        **TOTALS,
        "business_value.outcome.value-share": "30%",
        "investment": "£1.2m",
        "annual-benefit": "2m",
        "horizon-years": "3 years",
    }
    typed: list[str] = []

    def policy(ask):
        typed.append(said.get(ask.step.id) or persona("partly", 2)(ask))
        return typed[-1]

    iv = Interview(script, "executive")
    now = 1000.0
    while (ask := iv.ask()) is not None:
        now += 5
        reply = iv.interpret(policy(ask), now)
        assert reply.invalid is None, (ask.step.id, reply.invalid)
        for event in reply.events:
            iv.apply(event)
    for value in ("30%", "£1.2m", "3 years"):
        assert value in typed
    typed = ["yes", *typed]  # the notice first
    out = run_cli(["start", "--role", "executive", "--plain"], tmp_path, "\n".join(typed) + "\n")
    assert out.returncode == 0, out.stderr
    assert "Please answer with a number" not in out.stdout
    assert "Which currency are those figures in?" not in out.stdout
    assert "Over how many years should we judge the return?" in out.stdout
    store = SessionStore(tmp_path)
    (session,) = store.session_ids()
    events = store.events(session)
    money = next(e for e in events if isinstance(e, Answer) and e.step == "investment")
    assert (money.value, money.currency) == (1_200_000, "GBP")
    assert not any(isinstance(e, Answer) and e.step == "currency" for e in events)
    replayed = Interview.replay(script, "executive", events)
    assert replayed.answers["currency"] == "GBP"
    assert replayed.answers["horizon-years"] == 3
    assert replayed.answers["business_value.outcome.value-share"] == 30


@pytest.mark.parametrize(
    ("step_id", "vague", "fits"),
    [
        ("strategic-priorities", "growth", "which business objective matters most"),
        ("success-criteria", "more value", "a number you already report"),
        ("sponsorship", "the board", "whose budget this comes from"),
        ("desired-outcomes", "it's better", "someone in the business notice"),
    ],
)
def test_a_vague_answer_to_an_executive_key_question_gets_a_followup_worded_for_it(
    script, step_id, vague, fits
):
    iv = Interview(script, "executive")
    _walk_to(iv, step_id, {**TOTALS, "investment": "1", "annual-benefit": "2"})
    reply = iv.interpret(vague, 5000.0)
    iv.apply(reply.events[0])
    ask = ask_of(iv)
    assert ask.step.id == f"{step_id}.followup"
    assert fits in " ".join(ask.text.split())
    assert "last time it happened" not in ask.text  # the open questions' follow-up doesn't fit
    reply = iv.interpret("Our COO, who owns the claims budget", 5010.0)
    iv.apply(reply.events[0])
    assert (later := iv.ask()) is None or not later.step.id.endswith(".followup")  # once only


@pytest.mark.parametrize(
    ("step_id", "typed", "value"),
    [
        ("models-in-production", "about 12", 12),
        ("models-in-production", "~12", 12),
        ("models-in-production", "roughly 12 models", 12),
        ("models-in-production", "20 or so", 20),
        ("models-in-production", "20ish", 20),
        ("models-in-production", "a dozen", 12),
        ("models-in-production", "six", 6),
        ("models-in-production", "none yet", 0),
        ("business_value.outcome.value-share", "around 30%", 30),
        ("investment", "about £1.2m", 1_200_000),
        ("horizon-years", "roughly 3 years", 3),
    ],
)
def test_a_number_said_the_way_people_say_it_is_taken(script, step_id, typed, value):
    parsed = parse_answer(step(script, "executive", step_id), typed)
    assert isinstance(parsed, Parsed) and parsed.value == value


@pytest.mark.parametrize(
    ("step_id", "typed"),
    [
        ("models-in-production", "3 weeks"),  # a duration is not a count
        ("models-in-production", "lots"),
        ("investment", "12 abc"),  # an unknown code after an amount is not a currency
    ],
)
def test_words_that_change_the_meaning_are_not_dropped(script, step_id, typed):
    assert isinstance(parse_answer(step(script, "executive", step_id), typed), Rejected)


@pytest.mark.parametrize(
    ("typed", "value", "currency"),
    [
        ("About £2.4m a year across people and cloud.", 2_400_000, "GBP"),
        ("£600k per year", 600_000, "GBP"),
        ("roughly 600k per annum", 600_000, None),
        ("£2.4m/yr", 2_400_000, "GBP"),
        ("2.4 million pounds", 2_400_000, "GBP"),
        ("300k euros p.a.", 300_000, "EUR"),
        ("250k dollars annually", 250_000, "USD"),
    ],
)
def test_a_yearly_amount_takes_the_year_and_the_currency_said_in_words(
    script, typed, value, currency
):
    """How people answer "what does ML cost you a year": the period and the words after it
    are dropped, a currency named in words is the currency."""
    for step_id in ("ml-cost-baseline", "annual-benefit", "running-cost"):
        parsed = parse_answer(step(script, "executive", step_id), typed)
        assert parsed == Parsed(value, currency=currency), (step_id, parsed)


def test_a_monthly_amount_on_a_yearly_question_is_a_year_of_it_and_said_so(script):
    parsed = parse_answer(step(script, "executive", "annual-benefit"), "£50k a month")
    assert parsed == Parsed(
        600_000, currency="GBP", said="I've read 50,000 GBP a month as a year's 600,000 GBP."
    )


@pytest.mark.parametrize("typed", ["£900k a year", "£75k a month"])
def test_an_amount_per_period_on_a_total_is_refused_with_the_reason(script, typed):
    refused = parse_answer(step(script, "executive", "investment"), typed)
    assert isinstance(refused, Rejected)
    assert refused.message.startswith("This asks for a total, not an amount a ")
    assert "/skip" in refused.message


def test_two_amounts_around_a_period_are_not_guessed_between(script):
    refused = parse_answer(step(script, "executive", "annual-benefit"), "£2.4m a year, plus 300k")
    assert isinstance(refused, Rejected)
