"""Anonymised exports (`export --anonymise`, `report --org --anonymise`): nothing planted in a
session's answers, notes and metadata comes out, in any format, and the scores stay the same."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime
from pathlib import Path

import pytest
from conftest import MINI
from hypothesis import assume, given
from hypothesis import strategies as st
from jsonl_driver import answer_for, run_cli

from interviewer.cli import main
from interviewer.export.anonymise import Anonymiser, anonymise
from interviewer.export.report_data import gather
from interviewer.session.facilitation import record
from interviewer.session.runner import SessionRunner
from interviewer.store import InvitationStore, SessionStore

EMAILS = ("priya.raman@globex.example", "sam@globex.example")
PHONES = ("+44 20 7946 0958", "020 7946 0958", "(555) 123-4567", "+1 555 010 0199")
# what must not survive, matched case-insensitively (names, their parts, the organisation)
SECRETS = ("Priya", "Raman", "Globex", "Sam Okafor", "Okafor", "alex.kim", "Wojciech", *EMAILS)


def _planted(participant: str) -> str:
    first = participant.split()[0]
    return (
        f"Ask {first} or RAMAN at Globex: {EMAILS[0]}, {PHONES[0]}, office {PHONES[1]}; "
        "we grew from 25 people in 2019 to 40 in 2024, 30% a year, a budget of £1,200,000, "
        "and Wojciech runs the pipeline"
    )


def _session(root: Path, participant: str, org: str = "Globex Holdings", ask: bool = True) -> str:
    """A finished session of the mini script, walked through the runner the front ends use,
    with the planted text in every free-text answer, a facilitator's pushed question (taken
    in by the interview), an annotation and an override in that facilitator's notes."""
    store = SessionStore(root)
    runner = SessionRunner.start(store, "short", org, participant, str(MINI))
    text = _planted(participant)
    try:
        runner.opening()
        turns = 0
        while not runner.finished:
            ask_now = runner.interview.ask()
            assert ask_now is not None
            kind = ask_now.step.kind
            purpose = ask_now.step.purpose
            msg = {
                "kind": kind,
                "purpose": purpose,
                "min": ask_now.step.min,
                "max": ask_now.step.max,
            }
            reply = text if kind == "text" else answer_for(msg, indicator="no")
            outs = runner.handle(reply)
            if any(o.kind == "invalid" for o in outs):
                runner.handle("1")
            turns += 1
            if turns == 1 and ask:
                record(
                    store,
                    runner.session_id,
                    "alex.kim",
                    "ask",
                    text=f"Who besides {participant} signs off? Call {PHONES[2]}.",
                )
    finally:
        runner.close()
    sid = runner.session_id
    record(
        store,
        sid,
        "alex.kim",
        "annotation",
        turn=1,
        note=f"{participant} said to mail {EMAILS[1]} or ring {PHONES[3]}",
        tags=["quote", "pain"],
    )
    record(
        store,
        sid,
        "alex.kim",
        "override",
        dimension="deployment_serving",
        level=2,
        reason=f"{participant.split()[-1]} showed scripts at Globex",
    )
    return sid


def _assert_clean(text: str, sid: str | list[str]) -> None:
    lowered = text.lower()
    for secret in SECRETS:
        assert secret.lower() not in lowered, secret
    for phone in PHONES:
        assert phone not in text, phone
    for piece in ("7946", "123-4567", "010 0199"):  # nor a part of one
        assert piece not in text, piece
    for one in [sid] if isinstance(sid, str) else sid:
        assert one not in text
        assert one.split("-")[-1] not in text  # not even the random part
    assert not re.search(r"\b\d{1,2}:\d{2}\b", text), "a time of day"


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


