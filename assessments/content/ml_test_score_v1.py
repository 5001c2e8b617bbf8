"""The ML Test Score, version 1: Breck et al., IEEE Big Data 2017, 28 tests in 4 sections of 7.

Each test is answered not done, done manually with the results documented (0.5), or automated and repeated
(1). Test names are the paper's; guidance and evidence hints are ours. Frozen once released.
"""

from . import DimensionContent, FrameworkContent
from . import QuestionContent as Q


def _section(key: str, name: str, description: str, tests: list[tuple[str, str, str]]) -> DimensionContent:
    return DimensionContent(
        key=key,
        name=name,
        description=description,
        questions=tuple(
            Q(key=f"{key}-{n}", text=text, guidance=guidance, evidence_hint=hint)
            for n, (text, guidance, hint) in enumerate(tests, start=1)
        ),
    )


DATA = _section(
    "data",
    "Features and data",
    "Tests that the data and the features built from it are what the model expects.",
    [
        (
            "Feature expectations are captured in a schema.",
            "Expected types, ranges and distributions of each feature are written down and checked.",
            "The schema and where it is enforced.",
        ),
        (
            "All features are beneficial.",
            "Each feature's contribution has been measured, for example by leaving it out and retraining.",
            "The ablation or importance study.",
        ),
        (
            "No feature's cost is too much.",
            "Latency, memory, upstream dependencies and maintenance of each feature are weighed against its "
            "benefit.",
            "The cost analysis per feature.",
        ),
        (
            "Features adhere to meta-level requirements.",
            "Rules such as 'no personal data as input' or 'no deprecated sources' are checked for every "
            "feature.",
            "The rules and the check that enforces them.",
        ),
        (
            "The data pipeline has appropriate privacy controls.",
            "Access to raw personal data is restricted, and deletion requests reach derived data too.",
            "The access policy and how deletions propagate.",
        ),
        (
            "New features can be added quickly.",
            "A new feature can go from idea to a production model in days, not months.",
            "The last feature added and how long it took.",
        ),
        (
            "All input feature code is tested.",
            "Feature transformations have unit tests.",
            "The tests and their coverage of feature code.",
        ),
    ],
)

MODEL = _section(
    "model",
    "Model development",
    "Tests that the model is reviewed, tuned, compared with simpler ones and fair on important slices.",
    [
        (
            "Model specs are reviewed and submitted.",
            "Model configuration is code-reviewed and checked in, so a trained model can be traced to it.",
            "A reviewed change to a model specification.",
        ),
        (
            "Offline and online metrics correlate.",
            "Offline proxy metrics have been shown to move with the online business or user metrics.",
            "The study relating offline and online metrics, e.g. from a small intentional degradation.",
        ),
        (
            "All hyperparameters have been tuned.",
            "Learning rates, layer sizes, regularisation and similar settings were searched, not guessed.",
            "The tuning runs and the chosen values.",
        ),
        (
            "The impact of model staleness is known.",
            "You know how quality drops as a model ages, and so how often it must be retrained.",
            "The staleness experiment comparing models of different ages.",
        ),
        (
            "A simpler model is not better.",
            "The model is regularly compared with a simple baseline, such as a linear model on a few "
            "features.",
            "The baseline comparison.",
        ),
        (
            "Model quality is sufficient on important data slices.",
            "Quality is checked separately on slices such as country, age group or device, not only overall.",
            "Metrics per slice and their thresholds.",
        ),
        (
            "The model is tested for considerations of inclusion.",
            "Performance across groups of people is examined for unfair differences.",
            "The fairness evaluation and what was done about its findings.",
        ),
    ],
)

INFRASTRUCTURE = _section(
    "infrastructure",
    "ML infrastructure",
    "Tests that training and serving machinery is reproducible, tested and safe to release.",
    [
        (
            "Training is reproducible.",
            "Training twice on the same data gives models that behave the same (seeds, ordering and "
            "ensembling under control).",
            "Two runs on the same data and the difference between their predictions.",
        ),
        (
            "Model specs are unit tested.",
            "The model's code is tested, for example that training on a few examples lowers the loss.",
            "The unit tests of model code.",
        ),
        (
            "The ML pipeline is integration tested.",
            "The whole pipeline, from raw data to a served model, runs end to end in a test.",
            "The integration test and its last run.",
        ),
        (
            "Model quality is validated before serving.",
            "A model is checked for sudden and slow quality loss before it serves traffic.",
            "The validation gate and its thresholds.",
        ),
        (
            "The model is debuggable.",
            "One example can be stepped through the model to see how its prediction was computed.",
            "The debugging tool or procedure.",
        ),
        (
            "Models are canaried before serving.",
            "A new model serves a small share of traffic first, to catch errors between the model and the "
            "serving system.",
            "The canary configuration and a release that used it.",
        ),
        (
            "Serving models can be rolled back.",
            "Going back to the previous model is practised and quick.",
            "The rollback procedure and when it was last exercised.",
        ),
    ],
)

MONITORING = _section(
    "monitoring",
    "Monitoring",
    "Tests that production models are watched for the ways they fail.",
    [
        (
            "Dependency changes result in notification.",
            "The team hears about changes to upstream data, schemas and services it depends on.",
            "The subscriptions or alerts on upstream changes.",
        ),
        (
            "Data invariants hold for inputs.",
            "The schema checked in training is also checked on serving inputs, with alerts on violations.",
            "The serving-side checks and their alert rules.",
        ),
        (
            "Training and serving are not skewed.",
            "Features computed for training and for serving are compared and found to match.",
            "The skew measurement between training and serving features.",
        ),
        (
            "Models are not too stale.",
            "The age of each production model is watched against the limit its staleness study set.",
            "The model-age alert.",
        ),
        (
            "Models are numerically stable.",
            "NaN and infinite values in training and predictions are detected and stop the model.",
            "The checks for NaN and infinity.",
        ),
        (
            "Computing performance has not regressed.",
            "Training speed, serving latency, throughput and memory are tracked across versions.",
            "The performance dashboard across versions.",
        ),
        (
            "Prediction quality has not regressed.",
            "Quality of served predictions is measured on recent data and compared with earlier versions.",
            "The live quality report.",
        ),
    ],
)

FRAMEWORK = FrameworkContent(
    key="ml-test-score",
    version=1,
    kind="test_score",
    name="ML Test Score",
    description="A rubric of 28 tests for production readiness. Each test earns 0.5 when done manually with "
    "documented results and 1 when automated; the final score is the lowest of the four section sums.",
    source="Breck, Cai, Nielsen, Salib and Sculley: The ML Test Score: A Rubric for ML Production Readiness "
    "and Technical Debt Reduction. IEEE Big Data 2017.",
    dimensions=(DATA, MODEL, INFRASTRUCTURE, MONITORING),
)
