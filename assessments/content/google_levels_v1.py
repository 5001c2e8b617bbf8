"""Google MLOps levels 0-2, version 1: six dimensions, each question evidencing level 1 or level 2.

From the Google Cloud architecture guide "MLOps: continuous delivery and automation pipelines in machine
learning" and DESIGN section 6. Frozen once released: see the package docstring.
"""

from . import DimensionContent, FrameworkContent
from . import QuestionContent as Q

DATA = DimensionContent(
    key="data",
    name="Data",
    description="How training and serving data is extracted, validated, versioned and watched.",
    questions=(
        Q(
            key="data-prep-as-code",
            level=1,
            text="Are data extraction and preparation steps versioned code that runs without manual edits?",
            guidance="Yes when every step from source to training table is code in version control that a "
            "pipeline runs. Partial when some steps still happen by hand in notebooks or spreadsheets.",
            evidence_hint="The repository folder or pipeline definition holding the preparation code.",
        ),
        Q(
            key="data-schema-validation",
            level=1,
            text="Is incoming data validated against a schema, with the pipeline stopping on a violation?",
            guidance="The schema names each column's type, range and allowed missing values; a violation "
            "halts training instead of silently dropping rows. Partial when checks exist but only warn.",
            evidence_hint="The schema file and a pipeline run that stopped on a violation.",
        ),
        Q(
            key="data-snapshots-versioned",
            level=1,
            text="Is each training data snapshot versioned, so you can tell which data trained a model?",
            guidance="A model version records an immutable data snapshot id (a dataset version, a table "
            "snapshot or a content hash), not just a table name that keeps changing.",
            evidence_hint="A model's metadata showing the snapshot id it was trained on.",
        ),
        Q(
            key="data-skew-measured",
            level=1,
            text="Is the drift between training and serving feature distributions measured?",
            guidance="For example PSI or a distance per feature, computed regularly between the training "
            "snapshot and recent serving inputs. Partial when it is measured by hand now and then.",
            evidence_hint="A drift report or dashboard with per-feature values and their date.",
        ),
        Q(
            key="data-code-ci",
            level=2,
            text="Is data and feature code unit-tested in continuous integration on every change?",
            guidance="Transformations have unit tests that run automatically on each merge request and block "
            "the merge when they fail.",
            evidence_hint="The CI configuration and a recent run of the data tests.",
        ),
        Q(
            key="data-features-defined-once",
            level=2,
            text="Is each feature defined once and used by both training and serving?",
            guidance="A feature store or a shared library computes features, so training and serving cannot "
            "diverge. No when serving re-implements features in another language or codebase.",
            evidence_hint="The feature definitions and where training and serving import them from.",
        ),
        Q(
            key="data-incidents-trigger",
            level=2,
            text="Do data problems in production automatically raise an incident or trigger the pipeline?",
            guidance="A failed validation or a drift threshold opens an incident for the owner or starts a "
            "retraining run, without someone noticing a chart first.",
            evidence_hint="An alert rule or trigger definition, and an incident it raised.",
        ),
    ),
)

EXPERIMENTATION = DimensionContent(
    key="experimentation",
    name="Experimentation",
    description="How experiments are tracked, compared and turned into production code.",
    questions=(
        Q(
            key="exp-tracked",
            level=1,
            text="Are the parameters, code version, data version and metrics of every experiment tracked "
            "in a shared system?",
            guidance="An experiment tracker or metadata store that the whole team uses; not personal "
            "notebooks or file names. Partial when only some of the four are recorded.",
            evidence_hint="The tracker's project page with recent runs.",
        ),
        Q(
            key="exp-comparable",
            level=1,
            text="Can results of different experiments be compared without collating them by hand?",
            guidance="Runs can be listed side by side by metric and parameter in the tracker, without "
            "copying numbers into a spreadsheet.",
            evidence_hint="A comparison view or query across runs.",
        ),
        Q(
            key="exp-same-code",
            level=1,
            text="Does the same pipeline code run in experiments and in production?",
            guidance="What the data scientist ran is what production runs; production is not a rewrite of an "
            "experiment notebook.",
            evidence_hint="The module both the experiment and the production pipeline import.",
        ),
        Q(
            key="exp-modular",
            level=1,
            text="Are pipeline components modular and packaged, so they can be reused and run on their own?",
            guidance="Components such as data validation, training and evaluation are packaged (for example "
            "as containers or libraries) with declared inputs and outputs.",
            evidence_hint="The component definitions or package registry entries.",
        ),
        Q(
            key="exp-hpo-automated",
            level=2,
            text="Is hyperparameter search automated, with every trial recorded?",
            guidance="A tuner runs the search and records each trial's parameters and metrics; nobody edits "
            "values by hand between runs.",
            evidence_hint="The tuning configuration and the recorded trials of a recent search.",
        ),
        Q(
            key="exp-output-reviewed-ci",
            level=2,
            text="Is an experiment's output code that goes through review, with merging it triggering CI?",
            guidance="A successful experiment becomes a merge request to the pipeline source; review and CI "
            "are how it reaches production.",
            evidence_hint="A merged request from an experiment and the CI run it triggered.",
        ),
    ),
)