def _export(sessions: Path, sid: str, fmt: str, *extra: str) -> str:
    args = ["export", sid, "--format", fmt, "--with-notes", "--anonymise", *extra]
    done = run_cli(args, sessions)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_anonymised_export_in_every_format_names_nobody(sessions):
    sid = _session(sessions, "Priya Raman")
    plain = run_cli(["export", sid, "--with-notes"], sessions).stdout
    assert "Priya" in plain and EMAILS[0] in plain and "alex.kim" in plain  # they were planted
    assert "Who besides Priya Raman" in plain  # the facilitator's question was asked

    markdown = _export(sessions, sid, "md", "--redact", "Wojciech")
    html = _export(sessions, sid, "html", "--redact", "Wojciech")
    document = _export(sessions, sid, "json", "--redact", "Wojciech")
    for text in (markdown, html, document):
        _assert_clean(text, sid)
        assert "Participant A" in text
        assert "Facilitator A" in text
        assert re.search(r"\\?\[redacted\\?\]", text)  # Markdown escapes the brackets
    assert "[email]" in document and "[phone]" in document
    # what is not a phone number stays: years, counts, percentages, money
    for kept in ("25 people in 2019", "40 in 2024", "30% a year", "£1,200,000"):
        assert kept in document
    assert "Org" in markdown and "Anonymised:" in markdown


def test_the_transcript_names_who_pushed_a_question_once(sessions):
    """Anonymised, the placeholder says it is a facilitator: not 'facilitator Facilitator A'."""
    sid = _session(sessions, "Priya Raman")
    plain = run_cli(["export", sid, "--with-notes"], sessions).stdout
    assert "(question from facilitator alex.kim)" in plain
    markdown = _export(sessions, sid, "md")
    assert "(question from Facilitator A)" in markdown
    assert "facilitator Facilitator" not in markdown


def test_anonymised_json_keeps_dates_and_scores_and_drops_ids_and_times(sessions):
    sid = _session(sessions, "Priya Raman")
    full = json.loads(run_cli(["export", sid, "--format", "json", "--with-notes"], sessions).stdout)
    anon = json.loads(_export(sessions, sid, "json"))
    session = anon["session"]
    assert session["anonymised"] is True
    assert session["id"] == "session-1" and session["org"] == "Org"
    assert session["participant"] == "Participant A"
    day = datetime.fromtimestamp(full["session"]["started"]).date()
    assert datetime.fromtimestamp(session["started"]) == datetime(day.year, day.month, day.day)
    for turn in anon["transcript"]:
        when = datetime.fromtimestamp(turn["ts"])
        assert (when.hour, when.minute, when.second) == (0, 0, 0)
    for note in anon["notes"]["annotations"]:
        assert note["by"] == "Facilitator A"
        assert datetime.fromtimestamp(note["ts"]).hour == 0
    # the replay and the scores are the real ones: only the words changed
    assert anon["scores"] == full["scores"]
    assert anon["dimensions"] == full["dimensions"]
    assert [a["id"] for a in anon["actions"]] == [a["id"] for a in full["actions"]]
    assert len(anon["transcript"]) == len(full["transcript"])


def test_export_file_names_leave_the_id_out(sessions, tmp_path):
    sid = _session(sessions, "Priya Raman", ask=False)
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("md", "html", "json"):
        done = run_cli(["export", sid, "--anonymise", "--format", fmt, "-o", f"{out}/"], sessions)
        assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4  # md, its chart, html, json
    assert all(sid not in n and "globex" not in n.lower() for n in names)
    assert all(n.startswith("anonymised-short-") for n in names)
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in out.iterdir())


def test_org_report_anonymised_names_nobody_and_keeps_participants_apart(sessions, tmp_path):
    first = _session(sessions, "Priya Raman")
    second = _session(sessions, "Sam Okafor", org="globex holdings", ask=False)
    InvitationStore(sessions).create_facilitator(first, "alex.kim", None)
    ids = [first, second]
    texts = {}
    for fmt in ("md", "html", "json"):
        done = run_cli(
            ["report", "--org", "Globex Holdings", "--anonymise", "--format", fmt], sessions
        )
        assert done.returncode == 0, done.stderr
        texts[fmt] = done.stdout
        _assert_clean(done.stdout, ids)
    org = json.loads(texts["json"])
    assert org["org"] == "Org"
    assert [s["participant"] for s in org["sessions"]] == ["Participant A", "Participant B"]
    assert [s["id"] for s in org["sessions"]] == ["session-1", "session-2"]
    out = tmp_path / "out"
    out.mkdir()
    run_cli(["report", "--org", "Globex Holdings", "--anonymise", "-o", f"{out}/"], sessions)
    assert all("globex" not in p.name.lower() for p in out.iterdir())


