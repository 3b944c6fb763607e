"""Nothing typed corrupts an answer or stops the interview (issue 18), at the engine: one length
limit before any parsing, numbers read in time linear in the answer, whole numbers read with a
bound on their digits, "don't know" and Enter on a number."""

from __future__ import annotations

import io
import logging
import re

import pytest
from business_answers import case_of
from conftest import as_answer, persona
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.answer_words import NON_ANSWERS
from interviewer.engine import answers as answers_module
from interviewer.engine.amounts import range_ends
from interviewer.engine.answers import (
    MAX_ANSWER,
    Parsed,
    Rejected,
    parse_answer,
    too_long,
)
from interviewer.engine.interview import Interview
from interviewer.engine.replies import NOT_KNOWN
from interviewer.frontends.lines import read_line
from interviewer.records import Answer
from interviewer.scoring.business_case import DEFAULT_RATE
from interviewer.script import Script, Step
from interviewer.session import consent
from interviewer.whole_numbers import whole_number

MEGABYTE = "Z" * 1_048_576
DIGITS = "9" * 5000  # past int()'s 4,300-digit limit


def steps_of_every_kind(script: Script) -> dict[str, Step]:
    """One step of the built-in script for each kind and range, and each kind of number."""
    found: dict[tuple[object, ...], Step] = {}
    for track in script.tracks.values():
        for step in track.steps:
            key = (step.kind, step.min, step.max, step.required, step.kind == "number" and step.id)
            found.setdefault(key, step)
    return {step.id: step for step in found.values()}


def walk_to(
    script: Script, track: str, step_id: str | None = None, kind: str | None = None
) -> Interview:
    """An interview on `track` asking `step_id` (or the first question of `kind`) now."""
    iv = Interview(script, track)
    answer = persona("partly", 3)
    now = 1000.0
    while (ask := iv.ask()) is not None and ask.step.id != step_id and ask.step.kind != kind:
        now += 5
        for event in iv.interpret(answer(ask), now).events:
            iv.apply(event)
        while (found := iv.settlement(now)) is not None:
            iv.apply(found[0])
    assert iv.asking is not None and step_id in (None, iv.asking)
    return iv


# -- one limit, checked first ------------------------------------------------------------------


def test_the_limit_is_ten_thousand_characters_and_says_the_size():
    assert MAX_ANSWER == 10_000 and not hasattr(answers_module, "MAX_TEXT")
    assert too_long(MAX_ANSWER) is None
    said = too_long(1_048_576)
    assert said is not None and "1,048,576 characters" in said and "10,000" in said


def test_a_megabyte_is_refused_on_every_kind_before_it_is_read(script):
    for step in steps_of_every_kind(script).values():
        refused = parse_answer(step, MEGABYTE)
        assert isinstance(refused, Rejected) and "1,048,576 characters" in refused.message
        assert "characters long" not in str(parse_answer(step, "x" * MAX_ANSWER))


@pytest.mark.parametrize("kind", ["text", "choice", "multi", "scale", "number", "indicator"])
def test_the_engine_entry_point_refuses_it_and_records_nothing(script, kind):
    iv = walk_to(script, "full", kind=kind)
    step_id = iv.asking
    before = list(iv.events)
    for line in (MEGABYTE, "/skip" + " " * MAX_ANSWER):  # a command padded past it too
        reply = iv.interpret(line, 5000.0)
        assert reply.events == [] and reply.invalid is not None
        assert f"{len(line):,} characters" in reply.invalid
    assert iv.events == before and iv.asking == step_id


# -- whole numbers -----------------------------------------------------------------------------


def test_a_whole_number_refuses_absurd_digit_counts():
    assert whole_number("12") == 12 and whole_number(" 007 ") == 7
    assert whole_number("0" * 100_000 + "3") == 3  # leading zeros count for nothing
    assert whole_number(DIGITS) is None and whole_number("9" * 19) is None
    for not_one in ("", "x", "-1", "1.5", "²", "1_000"):
        assert whole_number(not_one) is None


