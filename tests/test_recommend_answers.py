"""Recommendations that respect what was said, for a low-, mid- and high-maturity interviewee
of every track: nothing they already do, owners they have, their own targets, one area for
their priority, a finding that never contradicts itself, the sponsor they named and, with no
model in production, the blocker they stated."""

from __future__ import annotations

from functools import cache

import pytest
from conftest import drive
from maturity_personas import HIGH, LOW, MID, PERSONAS, Persona, answers_as

from interviewer.engine.interview import Interview
from interviewer.scoring.findings import Findings, _clause, findings
from interviewer.scoring.targets import QUANTITY, clauses
from interviewer.script import Script, load_script
from interviewer.script.model import Action

TRACKS = ["executive", "tech-lead", "data-science", "ml-engineering", "platform", "full"]
CASES = [(t, p) for t in TRACKS for p in PERSONAS]
IDS = [f"{t}-{p.name}" for t, p in CASES]


def run(track: str, who: Persona) -> tuple[Interview, Findings]:
    return _run(track, who.name)


@cache
def _run(track: str, name: str) -> tuple[Interview, Findings]:
    """One interview per track and persona, shared by the tests that read it."""
    who = next(p for p in PERSONAS if p.name == name)
    script = load_script()
    iv = Interview(script, track)
    drive(iv, answers_as(who))
    found = findings(script, iv.track, iv.scorecard(), iv.answers, iv.transcript)
    return iv, found


def authored(script: Script) -> dict[str, Action]:
    return {a.id: a for d in script.dimensions.values() for a in d.actions}


@pytest.mark.parametrize(("track", "who"), CASES, ids=IDS)
def test_no_action_puts_in_place_only_what_was_answered_yes(script, track, who):
    iv, found = run(track, who)
    actions = authored(script)
    for a in found.actions:
        practices = actions[a.id].indicators
        answers = [iv.answers.get(f"{a.dimension}.ind.{i}") for i in practices]
        assert not practices or not all(v in ("yes", "mostly") for v in answers), a.id
        assert all(x.status != "answered yes" for x in a.addresses)


@pytest.mark.parametrize(("track", "who"), CASES, ids=IDS)
def test_owners_are_roles_the_organisation_has(script, track, who):
    iv, found = run(track, who)
    asks_team = any(s.role == "team" for s in iv.track.steps)
    if asks_team and who is LOW:
        assert set(found.missing_owners) >= {"ML platform lead", "ML engineering lead"}
    if asks_team and who is MID:
        assert "ML platform lead" in found.missing_owners
    if track == "executive" and who is LOW:  # "Nobody yet" to who sponsors it
        assert {"Business sponsor", "Executive sponsor"} <= set(found.missing_owners)
    if who is HIGH:
        assert not found.missing_owners
    for a in found.actions:
        assert a.owner not in found.missing_owners, (a.id, a.owner)
        assert a.owner in script.owners
        if a.owner_instead_of:
            assert a.owner_instead_of in found.missing_owners
            assert f"as the team has no {a.owner_instead_of}" in a.why


def test_a_team_without_a_platform_team_gets_its_platform_work_owned_by_its_engineers():
    _, found = run("ml-engineering", MID)
    moved = [a for a in found.actions if a.owner_instead_of == "ML platform lead"]
    assert moved and all(a.owner == "ML engineering lead" for a in moved)
    _, found = run("ml-engineering", LOW)  # no ML engineers either
    assert {a.owner for a in found.actions} <= {"Head of data science", "Data engineering lead"}


@pytest.mark.parametrize(("track", "who"), CASES, ids=IDS)
def test_a_metric_target_is_the_clients_own_where_stated_else_the_guides(script, track, who):
    iv, found = run(track, who)
    stated = " ".join(
        who.said[s.role]
        for s in iv.track.steps
        if s.role in ("success_criteria", "desired_outcomes")
    )
    for a in found.actions:
        m = a.metric
        if m is None:
            continue
        if m.target_source == "client":
            assert m.target in stated and m.target_turn is not None
            assert QUANTITY.search(m.target.lower()), m.target  # a number and its unit
        else:
            metric = next(x for x in script.dimensions[a.dimension].metrics if x.id == m.id)
            assert (m.target, m.target_source) == (
                metric.benchmark,
                "guide" if metric.benchmark else "",
            )
    for f in found.dimensions:
        for b in f.baseline:
            assert b.target_source in ("client", "guide", "")


