"""Personas written from two public MLOps maturity models, with the guide level each implies.

Sources (their published level descriptions, not our indicator wording):
- Microsoft, "Machine Learning operations maturity model" (Azure Architecture Center), levels
  0 No MLOps, 1 DevOps but no MLOps, 2 Automated training, 3 Automated model deployment,
  4 Full MLOps automated operations: one table per level with People, Model creation, Model
  release and Application integration, and a summary of highlights and technology.
- Google Cloud, "MLOps: Continuous delivery and automation pipelines in machine learning",
  levels 0 Manual process, 1 ML pipeline automation, 2 CI/CD pipeline automation: each level's
  characteristics, additional components and challenges.

Each column is one team exactly as its level is described, answering every indicator of the
built-in script: y yes, m mostly, p partly, n no, ? don't know. Where a description says a
thing is done, the answer is yes (mostly where it says "some" or names a limit); where it says
the thing is manual, missing or limited, no or partly; where it is silent and such a team could
plausibly not know (rehearsed rollbacks, access controls, ML spend), don't know. A higher level
keeps what the level below has unless its description says otherwise.

The expected guide level of a dimension is the guide level whose descriptors in that dimension
("Maturity Level Indicators", four a level) the model's description fits best: a level is
expected when most of its descriptors are described, and none of its critical practice is
described as missing. The argument for each cell is in `EXPECTED_WHY`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

C = TypeVar("C")

WORDS = {"y": "yes", "m": "mostly", "p": "partly", "n": "no", "?": "unknown"}
PERSONAS = ("MS0", "MS1", "MS2", "MS3", "MS4", "G0", "G1", "G2")
NAMES = {
    "MS0": "Microsoft 0, No MLOps",
    "MS1": "Microsoft 1, DevOps but no MLOps",
    "MS2": "Microsoft 2, Automated training",
    "MS3": "Microsoft 3, Automated model deployment",
    "MS4": "Microsoft 4, Full MLOps automated operations",
    "G0": "Google 0, Manual process",
    "G1": "Google 1, ML pipeline automation",
    "G2": "Google 2, CI/CD pipeline automation",
}
# The external level of each persona, in its own model (for the monotonicity check).
EXTERNAL = {"MS0": 0, "MS1": 1, "MS2": 2, "MS3": 3, "MS4": 4, "G0": 0, "G1": 1, "G2": 2}

# Columns: MS0 MS1 MS2 MS3 MS4 G0 G1 G2
ANSWERS = {
    # MS: data gathered by hand (0), a data pipeline (1+), a managed feature store (2+), tests
    # for all code (3), feature materialisation health and freshness monitored (4).
    # G: engineers re-create features for serving (0); automated data validation of schema and
    # value skews, an optional feature store, modular components (1); a feature store, unit
    # tests of the feature engineering logic in CI (2).
    "feature_engineering": """
        scheduled-pipelines         n p y y y n y y
        basic-validation            n n ? p m n y y
        shared-code                 n n y y y n p y
        some-docs                   n p m m m n p m
        central-store               n n y y y n p y
        standard-framework          n n m y y n m y
        point-in-time               n n p m m n ? m
        feature-tests               n n p y y n n y
        dq-monitoring               n n n p y n m y
        realtime-serving            n n p p m n p m
        feature-monitoring          n n n p y n p m
        usage-tracking              n n p m m n m m
        lifecycle                   n n n n ? n n ?
        lineage                     n n m y y n m y
        auto-discovery              n n n n n n n n
        self-optimising             n n n n n n n n
        predictive-dq               n n n n p n p p
        auto-evolution              n n n n n n n n
    """,
    # MS: experiments not predictably tracked and a model file handed off (0, 1); results
    # tracked, code and models versioned, model management, releases manual but low friction
    # (2); automatic release, unit and integration tests for each release, integrated A/B
    # testing (3); policy-based automated promotion, retraining from production metrics (4).
    # G: notebooks, a hand-over, A/B tests by the engineering team (0); orchestrated
    # experiments, metadata, automated model validation against the production model, CT (1);
    # a model registry and CI for the pipeline (2).
    "model_development": """
        experiment-tracking         n p y y y p y y
        automated-checks            n p m y y n y y
        model-docs                  n p p ? m p ? m
        scripted-promotion          n p m y y n y y
        reproducible                n n y y y n m y
        validation-standard         n n p m m n y y
        registry-approval           n n m y y p ? m
        ci-for-models               n n m y y n m y
        business-metric-validation  n n n p p p p p
        champion-challenger         n n p y y p y y
        automated-tuning            n n ? ? ? n p m
        performance-forecast        n n n n n n n n
        explainability              n n ? ? ? n ? ?
        automl-baseline             n n n n n n n n
        autonomous-validation       n n n n m n m m
        continuous-evolution        n n n n m n m y
        self-healing-pipelines      n n n n n n p p
    """,
    # MS: manual release (0), model release still a hand-off to software engineers although
    # application releases are automated (1), manual but low-friction release with versioned
    # models and managed environments (2), automatic release through CI/CD across train, test
    # and production, integrated A/B testing (3), approaching zero downtime (4).
    # G: the engineering team deploys the handed-over model with its own API, canary and A/B
    # setup (0); automated model deployment, containers, the same pipeline in every
    # environment, canary or A/B online validation (1); load tests of the prediction service,
    # automated deployment to test and pre-production (2).
    "deployment_serving": """
        scripted-deploy             n p m y y p y y
        versioned-artifacts         n p y y y p y y
        standard-interface          n p p m m m y y
        env-definitions             n p y y y p y y
        simple-serving              n p p m m p y y
        cicd                        n n n y y n m y
        rollback                    n ? ? m y n p m
        scalable-platform           n p p m y p m m
        versioned-apis              n ? ? ? ? ? p m
        env-parity                  n n p y y n y y
        progressive-rollout         n n n p m m y y
        api-slas                    n ? ? ? ? p ? m
        ab-testing                  n n n y y m y y
        autoscaling                 n ? p ? ? ? ? ?
        capacity-forecast           n n n ? ? n ? p
        auto-rollout-tuning         n n n n n n n n
        self-healing                n n n n p n n n
        auto-resources              n n n n ? n n n
        continuous-performance      n n n n ? n n p
    """,
    # MS: no centralised tracking of model performance, black boxes (0), still limited
    # feedback from production (1, 2), A/B testing of model performance at release (3),
    # verbose centralised metrics from deployed models and retraining on drift (4).
    # G: no tracking or logging of predictions (0); retraining on performance degradation and
    # on changes in data distributions (1); a monitoring stage whose output triggers the
    # pipeline (2).
    "monitoring_observability": """
        perf-monitoring             n n n p y n m y
        drift-alerts                n n n n y n y y
        incident-process            n ? ? ? ? ? ? ?
        prediction-logging          n n n p y n p m
        full-coverage               n n n n m n p m
        ground-truth                n n n p m n p m
        alert-before-users          n n n ? m n m m
        owned-alerts                n ? ? ? ? ? ? ?
        root-cause-reviews          n ? ? p m ? ? ?
        business-kpi-monitoring     n n n n p n n p
        predictive-alerting         n n n n n n n n
        alert-reviews               n n n n ? n n ?
        drift-analysis              n n n n p n p p
        automated-response          n n n n y n y y
        auto-resolution             n n n n p n p p
        learned-anomaly-detection   n n n n n n n n
        self-tuning-alerts          n n n n n n n n
        monitoring-by-default       n n n n m n p m
    """,
    # MS: manual training and builds (0), automated builds and application tests but manual
    # training (1), scheduled or event-driven training jobs and managed environments (2),
    # train, test and production managed with promotion across workspaces (3), retraining
    # triggered from production metrics, the whole system automated (4).
    # G: no CI, every step manual (0); the whole pipeline orchestrated and triggered, but
    # pipeline changes tested and deployed by hand (1); CI builds and tests the pipeline,
    # automated deployment to test and pre-production (2).
    "automation_workflows": """
        scheduled-training          n n y y y n y y
        simple-orchestration        n p y y y n y y
        ci-for-ml                   n p m y y n n y
        pipeline-template           n n p m m n m y
        failure-alerts              n ? ? ? y n ? ?
        orchestrated-workflow       n n p y y n y y
        pipeline-promotion          n n n y y n n m
        infrastructure-as-code      n p m y y n m y
        proactive-optimisation      n ? ? ? m n ? ?
        metric-triggered-retraining n n n n y n y y
        pipeline-metrics            n n p p m n m m
        adaptive-resources          n ? m m m n ? ?
        predictive-automation       n n n n n n n n
        mostly-automated            n n p m y n m m
        self-healing-workflows      n n n n p n p p
        optimised-scheduling        n n n n n n n n
        event-driven                n n m m y n m m
        shrinking-interventions     n ? ? ? ? n ? ?
    """,
    # Neither model describes governance beyond traceability: difficult to trace (MS 0, 1),
    # traceable training and model management (MS 2), full traceability from deployment back
    # to the data and registries (MS 3), policy-based promotion (MS 4); a hand-over that may
    # go through a models registry (G 0), metadata for lineage (G 1), a model registry and
    # reviewers approving merges (G 2). The rest such a team may not know.
    "governance_compliance": """
        named-owners                n ? p m m p m m
        model-inventory             n n y y y p m y
        access-controls             ? ? ? ? ? ? ? ?
        basic-fairness              n ? ? ? ? n p p
        some-compliance-automation  n n ? ? p n ? ?
        approval-process            n n ? p m n ? p
        lineage                     n n y y y n y y
        automated-compliance-checks n n n n p n n n
        encryption                  ? ? ? ? ? ? ? ?
        systematic-bias             n n n n n n p p
        governance-dashboard        n n n n n n n n
        risk-tiering                n n ? ? ? n ? ?
        proactive-bias              n n n n n n n n
        jurisdiction-mapping        ? ? ? ? ? ? ? ?
        predictive-security         n n n n n n n n
        policy-as-code              n n n n p n n n
        adaptive-compliance         n n n n n n n n
        auto-security               n n n n n n n n
        fairness-optimisation       n n n n n n n n
    """,
    # Neither model describes business value. Google starts every project by defining the use
    # case and its success criteria; A/B tests (MS 3, 4, every Google level) attribute some
    # outcomes; production feedback is missing at MS 0, 1 and G 0. The rest: don't know.
    "business_value": """
        kpi-named                   ? ? ? p m m m m
        impact-reported             n n ? p p n ? p
        use-case-list               ? ? ? ? ? ? ? ?
        spend-known                 ? ? ? ? ? ? ? ?
        roi-method                  n n ? ? ? ? ? ?
        kpi-tracked                 n n n p m n p p
        strategic-link              ? ? ? ? ? p p p
        exec-reporting              ? ? ? ? ? ? ? ?
        attribution                 n n n p p p p p
        impact-forecast             ? ? ? ? ? ? ? ?
        portfolio-management        ? ? ? ? ? ? ? ?
        value-based-allocation      n n n n n n n n
        value-optimising-systems    n n n n n n n n
        data-driven-discovery       n n n n n n n n
        self-optimising-allocation  n n n n n n n n
        competitive-advantage       ? ? ? ? ? ? ? ?
    """,
}

# Guide level expected per dimension, in the order of PERSONAS.
EXPECTED = {
    "feature_engineering": (1, 1, 2, 3, 3, 1, 2, 3),
    "model_development": (1, 1, 2, 3, 3, 1, 3, 3),
    "deployment_serving": (1, 1, 2, 3, 3, 1, 3, 3),
    "monitoring_observability": (1, 1, 1, 1, 3, 1, 2, 3),
    "automation_workflows": (1, 1, 2, 3, 4, 1, 3, 4),
    "governance_compliance": (1, 1, 2, 2, 2, 1, 2, 2),
    "business_value": (1, 1, 1, 1, 1, 1, 1, 1),
}

EXPECTED_WHY = {
    "feature_engineering": (
        "Level 2 needs some automated feature pipelines, basic sharing and simple validation: "
        "Microsoft's data pipeline (1) is one of the four, its managed feature store (2) brings "
        "sharing and definitions, Google's pipeline with data validation (1) three. Level 3 "
        "needs a standard framework, a governed feature store, data-quality monitoring and "
        "automated feature tests: Microsoft 3 adds tests for all code to the store, Google 2 "
        "unit tests of feature logic to the store and validation; Google 1's store is optional "
        "and its pipeline untested. Level 4's lifecycle management and feature selection are "
        "described by neither, so Microsoft 4's freshness monitoring stays within 3."
    ),
    "model_development": (
        "Level 2 is basic tracking, some automated validation and semi-automated deployment: "
        "Microsoft 2 (tracked, versioned, low-friction manual release). Level 3 adds "
        "comprehensive experiment management, a standard validation framework and CI/CD for "
        "models: Microsoft 3 (automatic release, tests for each release) and Google 1 "
        "(metadata, automated validation against the production model, continuous delivery of "
        "models). Level 4's business-metric validation and predictive performance management "
        "are described by neither model, so their top levels stay at 3. Microsoft 1's "
        "experiments are 'not predictably tracked': level 1."
    ),
    "deployment_serving": (
        "Microsoft 1 automates application releases but the model release is a manual "
        "hand-off: level 1. Microsoft 2's manual, low-friction release with versioned models "
        "and managed environments is level 2's basic automated deployment. Level 3 is "
        "comprehensive CI/CD and environment automation: Microsoft 3 (train, test, production "
        "managed), Google 1 (automated model deployment, the same containers everywhere). "
        "Level 4's intelligent autoscaling and predictive capacity are described by neither, "
        "so A/B tests and canaries alone do not make 4."
    ),
    "monitoring_observability": (
        "Microsoft describes production feedback as limited until level 4 (verbose metrics "
        "from deployed models, retraining from drift), and A/B tests at release are not "
        "monitoring: 1 up to Microsoft 3, then 3 (a comprehensive framework, drift detection, "
        "issues acted on before users). Google 0 has no monitoring (1); Google 1 retrains on "
        "degradation and drift, so automated performance monitoring and drift alerts are "
        "there (2); Google 2 makes monitoring a stage of its own (3)."
    ),
    "automation_workflows": (
        "Microsoft 1 automates builds but not training: level 1 ('mostly manual processes'). "
        "Microsoft 2's scheduled and event-driven training is level 2 (some automated "
        "pipelines, simple orchestration). Level 3 needs a comprehensive framework and CI/CD "
        "for ML: Microsoft 3; Google 1 orchestrates the whole pipeline although its own "
        "changes are tested by hand (a named gap in CI, not a missing level). Level 4 is "
        "performance-driven, self-monitoring automation: retraining triggered from production "
        "metrics with the whole system monitored (Microsoft 4, Google 2)."
    ),
    "governance_compliance": (
        "Neither model describes governance beyond traceability. Model management and "
        "traceable training (Microsoft 2 up, Google 1 up) are level 2's 'emerging governance "
        "frameworks'; level 3 (comprehensive governance, automated compliance monitoring, "
        "systematic bias detection) is described by neither. Before that, 'difficult to "
        "trace' is level 1."
    ),
    "business_value": (
        "Neither model describes value tracking, strategic alignment or ROI; success criteria "
        "and A/B tests are the most either says. Nothing of level 2 is described, so the guide's "
        "level 1 ('limited value measurement') is what the descriptions support."
    ),
}


def parse_table(text: str, columns: Sequence[C]) -> dict[str, dict[C, str]]:
    """Rows of "indicator code code ...": indicator id -> column -> answer value."""
    rows = {}
    for line in text.strip().splitlines():
        ind, *codes = line.split()
        assert len(codes) == len(columns), line
        rows[ind] = {col: WORDS[c] for col, c in zip(columns, codes, strict=True)}
    return rows


def table(key: str) -> dict[str, dict[str, str]]:
    """indicator id -> persona -> answer value."""
    return parse_table(ANSWERS[key], PERSONAS)


def answers(persona: str) -> dict[str, str]:
    """Every indicator answer of one persona, by step id."""
    return {
        f"{key}.ind.{ind}": values[persona] for key in ANSWERS for ind, values in table(key).items()
    }


def expected(persona: str) -> dict[str, int]:
    i = PERSONAS.index(persona)
    return {key: levels[i] for key, levels in EXPECTED.items()}