def test_redact_needs_anonymise_and_a_word(sessions, capsys):
    sid = _session(sessions, "Priya Raman", ask=False)
    assert main(["export", sid, "--redact", "Wojciech", "--sessions-dir", str(sessions)]) == 1
    assert "--redact goes with --anonymise" in capsys.readouterr().err
    code = main(["export", sid, "--anonymise", "--redact", " ", "--sessions-dir", str(sessions)])
    assert code == 1
    assert "--redact needs a word" in capsys.readouterr().err


def test_every_part_of_the_report_data_is_rewritten(sessions):
    """No type in the report data is passed over unread: a new field is rewritten too, or this
    fails and says which type to teach the anonymiser."""
    sid = _session(sessions, "Priya Raman")
    store = SessionStore(sessions)
    data = gather(store, sid, with_notes=True)
    anon = Anonymiser(participants=["Priya Raman"], facilitators=["alex.kim"], orgs=["Globex"])
    out = anon.report(data)
    assert anon.unhandled == set()
    assert out.anonymised and out.session_id != sid
    assert out.transcript[1].question == data.transcript[1].question  # authored text kept
    assert "Priya" not in repr(out.interview.answers) and "Priya" in repr(data.interview.answers)
    assert anonymise(store, data).meta.participant == "Participant A"


@pytest.mark.parametrize(
    "said",
    [
        "+44 20 7946 0958",
        "+44 (0)20 7946 0958",
        "+1 (555) 123-4567",
        "+4915112345678",
        "020 7946 0958",
        "07700 900123",
        "(030) 1234567",
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
    ],
)
def test_phone_numbers_in_any_format_are_replaced(said):
    assert Anonymiser().text(f"call {said} today") == "call [phone] today"


@pytest.mark.parametrize(
    "said",
    [
        "25 people",
        "in 2024",
        "2019-2024",
        "2023 2024 2025",
        "30%",
        "12.5%",
        "£1,200,000",
        "$250k",
        "EUR 900,000",
        "1 200 000 €",
        "2026-11-30",
        "05.11.2026",
        "01/02/2026",
        "1234567890 rows",
        "10.0.0.1",
        "3 years, 18 months",
    ],
)
def test_numbers_that_are_not_phone_numbers_stay(said):
    assert Anonymiser().text(said) == said


def test_names_are_whole_words_in_any_case_with_their_parts():
    anon = Anonymiser(
        participants=["Priya Raman", "Sam Lee"],
        facilitators=["alex.kim"],
        orgs=["Globex Holdings"],
        redact=["Jo Bloggs"],
    )
    said = (
        "PRIYA and raman's team; Sam, Lee; ALEX.KIM and Kim; at Globex (globex holdings); "
        "jo  bloggs; Samuel and Leeds and Priyanka stay; Holdings stays"
    )
    assert anon.text(said) == (
        "Participant A and Participant A's team; Participant B, Participant B; Facilitator A "
        "and Facilitator A; at Org (Org); [redacted]; Samuel and Leeds and Priyanka stay; "
        "Holdings stays"
    )
    assert anon.text("mail priya.raman@globex.example now") == "mail [email] now"


def test_a_moved_session_anonymised_keeps_its_versions_and_no_time_of_day(store, tmp_path):
    from test_migrate import paused_session, version_2

    from interviewer.export.markdown import render_markdown

    sid = paused_session(store)
    assert (
        main(
            [
                "migrate",
                sid,
                "--script",
                str(version_2(tmp_path)),
                "--sessions-dir",
                str(store.root),
            ]
        )
        == 0
    )
    markdown = render_markdown(anonymise(store, gather(store, sid)))
    assert re.search(r"from version 1 to 2 on \d{4}-\d{2}-\d{2}\)", markdown)
    assert "## Retired answers" in markdown and "### Turn 1 · context (v1)" in markdown
    assert not re.search(r"\b\d{1,2}:\d{2}\b", markdown)
    assert "Dana" not in markdown and "Acme" not in markdown and sid not in markdown
    from interviewer.export.anonymise import day
    from interviewer.export.json_export import render_json

    (move,) = render_json(anonymise(store, gather(store, sid)))["session"]["script"]["moves"]
    assert move["ts"] == day(move["ts"])  # the day of the move, not its time