def test_the_clients_own_numbers_become_the_targets_of_the_metrics_they_name():
    _, found = run("executive", MID)
    roi = [a.metric for a in found.actions if a.metric and a.metric.id == "roi-coverage"]
    assert roi and all(
        (m.target, m.target_source) == ("ROI measured for 80% of models", "client") for m in roi
    )
    (value,) = [f for f in found.dimensions if f.key == "business_value"]
    row = next(b for b in value.baseline if b.metric.startswith("Establish clear ROI"))
    assert (row.target, row.target_source) == ("ROI measured for 80% of models", "client")
    _, found = run("data-science", LOW)  # "A first model live in production within six months."
    first = next(a for a in found.actions if a.id == "first-model-to-production")
    assert first.metric is not None and first.metric.id == "deployment-time"
    assert first.metric.target == "A first model live in production within six months"
    assert first.metric.benchmark == "minutes"  # the guide's, still shown beside it


@pytest.mark.parametrize(("track", "who"), CASES, ids=IDS)
def test_a_finding_never_lists_a_practice_as_both_in_place_and_not_yet(script, track, who):
    _, found = run(track, who)
    for f in found.dimensions:
        for ind in script.dimensions[f.key].indicators:
            assert f.finding.count(_clause(ind)) <= 1, (f.key, ind.id, f.finding)


def test_a_high_maturity_finding_names_a_mostly_practice_once_as_in_place_with_a_gap(mini):
    from interviewer.scoring.findings import finding_sentence

    dim = mini.dimensions["deployment_serving"]
    values = {i.id: "mostly" for i in dim.indicators}
    assert finding_sentence(dim, 3, "Defined", values) == (
        "Deployment is at level 3, Defined: canary releases are routine (mostly in place); "
        "with a gap: deployments are scripted (mostly in place)."
    )
    values |= {"scripted": "yes", "envs": "no"}
    assert finding_sentence(dim, 3, "Defined", values) == (
        "Deployment is at level 3, Defined: deployments are scripted; not yet: environments "
        "are reproducible (answered no); with a gap: CI/CD deploys models (mostly in place)."
    )


def test_a_named_sponsor_is_never_told_to_appoint_one():
    _, named = run("executive", HIGH)  # "I will sponsor it; a steering group meets monthly."
    _, mid = run("executive", MID)  # "The CFO sponsors it."
    _, nobody = run("executive", LOW)  # "Nobody yet."
    for found in (named, mid):
        assert "appoint-executive-sponsor" not in {a.id for a in found.actions}
    assert "sponsor-value-review" in {a.id for a in mid.actions}
    ids = {a.id for a in nobody.actions}
    assert "appoint-executive-sponsor" in ids and "sponsor-value-review" not in ids


@pytest.mark.parametrize("track", TRACKS)
def test_with_no_model_in_production_the_stated_blocker_is_quoted_and_cleared(script, track):
    _, found = run(track, LOW)
    assert found.blocker is not None and found.blocker.text == LOW.said["blocker"]
    clears = [a for a in found.actions if any(x.kind == "said" for x in a.addresses)]
    assert len(clears) == 1 and LOW.said["blocker"] in clears[0].why
    assert found.actions.index(clears[0]) <= 1  # first, or second after the top priority
    actions = authored(script)
    for a in found.actions:
        assert "in-production" not in actions[a.id].requires, a.id
    assert "track-model-kpis" not in {a.id for a in found.actions}


def test_with_models_in_production_the_first_model_work_is_not_given():
    for who in (MID, HIGH):
        _, found = run("full", who)
        assert found.blocker is None
        assert not {"first-model-to-production", "sponsor-first-model"} & {
            a.id for a in found.actions
        }


def test_the_top_priority_is_one_area_and_its_first_action_leads():
    _, found = run("full", MID)  # "Model monitoring."
    assert found.priority is not None
    assert found.priority.dimension == "monitoring_observability"
    assert {a.dimension for a in found.actions if a.stated} == {"monitoring_observability"}
    first = next(n for n, a in enumerate(found.actions) if a.stated)
    before = {a.id for a in found.actions[:first]}
    lead = found.actions[first]
    assert before <= set(lead.depends_on), "only what it depends on comes before it"
    assert first == 0 or before


