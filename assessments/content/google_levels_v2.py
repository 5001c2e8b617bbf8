"""Google MLOps levels, version 2: version 1 with the questions placed where Google's text puts them, the
capabilities version 1 missed, and the questions that are not Google's criteria labelled as extensions.

Changes from version 1 (issue 16; docs/decisions.md):
- level 2 -> 1: ``deploy-progressive`` (canary and A/B testing are level 1's online model validation),
  ``data-incidents-trigger`` and ``mon-triggers-retraining`` (level 1 triggers include performance
  degradation and distribution change), ``data-features-defined-once`` (the feature store, an optional
  level 1 component);
- ``deploy-serving-tested`` is split: ``deploy-serving-compatible`` (compatibility with the serving
  infrastructure and the prediction API, level 1 model validation) and ``deploy-load-tested`` (level 2);
- added: ``exp-orchestrated`` (rapid experiment, level 1), ``train-components-artifacts`` and
  ``deploy-staged`` (level 2);
- extensions (not in Google's text): the whole Governance dimension, ``deploy-rollback``,
  ``deploy-approval-recorded``, ``mon-service-alerts`` and ``mon-central``.

Frozen once released, like version 1. Unchanged questions keep version 1's wording (taken from its module).
"""

from dataclasses import replace

from . import DimensionContent
from . import QuestionContent as Q
from . import google_levels_v1 as v1

EXTENSIONS = frozenset(
    {"deploy-rollback", "deploy-approval-recorded", "mon-service-alerts", "mon-central"}
    | {q.key for q in v1.GOVERNANCE.questions}
)


def _v1(dimension: DimensionContent, key: str, **changes) -> Q:
    question = next(q for q in dimension.questions if q.key == key)
    return replace(question, extension=key in EXTENSIONS, **changes)


def _dimension(base: DimensionContent, questions: tuple[Q, ...]) -> DimensionContent:
    # Level 1 questions first, each level in the order given.
    return replace(base, questions=tuple(sorted(questions, key=lambda q: q.level)))


DATA = _dimension(
    v1.DATA,
    (
        _v1(v1.DATA, "data-prep-as-code"),
        _v1(v1.DATA, "data-schema-validation"),
        _v1(v1.DATA, "data-snapshots-versioned"),
        _v1(v1.DATA, "data-skew-measured"),
        _v1(
            v1.DATA,
            "data-features-defined-once",
            level=1,
            guidance="A feature store or a shared library computes features, so training and serving cannot "
            "diverge. No when serving re-implements features in another language or codebase. Google names "
            "the feature store an optional level 1 component: answer not applicable, saying why, when the "
            "team has no features shared between training and serving.",
        ),
        _v1(
            v1.DATA,
            "data-incidents-trigger",
            level=1,
            guidance="A failed validation or a drift threshold opens an incident for the owner or starts a "
            "retraining run, without someone noticing a chart first. Google's level 1 triggers include "
            "a change in the data's distribution.",
        ),
        _v1(v1.DATA, "data-code-ci"),
    ),
)

EXPERIMENTATION = _dimension(
    v1.EXPERIMENTATION,
    (
        *(_v1(v1.EXPERIMENTATION, q.key) for q in v1.EXPERIMENTATION.questions),
        Q(
            key="exp-orchestrated",
            level=1,
            text="Are the steps of an experiment orchestrated, so a whole experiment runs as one pipeline?",
            guidance="Google's rapid experiment: data validation, preparation, training, evaluation and "
            "validation run as orchestrated steps, so trying an idea does not mean running each step by "
            "hand. Partial when only some steps are chained.",
            evidence_hint="The experiment pipeline definition and a recent experiment run.",
        ),
    ),
)

TRAINING = _dimension(
    v1.TRAINING,
    (
        *(_v1(v1.TRAINING, q.key) for q in v1.TRAINING.questions),
        Q(
            key="train-components-artifacts",
            level=2,
            text="Does CI test that each pipeline component produces the artifacts it is expected to?",
            guidance="Google's CI for level 2 checks that every component (validation, transformation, "
            "training, evaluation) writes the artifacts the next one expects, not only that the code runs.",
            evidence_hint="The CI tests asserting each component's outputs and a recent run.",
        ),
    ),
)

DEPLOYMENT = _dimension(
    v1.DEPLOYMENT,
    (
        _v1(v1.DEPLOYMENT, "deploy-by-pipeline"),
        _v1(v1.DEPLOYMENT, "deploy-registry"),
        _v1(v1.DEPLOYMENT, "deploy-rollback"),
        _v1(
            v1.DEPLOYMENT,
            "deploy-progressive",
            level=1,
            text="Is a new model validated online (canary or A/B test) before it serves all traffic?",
            guidance="Google's level 1 online model validation: a new version first serves a share of "
            "traffic, or runs beside the current one, and its metrics decide whether it proceeds. Partial "
            "when the comparison is made by hand.",
            evidence_hint="The rollout or experiment configuration and the result of a recent rollout.",
        ),
        Q(
            key="deploy-serving-compatible",
            level=1,
            text="Is a new model tested for compatibility with the serving infrastructure and the "
            "prediction API before it is deployed?",
            guidance="Level 1 model validation: an automated test loads the model in the serving stack and "
            "sends requests in the prediction service's API format, before deployment.",
            evidence_hint="The compatibility test and its result for the latest release.",
        ),
        Q(
            key="deploy-load-tested",
            level=2,
            text="Is serving load-tested before each release?",
            guidance="Automated tests check latency and throughput under the expected load (queries per "
            "second) before a release reaches production.",
            evidence_hint="The load-test job and its results for the latest release.",
        ),
        Q(
            key="deploy-staged",
            level=2,
            text="Is deployment staged: automatic to test, semi-automatic to pre-production, manual to "
            "production?",
            guidance="Google's level 2 continuous delivery: a release reaches the test environment "
            "automatically, pre-production after a light step, and production only by a deliberate "
            "release.",
            evidence_hint="The delivery pipeline's stages and the history of a recent release.",
        ),
        _v1(v1.DEPLOYMENT, "deploy-approval-recorded"),
    ),
)

MONITORING = _dimension(
    v1.MONITORING,
    (
        _v1(v1.MONITORING, "mon-logged"),
        _v1(v1.MONITORING, "mon-live-quality"),
        _v1(v1.MONITORING, "mon-drift-thresholds"),
        _v1(v1.MONITORING, "mon-service-alerts"),
        _v1(
            v1.MONITORING,
            "mon-triggers-retraining",
            level=1,
            guidance="A drift or quality alert starts the training pipeline or opens an experiment without a "
            "person deciding to. Google's level 1 triggers include performance degradation and changes "
            "in the data's distribution.",
        ),
        _v1(v1.MONITORING, "mon-central"),
    ),
)

GOVERNANCE = _dimension(v1.GOVERNANCE, tuple(_v1(v1.GOVERNANCE, q.key) for q in v1.GOVERNANCE.questions))

FRAMEWORK = replace(
    v1.FRAMEWORK,
    version=2,
    description=v1.FRAMEWORK.description
    + " Governance, not one of Google's criteria, is scored beside the headline level; questions marked "
    "as extensions are this product's additions to Google's text.",
    dimensions=(DATA, EXPERIMENTATION, TRAINING, DEPLOYMENT, MONITORING, GOVERNANCE),
)