@pytest.mark.parametrize(
    "pasted", ["1" * 100_000, "-" * 100_000, "a.b" * 40_000 + "@", "(0" * 50_000]
)
def test_a_long_pasted_answer_is_anonymised_in_linear_time(pasted):
    started = time.perf_counter()
    assert Anonymiser(participants=["Priya Raman"]).text(pasted) == pasted
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Zoë Martin", "Zoe said so; ZOË agreed; zoë's team"),
        ("Zoe Martin", "Zoë said so; ZOE agreed; zoe's team"),
        ("Renée Müller", "Renee said so; MULLER agreed; müller's team"),
    ],
)
def test_names_are_matched_without_their_accents(name, said):
    assert Anonymiser(participants=[name]).text(said) == (
        "Participant A said so; Participant A agreed; Participant A's team"
    )


def test_an_apostrophe_or_hyphen_in_a_name_hides_each_way_of_writing_it():
    anon = Anonymiser(participants=["Aoife O'Brien-Smith"])
    for written in (
        "O'Brien-Smith",
        "O’Brien",
        "Brien",
        "OBrien",
        "obrien",
        "Smith",
        "O'Brien Smith",
    ):
        assert anon.text(f"ask {written} today") == "ask Participant A today", written
    assert anon.text("Aoife's notes") == "Participant A's notes"


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("we are AcmeCorp", "we are Org"),
        ("the acme-corp wiki", "the Org wiki"),
        ("ACME_CORP staff", "Org staff"),
        ("see acme-corp.com/models", "see Org/models"),
        ("on www.acme.co.uk", "on Org"),
        ("at Acme's office", "at Org's office"),
        ("mail sam@acme-corp.com", "mail [email]"),
        ("the example.com docs and 10.0.0.1", "the example.com docs and 10.0.0.1"),
    ],
)
def test_the_organisation_is_hidden_run_together_hyphenated_and_as_a_domain(said, shown):
    assert Anonymiser(orgs=["Acme Corp Ltd"]).text(said) == shown


def test_a_name_that_is_also_an_everyday_word_is_replaced_only_as_a_name():
    from interviewer.export.name_terms import script_words
    from interviewer.script import load_script

    words = script_words(load_script())
    assert {"data", "model", "ready", "ship"} <= words
    anon = Anonymiser(participants=["Will Data"], everyday_words=words)
    assert anon.text("We will ship the model when the data is ready") == (
        "We will ship the model when the data is ready"
    )
    assert anon.text("Ask Will; WILL DATA knows; will data") == (
        "Ask Participant A; Participant A knows; Participant A"
    )
    # a part that is no everyday word is found in any case
    anon = Anonymiser(participants=["Will Okafor"], everyday_words=words)
    assert anon.text("okafor says we will") == "Participant A says we will"


NAME_LETTERS = "bcdfghklmnprstvzéëöüñ"


@given(
    first=st.text(NAME_LETTERS, min_size=3, max_size=8),
    last=st.text(NAME_LETTERS, min_size=3, max_size=8),
    filler=st.lists(
        st.sampled_from(["we", "ship", "the", "model", "on", "Friday", "30%"]), max_size=6
    ),
    style=st.sampled_from([str.title, str.upper, str.lower, lambda s: s]),
)
def test_a_planted_name_never_survives_in_any_case_or_accent(first, last, filler, style):
    from interviewer.export.name_terms import EVERYDAY, NOT_NAMES, fold

    # particles ("del") and everyday words ("will") are names only where written as one
    assume(not {fold(first).lower(), fold(last).lower()} & (NOT_NAMES | EVERYDAY))
    name = f"{first.title()} {last.title()}"
    text = " ".join([*filler, style(first), "and", style(fold(last)) + "'s", *filler])
    out = Anonymiser(participants=[name]).text(text)
    words = {fold(w).lower().strip("'s") for w in re.findall(r"[\w']+", out)}
    assert fold(first).lower() not in words and fold(last).lower() not in words
