"""Every export of a low, a mid and a high maturity session of every track parses and has the
sections a reader needs, in order."""

from __future__ import annotations

import pytest
from conftest import persona
from jsonl_driver import finished_session
from markdown_it import MarkdownIt

from interviewer.export.html import render_html
from interviewer.export.json_export import SCHEMA, render_json
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import gather
from interviewer.store import SessionStore

TRACKS = ["executive", "tech-lead", "data-science", "ml-engineering", "platform", "full"]


def low(ask):
    return persona("no", 1, text="We do it by hand and it often breaks in production", pains="1")(
        ask
    )


def mid(ask):
    step = ask.step
    if step.kind == "indicator" and step.indicator is not None:
        return {2: "yes", 3: "partly"}.get(step.indicator.level, "no")
    return persona("yes", 2, text="We have scheduled pipelines and a review each release")(ask)


def high(ask):
    return persona("yes", 5, text="Every model ships through the same pipeline with its tests")(ask)


PROFILES = {"low": low, "mid": mid, "high": high}


def h2(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    return [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]


@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("track", TRACKS)
def test_every_export_of_every_track_has_its_sections(tmp_path, track, profile):
    sid = finished_session(tmp_path, PROFILES[profile], track=track)
    data = gather(SessionStore(tmp_path), sid)
    text = render_markdown(data)
    headings = h2(text)
    assert headings[0] == "Executive summary" and headings[-1] == "Appendix: transcript"
    scored = bool(data.findings.dimensions)
    if scored:
        order = ["Scorecard", "Findings", "Recommendations", "Roadmap"]
        assert [h for h in headings if h in order] == order
        assert text.count("### Foundation (months 1-6)") == 1
        assert "### Innovation (months 18+)" in text
    else:
        assert "This track does not score maturity areas." in text
    if profile == "low" and scored:
        assert "**The first actions**" in text
    html = render_html(data)
    assert "<h2>Executive summary</h2>" in html and "<script" not in html.lower()
    body = render_json(data)
    assert body["schema"] == SCHEMA
    assert set(body["executive_summary"]) == {
        "found",
        "covers",
        "findings",
        "actions",
        "quotes",
        "priority",
    }
    for f in body["findings"]:
        assert set(f) >= {"finding", "baseline", "contradictions", "confidence_reasons"}
    assert len(body["transcript"]) == len(data.transcript)


def test_the_executive_summary_quotes_the_executives_own_words(tmp_path):
    said = {
        "success-criteria": "Two models in production within six months, measured on claims cost",
        "sponsorship": "Our COO sponsors it and owns the budget",
    }

    def executive(ask):
        return said.get(ask.step.id) or mid(ask)

    sid = finished_session(tmp_path, executive, track="executive")
    text = render_markdown(gather(SessionStore(tmp_path), sid))
    summary = text.split("## Scorecard")[0]
    assert "**In their own words**" in summary
    assert "- Success criteria (turn" in summary and said["success-criteria"] in summary
    assert "- Sponsor (turn" in summary and said["sponsorship"] in summary


def test_a_revised_answer_leaves_the_question_as_asked_in_the_exported_transcript(tmp_path):
    from interviewer.session.runner import SessionRunner

    store = SessionStore(tmp_path)
    runner = SessionRunner.start(store, "ml-engineering", "Acme", "Dana", None)
    runner.opening()
    runner.handle("yes")  # the script's notice, accepted
    clarify_text = None
    while not runner.finished:
        ask = runner.interview.ask()
        assert ask is not None
        if ask.step.purpose == "clarify" and clarify_text is None:
            clarify_text = ask.text
        runner.handle(persona("no", 4)(ask))
        if clarify_text is not None and ask.step.purpose == "clarify":
            rating = next(s.id for s in runner.interview.track.steps if s.purpose == "self_rating")
            runner.revise(rating, "1")
    runner.close()
    assert clarify_text is not None and "at 4" in clarify_text
    text = render_markdown(gather(store, runner.session_id))
    transcript = text.split("## Appendix: transcript", 1)[1]
    assert "at 4" in transcript  # what was asked, not what the revised answers would ask now