TRAINING = DimensionContent(
    key="training-pipeline",
    name="Training pipeline",
    description="How models are retrained, recorded and validated before promotion.",
    questions=(
        Q(
            key="train-orchestrated",
            level=1,
            text="Is training an orchestrated pipeline rather than a sequence of manual steps?",
            guidance="An orchestrator (Airflow, Kubeflow, Vertex, Argo or similar) runs the steps in order "
            "and records their outcome. Partial when a script chains them but a person starts each step.",
            evidence_hint="The pipeline definition and a recent run.",
        ),
        Q(
            key="train-continuous",
            level=1,
            text="Does the pipeline retrain on a schedule, on new data or on performance degradation?",
            guidance="Continuous training: a trigger starts the pipeline without anyone deciding to retrain.",
            evidence_hint="The trigger or schedule definition and the runs it started.",
        ),
        Q(
            key="train-run-metadata",
            level=1,
            text="Does each run record its pipeline version, parameters, timings, artifacts and the model it "
            "replaces?",
            guidance="A metadata store keeps what is needed to reproduce and audit a run, including which "
            "production model the candidate was compared with.",
            evidence_hint="The metadata of one run showing all five.",
        ),
        Q(
            key="train-candidate-validated",
            level=1,
            text="Is a candidate model validated against the production model and on key data slices before "
            "promotion?",
            guidance="Promotion needs the candidate to be at least as good overall and on named slices (for "
            "example age groups or regions). Partial when only the overall metric is compared.",
            evidence_hint="The validation step's thresholds and a report comparing candidate and production.",
        ),
        Q(
            key="train-pipeline-ci",
            level=2,
            text="Do pipeline changes pass CI with unit, convergence, NaN and integration tests?",
            guidance="A change to the pipeline source runs tests that the model trains, the loss converges, "
            "no NaN values appear, and the components work together end to end.",
            evidence_hint="The CI configuration listing these tests and a recent run.",
        ),
        Q(
            key="train-pipeline-cd",
            level=2,
            text="Are pipelines deployed to their environments by continuous delivery?",
            guidance="A merged change to the pipeline is released by automation to staging and production; "
            "nobody uploads pipeline definitions by hand.",
            evidence_hint="The delivery job and its history.",
        ),
        Q(
            key="train-compute-auto",
            level=2,
            text="Is training compute scheduled and scaled automatically?",
            guidance="Runs get the machines or accelerators they need from a scheduler or autoscaler, "
            "without someone reserving them.",
            evidence_hint="The cluster or job-queue configuration the pipeline uses.",
        ),
    ),
)

DEPLOYMENT = DimensionContent(
    key="deployment",
    name="Deployment",
    description="How validated models reach production and how releases are controlled.",
    questions=(
        Q(
            key="deploy-by-pipeline",
            level=1,
            text="Are validated models deployed by the pipeline rather than by copying files?",
            guidance="Serving picks up a model the pipeline released, not a file someone copied to a server "
            "or bucket.",
            evidence_hint="The deployment step in the pipeline and a recent deployment it made.",
        ),
        Q(
            key="deploy-registry",
            level=1,
            text="Is every deployed model in a registry with its version and lineage?",
            guidance="A model registry links each deployed version to its training run, data snapshot and "
            "code version. Partial when versions are listed without lineage.",
            evidence_hint="The registry entry of a production model.",
        ),
        Q(
            key="deploy-rollback",
            level=1,
            text="Can you roll back to the previous model version quickly and safely?",
            guidance="A documented, tested rollback takes minutes and needs no retraining or rebuilding.",
            evidence_hint="The rollback runbook and the date it was last exercised.",
        ),
        Q(
            key="deploy-progressive",
            level=2,
            text="Are releases progressive (canary, A/B or shadow) with automatic success criteria?",
            guidance="A new version first serves a share of traffic or runs in shadow; metrics decide "
            "automatically whether it proceeds or is rolled back.",
            evidence_hint="The rollout configuration with its success criteria.",
        ),
        Q(
            key="deploy-serving-tested",
            level=2,
            text="Is serving load-tested and compatibility-tested before each release?",
            guidance="Automated tests check latency and throughput under expected load, and that the model "
            "accepts the inputs the serving infrastructure sends.",
            evidence_hint="The test job and its results for the latest release.",
        ),
        Q(
            key="deploy-approval-recorded",
            level=2,
            text="Does a production release need an approval that is recorded?",
            guidance="A named person approves the release in the release tool, and the approval is kept with "
            "the release.",
            evidence_hint="The approval record of the latest production release.",
        ),
    ),
)