def test_a_target_is_read_from_a_clause_that_names_the_metric_with_a_number():
    from interviewer.scoring.said import Said
    from interviewer.scoring.targets import client_target
    from interviewer.script.model import Metric

    lead = Metric("deployment-time", "Reduce deployment time", said_as=("lead time", "deploy in"))
    said = [Said("Faster deploys. Deploy lead time under a day, and 99.9% uptime", 7)]
    assert client_target(lead, said) == ("Deploy lead time under a day", 7)
    assert client_target(lead, [Said("A shorter lead time, and fewer incidents", 7)]) is None
    assert clauses("Uptime 99.9%; cost down 30%, and every model monitored") == [
        "Uptime 99.9%",
        "cost down 30%",
        "every model monitored",
    ]


def test_the_reports_quote_the_blocker_and_label_each_target(tmp_path):
    from jsonl_driver import finished_session

    from interviewer.export.json_export import render_json
    from interviewer.export.markdown import render_markdown
    from interviewer.export.report_data import gather
    from interviewer.store import SessionStore

    store = SessionStore(tmp_path)
    low = gather(store, finished_session(tmp_path, answers_as(LOW), track="executive"))
    text = render_markdown(low)
    recommendations = text.split("## Recommendations", 1)[1].split("## Roadmap", 1)[0]
    blocker = LOW.said["blocker"].rstrip(".")
    assert f"What stops a first model (turn 3): “{blocker}”; action 1 addresses it." in text
    assert "by its answers it has no Business sponsor and no Executive sponsor" in text
    assert "the guide's benchmark" in recommendations
    body = render_json(low)
    assert body["schema"] == "interviewer.report/3"
    assert body["stated"]["blocker"] == {"text": LOW.said["blocker"], "turn": 3}
    assert body["actions"][0]["id"] == "sponsor-first-model"

    mid = gather(store, finished_session(tmp_path, answers_as(MID), track="executive"))
    text = render_markdown(mid)
    assert "target: “ROI measured for 80% of models”, their own at turn" in text
    assert "appoint" not in text.split("## Recommendations", 1)[1].lower().split("##")[0]
    body = render_json(mid)
    roi = next(a["metric"] for a in body["actions"] if a["metric"]["id"] == "roi-coverage")
    assert (roi["target"], roi["target_source"]) == ("ROI measured for 80% of models", "client")


def test_a_session_on_a_script_without_roles_still_exports(tmp_path):
    from conftest import MINI, persona
    from jsonl_driver import finished_session

    from interviewer.export.json_export import render_json
    from interviewer.export.report_data import gather
    from interviewer.store import SessionStore

    sid = finished_session(tmp_path, persona("no", 1), script=MINI)
    body = render_json(gather(SessionStore(tmp_path), sid))
    assert body["stated"] == {"priority": None, "blocker": None, "owners_missing": []}
    assert body["actions"] and all(a["owner_instead_of"] is None for a in body["actions"])


@pytest.mark.parametrize(
    ("said", "area"),
    [
        ("Model monitoring.", "monitoring_observability"),
        ("Model monitoring and cost per prediction", "monitoring_observability"),
        ("Show the board the ROI of what we run", "business_value"),
        ("Rollbacks take days", "deployment_serving"),
        ("Better governance of our data pipelines", "governance_compliance"),
        ("Nothing in particular", None),
    ],
)
def test_a_stated_priority_reads_as_at_most_one_area(script, said, area):
    from interviewer.scoring.priority import priority_dimension

    assert priority_dimension(said, script.dimensions.values()) == area


@pytest.mark.parametrize(
    ("said", "named"),
    [
        ("I will sponsor it; a steering group meets monthly.", True),
        ("The CFO.", True),
        ("Our COO, though nobody owns change management yet", True),
        ("Nobody yet. We would need to find one.", False),
        ("Not decided", False),
        ("No one, to be honest", False),
        ("We don't have one", False),
        ("It's unclear who would", False),
        ("To be decided at the board", False),
    ],
)
def test_a_sponsor_answer_names_someone_or_says_nobody(said, named):
    from interviewer.scoring.said import names_someone

    assert names_someone(said) is named