def test_thousands_of_digits_are_refused_on_every_kind_and_consent(script):
    for step in steps_of_every_kind(script).values():
        for typed in (DIGITS, f"{DIGITS}: reason", f"1,{DIGITS}"):
            result = parse_answer(step, typed)
            if step.kind == "text":
                assert result == Parsed(typed)
            else:
                assert isinstance(result, Rejected), (step.id, result)
    assert consent.parse_consent(DIGITS) is None


# -- linear number parsing ----------------------------------------------------------------------

# the pattern the first end and the second end of a range were split by, kept as the reference
OLD_RANGE = re.compile(r"^(?P<low>.*?\d[^-–—]*?)\s*(?:-|–|—|\bto\b)\s*(?P<high>.*\d.*)$", re.I)
RANGE_PIECES = ["1", "2", " ", "-", "–", "—", "to", "To", "x", "a", "\n", "_", "%", "£", ".", "\t"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(RANGE_PIECES), max_size=14).map("".join))
def test_a_range_is_split_where_the_old_pattern_split_it(text):
    found = OLD_RANGE.match(text)
    expected = (found.group("low"), found.group("high")) if found else None
    assert range_ends(text) == expected


PIECES = [
    *("1", "12", "0.3", "1,000", " ", "-", "–", " to ", "to", ",", ".", "%", "£", "$", "k", "m"),
    *("bn", "about ", " or so", "ish", "twenty", "a dozen", "usd", "years", "months", "weeks"),
    *("models", "none", "yes", "partly", "na: x", ":", "x", "e", "+", "~", "don't know", "?"),
]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join),
    st.integers(min_value=1, max_value=MAX_ANSWER),
    st.sampled_from(["", "1", "x", " 1", "-1"]),
    st.data(),
)
def test_parse_answer_never_raises_on_long_answers(script, unit, length, tail, data):
    steps = steps_of_every_kind(script)
    step = steps[data.draw(st.sampled_from(sorted(steps)))]
    text = (unit * (length // len(unit) + 1))[:length] + tail
    result = parse_answer(step, text)
    assert isinstance(result, Parsed | Rejected)
    if step.kind == "number" and isinstance(result, Parsed) and result.note is None:
        assert result.value is None or isinstance(result.value, int | float)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), st.data())
def test_spacing_never_changes_what_a_number_reads(script, text, data):
    numbers = [s for s in steps_of_every_kind(script).values() if s.kind == "number"]
    step = data.draw(st.sampled_from(numbers))
    spaced = text.replace(" ", "   \t ")
    read, read_spaced = parse_answer(step, text), parse_answer(step, spaced)
    if isinstance(read, Parsed) and read.note == "non-answer":  # kept as typed, spaces too
        assert read_spaced == Parsed(spaced.strip(), note="non-answer")
    else:
        assert read == read_spaced


# -- numbers: "don't know", Enter, /skip -------------------------------------------------------


@pytest.mark.parametrize("typed", sorted(NON_ANSWERS))
def test_a_non_answer_to_a_number_is_noted_as_typed(script, typed):
    step = script.tracks["executive"].index["models-in-production"]
    assert parse_answer(step, typed) == Parsed(typed, note="non-answer")


def test_dont_know_on_a_number_is_recorded_shown_and_never_counted(script, caplog):
    iv = walk_to(script, "full", "monitoring_observability.outcome.monitored-share")
    before = iv.scorecard().dimensions["monitoring_observability"]
    with caplog.at_level(logging.WARNING, logger="interviewer"):
        reply = iv.interpret("Don't know", 9000.0)
        assert reply.invalid is None and reply.info == NOT_KNOWN
        (answer,) = reply.events
        assert isinstance(answer, Answer)
        assert (answer.value, answer.note, answer.skipped) == ("Don't know", "non-answer", False)
        iv.apply(answer)
        assert iv.transcript.turns[-1].answer == "Don't know"  # not "Don't know%"
        after = iv.scorecard().dimensions["monitoring_observability"]
        assert iv.ctx.answer("monitoring_observability.outcome.monitored-share") is None
    assert (
        "monitoring_observability.outcome.monitored-share"
        not in iv.ctx.ev("monitoring_observability").statements
    )
    assert (after.level, after.score) == (before.level, before.score)
    assert caplog.records == []  # no expression compared the words with a number