MONITORING = DimensionContent(
    key="monitoring",
    name="Monitoring",
    description="How models in production are watched and how the signals are acted on.",
    questions=(
        Q(
            key="mon-logged",
            level=1,
            text="Are the inputs and predictions of production models logged?",
            guidance="Requests and predictions are stored (with personal data protected) so quality and "
            "drift can be computed later.",
            evidence_hint="The log table or stream and its retention.",
        ),
        Q(
            key="mon-live-quality",
            level=1,
            text="Is live prediction quality measured against ground truth or a proxy?",
            guidance="Outcomes are joined back to predictions, or a proxy metric is tracked when outcomes "
            "arrive late. Partial when it is measured by hand now and then.",
            evidence_hint="A dashboard or report of live quality over time.",
        ),
        Q(
            key="mon-drift-thresholds",
            level=1,
            text="Is input drift watched against thresholds?",
            guidance="Drift per feature is computed on a schedule and compared with agreed thresholds (for "
            "example PSI 0.1 and 0.25).",
            evidence_hint="The drift job and its configured thresholds.",
        ),
        Q(
            key="mon-service-alerts",
            level=1,
            text="Are serving latency, errors and resource use monitored with alerts?",
            guidance="Service-level indicators have alert rules that page or notify the owning team.",
            evidence_hint="The alert rules and the on-call rota they notify.",
        ),
        Q(
            key="mon-triggers-retraining",
            level=2,
            text="Do monitoring signals automatically trigger retraining or a new experiment?",
            guidance="A drift or quality alert starts the training pipeline or opens an experiment without a "
            "person deciding to.",
            evidence_hint="The trigger wiring and a run it started.",
        ),
        Q(
            key="mon-central",
            level=2,
            text="Are logs and metrics of all models collected in one central place?",
            guidance="Every production model reports to the same monitoring system, so a problem across "
            "models is visible in one view.",
            evidence_hint="The central dashboard listing every production model.",
        ),
    ),
)

GOVERNANCE = DimensionContent(
    key="governance",
    name="Governance",
    description="Accountability, documentation, lawful data and control over releases.",
    questions=(
        Q(
            key="gov-owner",
            level=1,
            text="Does every production model have an accountable owner and an owning team?",
            guidance="A named person answers for each model's decisions, and a team maintains it. The "
            "inventory in this tool is where that is recorded.",
            evidence_hint="The model inventory filtered to production models.",
        ),
        Q(
            key="gov-model-card",
            level=1,
            text="Does each model have a model card?",
            guidance="Intended use, limitations, training data, evaluation metrics and ethical "
            "considerations are written down and kept current. Partial when only some models have one.",
            evidence_hint="Links to the model cards of production models.",
        ),
        Q(
            key="gov-legal-basis",
            level=1,
            text="Does the training data have a recorded legal basis, or consent for that purpose?",
            guidance="Each personal-data source records its GDPR Art. 6 basis; consent-based sources have "
            "consent that covers the model's purpose and has neither expired nor been withdrawn.",
            evidence_hint="The data sources and consent records in the inventory.",
        ),
        Q(
            key="gov-risks-reviewed",
            level=1,
            text="Are model risks rated and reviewed periodically?",
            guidance="Risks such as unavailability, wrong predictions, decay and skills loss are rated on "
            "likelihood and impact and re-rated on a schedule.",
            evidence_hint="The risk register entries and their last review dates.",
        ),
        Q(
            key="gov-fairness-automated",
            level=2,
            text="Is fairness across groups tested automatically before each release?",
            guidance="Selection rates and error rates per group are computed by the release pipeline and "
            "compared with thresholds (for example the four-fifths rule).",
            evidence_hint="The fairness step's configuration and its latest results.",
        ),
        Q(
            key="gov-checks-block",
            level=2,
            text="Do governance checks run automatically and block a release that fails them?",
            guidance="Checks such as a complete model card, valid consent and reviewed risks are release "
            "gates, not reports read afterwards.",
            evidence_hint="The release gate and a release it stopped.",
        ),
        Q(
            key="gov-audit-trail",
            level=2,
            text="Does an audit trail record who changed, approved and deployed each model?",
            guidance="Every change, approval and deployment is recorded with who and when, and cannot be "
            "edited afterwards.",
            evidence_hint="The audit log entries for a recent release.",
        ),
    ),
)

FRAMEWORK = FrameworkContent(
    key="google-mlops-levels",
    version=1,
    kind="levels",
    name="Google MLOps levels",
    description="Where a team stands on Google's MLOps maturity levels: 0 manual process, 1 ML pipeline "
    "automation with continuous training, 2 CI/CD of the pipelines themselves.",
    source="Google Cloud architecture guide: MLOps: continuous delivery and automation pipelines in machine "
    "learning.",
    dimensions=(DATA, EXPERIMENTATION, TRAINING, DEPLOYMENT, MONITORING, GOVERNANCE),
)