@pytest.mark.parametrize(
    "team",
    [
        "Eight of us; no dedicated ML platform team.",
        "We don't have a dedicated platform team.",
        "There is no separate platform team, the data scientists deploy.",
        "We do not have a platform team",
    ],
)
def test_a_team_answer_without_a_platform_team_rules_its_lead_out(script, team):
    from interviewer.scoring.said import Said, missing_owners

    assert "ML platform lead" in missing_owners(script.owners, {"team": Said(team, 2)})
    has = Said("A dedicated ML platform team of five, and ML engineers in each squad.", 2)
    assert not missing_owners(script.owners, {"team": has})


def test_the_organisation_report_takes_owners_targets_and_the_blocker_from_every_session(tmp_path):
    from datetime import date

    from jsonl_driver import finished_session

    from interviewer.export.org_report import build, render_org_json, render_org_markdown
    from interviewer.store import SessionStore

    for track in ("executive", "ml-engineering", "platform"):
        finished_session(tmp_path, answers_as(LOW), org="LowCo", participant=track, track=track)
    report = build(SessionStore(tmp_path), "LowCo", date(2026, 12, 8))
    items = [i for p in report.phases for i in p.shown]
    assert items[0].id == "first-model-to-production"  # clears the stated blocker
    assert not {"ML platform lead", "ML engineering lead"} & {i.owner for i in items}
    text = render_org_markdown(report)
    assert (
        "- Reduce deployment time from weeks to minutes: “A first model live in production "
        "within six months” (Executive session, turn 32); the guide's benchmark: minutes; "
        "moved by #1, #" in text
    )
    (deploy,) = [
        t for t in render_org_json(report)["own_targets"] if t["metric"].startswith("Reduce")
    ]
    assert deploy["track"] == "executive"
    assert deploy["actions"] == ["first-model-to-production", "script-model-deployments"]


async def test_the_apps_summary_shows_the_interviewees_own_target():
    from textual.app import App
    from textual.widgets import Static

    from interviewer.tui.summary.screen import SummaryScreen

    iv, found = run("executive", MID)
    screen = SummaryScreen(iv.scorecard(), "s-1", "Executive session", found.actions)

    class Show(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    async with Show().run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        actions = str(screen.query_one("#summary-actions", Static).render())
    assert "your target: ROI measured for 80% of models" in actions


def test_what_a_high_maturity_team_described_in_its_own_words_is_not_recommended_to_it(script):
    """The review's case: contracts, canary and autoscaling said in free text, the practices
    themselves answered "don't know"; none of the three actions that would put them in place."""
    heard_only = {"versioned-apis", "api-slas", "progressive-rollout", "autoscaling"}

    def answer(ask):
        step = ask.step
        if step.kind == "indicator" and step.indicator and step.indicator.id in heard_only:
            return "unknown"
        return answers_as(HIGH)(ask)

    iv = Interview(script, "ml-engineering")
    drive(iv, answer)
    found = findings(script, iv.track, iv.scorecard(), iv.answers, iv.transcript)
    ids = {a.id for a in found.actions}
    assert not {"publish-model-api-contracts", "progressive-rollouts", "autoscale-serving"} & ids
    assert {"self-healing-endpoints", "tune-serving-resources"} <= ids  # level 5: partly


def test_a_role_is_read_from_its_answer_and_the_follow_up_a_short_answer_gets(script):
    said = {"sponsorship": "The CFO", "sponsorship.followup": "She chairs the steering group"}

    def answer(ask):
        return said.get(ask.step.id) or answers_as(LOW)(ask)

    iv = Interview(script, "executive")
    drive(iv, answer)
    found = findings(script, iv.track, iv.scorecard(), iv.answers, iv.transcript)
    assert "sponsorship.followup" in iv.answers  # two words: asked for more
    ids = {a.id for a in found.actions}
    assert "appoint-executive-sponsor" not in ids and "sponsor-value-review" in ids
    assert not {"Business sponsor", "Executive sponsor"} & set(found.missing_owners)


def test_an_anonymised_report_keeps_the_owner_roles_whatever_the_participant_is_called(tmp_path):
    from jsonl_driver import finished_session

    from interviewer.export.anonymise import anonymise
    from interviewer.export.json_export import render_json
    from interviewer.export.report_data import gather
    from interviewer.store import SessionStore

    store = SessionStore(tmp_path)
    sid = finished_session(
        tmp_path, answers_as(LOW), participant="Kim Executive", track="executive"
    )
    body = render_json(anonymise(store, gather(store, sid)))
    assert body["stated"]["owners_missing"] == ["Business sponsor", "Executive sponsor"]
    assert body["session"]["participant"] == "Participant A"