def test_a_business_case_counts_no_non_answer(script):
    answers = {"investment": 500_000, "annual-benefit": 400_000, "horizon-years": 3}
    known = case_of({**answers, "discount-rate": 8})
    assert known is not None and known.discount_rate == pytest.approx(0.08)
    unknown = case_of({**answers, "discount-rate": "don't know"})
    assert unknown is not None
    assert unknown.rate_default and unknown.discount_rate == pytest.approx(DEFAULT_RATE / 100)
    assert case_of({**answers, "investment": "no idea"}) is None


def test_dont_know_on_the_discount_rate_passes_its_fraction_check(script):
    iv = walk_to(script, "executive", "discount-rate")
    reply = iv.interpret("not sure", 9000.0)
    assert reply.invalid is None and as_answer(reply.events[0]).note == "non-answer"
    assert (iv.interpret("0.5%", 9000.0).invalid or "").startswith("That looks like a fraction")


@pytest.mark.parametrize("step_id", ["discount-rate", "horizon-years", "ml-cost-baseline"])
def test_enter_on_an_optional_number_skips_it(script, step_id):
    iv = walk_to(script, "executive", step_id)
    reply = iv.interpret("", 9000.0)
    assert reply.invalid is None
    (event,) = reply.events
    answer = as_answer(event)
    assert (answer.step, answer.value, answer.skipped) == (step_id, None, True)
    iv.apply(answer)
    assert iv.asking != step_id and iv.transcript.turns[-1].answer == "(skipped)"


def test_a_refused_number_says_how_to_skip_it(script):
    step = script.tracks["executive"].index["models-in-production"]
    for typed in ("lots", "-3", "3 years"):
        refused = parse_answer(step, typed)
        assert isinstance(refused, Rejected) and "/skip" in refused.message


# -- the line readers ----------------------------------------------------------------------------


def test_a_line_reader_keeps_lines_within_the_limit_and_measures_the_rest():
    at_limit, over = "a" * MAX_ANSWER, "b" * (MAX_ANSWER + 1)
    stream = io.StringIO(f"{at_limit}\r\n{over}\n{MEGABYTE * 3}\nnext\n{MEGABYTE}")
    lines = []
    while (line := read_line(stream)) is not None:
        lines.append(line)
    assert [(line.size, line.too_long) for line in lines] == [
        (MAX_ANSWER, False),
        (MAX_ANSWER + 1, True),
        (3 * len(MEGABYTE), True),
        (4, False),
        (len(MEGABYTE), True),  # no line break before the end of input
    ]
    assert lines[0].text == at_limit and lines[3].text == "next"
    assert all(len(line.text) <= MAX_ANSWER + 1 for line in lines)


@pytest.mark.parametrize("track", ["full", "executive"])
def test_a_session_that_knows_no_number_exports_in_every_format(tmp_path, track):
    from jsonl_driver import finished_session

    from interviewer.export.html import render_html
    from interviewer.export.json_export import render_json
    from interviewer.export.markdown import render_markdown
    from interviewer.export.org_report import build, render_org_markdown
    from interviewer.export.report_data import gather
    from interviewer.store import SessionStore

    answer = persona("partly", 3)
    root = tmp_path / "sessions"
    sid = finished_session(
        root, lambda ask: "no idea" if ask.step.kind == "number" else answer(ask), track=track
    )
    data = gather(SessionStore(root), sid)
    markdown = render_markdown(data)
    assert "**Answer:** no idea" in markdown and "no idea%" not in markdown
    assert "no idea" in render_html(data)
    kinds = {s.id: s.kind for s in data.interview.track.steps}
    turns = render_json(data)["transcript"]
    numbers = [t["answer"] for t in turns if kinds.get(t["step"]) == "number"]
    assert numbers and set(numbers) == {"no idea"}
    assert "Acme" in render_org_markdown(build(SessionStore(root), "Acme"))
