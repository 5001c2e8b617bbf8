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
            guidance_ko="피처 스토어나 공용 라이브러리가 피처를 계산하므로 학습과 서빙이 서로 달라질 수 "
            "없습니다. 서빙에서 다른 언어나 코드베이스로 피처를 다시 구현하면 아니요입니다. Google은 피처 "
            "스토어를 수준 1의 선택적 구성 요소로 봅니다. 학습과 서빙이 공유하는 피처가 없는 팀은 해당 "
            "없음으로 답하고 그 이유를 적으십시오.",
        ),
        _v1(
            v1.DATA,
            "data-incidents-trigger",
            level=1,
            guidance="A failed validation or a drift threshold opens an incident for the owner or starts a "
            "retraining run, without someone noticing a chart first. Google's level 1 triggers include "
            "a change in the data's distribution.",
            guidance_ko="검증 실패나 드리프트 임곗값 초과가 누군가 차트를 먼저 알아채지 않아도 책임자에게 "
            "인시던트를 열거나 재학습 실행을 시작합니다. Google의 수준 1 트리거에는 데이터 분포의 변화가 "
            "포함됩니다.",
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
            text_ko="실험 단계가 오케스트레이션되어 실험 전체가 하나의 파이프라인으로 실행됩니까?",
            guidance_ko="Google의 신속한 실험: 데이터 검증, 준비, 학습, 평가, 검증이 오케스트레이션된 "
            "단계로 실행되므로 아이디어를 시험할 때 각 단계를 수작업으로 실행하지 않아도 됩니다. 일부 단계만 "
            "연결되어 있으면 부분적입니다.",
            evidence_hint_ko="실험 파이프라인 정의와 최근 실험 실행 기록",
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
            text_ko="각 파이프라인 구성 요소가 기대되는 산출물을 만드는지 CI에서 테스트합니까?",
            guidance_ko="Google의 수준 2 CI는 코드가 실행되는지뿐 아니라 모든 구성 요소(검증, 변환, 학습, "
            "평가)가 다음 구성 요소가 기대하는 산출물을 만드는지 확인합니다.",
            evidence_hint_ko="각 구성 요소의 출력을 확인하는 CI 테스트와 최근 실행 기록",
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
            text_ko="새 모델이 전체 트래픽을 처리하기 전에 온라인으로 검증(카나리 또는 A/B 테스트)됩니까?",
            guidance_ko="Google의 수준 1 온라인 모델 검증: 새 버전은 먼저 트래픽의 일부를 처리하거나 현재 "
            "버전과 나란히 실행되며, 그 지표에 따라 진행 여부가 결정됩니다. 비교를 수작업으로 하면 "
            "부분적입니다.",
            evidence_hint_ko="롤아웃 또는 실험 설정과 최근 롤아웃 결과",
        ),
        Q(
            key="deploy-serving-compatible",
            level=1,
            text="Is a new model tested for compatibility with the serving infrastructure and the "
            "prediction API before it is deployed?",
            guidance="Level 1 model validation: an automated test loads the model in the serving stack and "
            "sends requests in the prediction service's API format, before deployment.",
            evidence_hint="The compatibility test and its result for the latest release.",
            text_ko="새 모델을 배포하기 전에 서빙 인프라 및 예측 API와의 호환성을 테스트합니까?",
            guidance_ko="수준 1 모델 검증: 배포 전에 자동화된 테스트가 서빙 스택에 모델을 올리고 예측 "
            "서비스의 API 형식으로 요청을 보냅니다.",
            evidence_hint_ko="최근 릴리스의 호환성 테스트와 결과",
        ),
        Q(
            key="deploy-load-tested",
            level=2,
            text="Is serving load-tested before each release?",
            guidance="Automated tests check latency and throughput under the expected load (queries per "
            "second) before a release reaches production.",
            evidence_hint="The load-test job and its results for the latest release.",
            text_ko="릴리스마다 서빙에 대한 부하 테스트를 수행합니까?",
            guidance_ko="릴리스가 운영 환경에 도달하기 전에 자동화된 테스트가 예상 부하(초당 쿼리 수)에서의 "
            "지연 시간과 처리량을 확인합니다.",
            evidence_hint_ko="최근 릴리스의 부하 테스트 작업과 결과",
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
            text_ko="배포가 단계적으로 이루어집니까? 테스트 환경에는 자동, 사전 운영 환경에는 반자동, 운영 "
            "환경에는 수동으로 배포합니까?",
            guidance_ko="Google의 수준 2 지속적 배포: 릴리스는 테스트 환경에 자동으로 도달하고, 간단한 "
            "단계를 거쳐 사전 운영 환경에, 의도적인 릴리스를 통해서만 운영 환경에 도달합니다.",
            evidence_hint_ko="배포 파이프라인의 단계와 최근 릴리스 이력",
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
            guidance_ko="드리프트나 품질 알림이 사람의 결정 없이 학습 파이프라인을 시작하거나 실험을 "
            "엽니다. Google의 수준 1 트리거에는 성능 저하와 데이터 분포의 변화가 포함됩니다.",
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
    description_ko=v1.FRAMEWORK.description_ko
    + " 거버넌스는 Google의 기준이 아니므로 대표 수준과 별도로 점수를 매기며, 확장으로 표시된 문항은 이 "
    "제품이 Google의 원문에 더한 것입니다.",
    dimensions=(DATA, EXPERIMENTATION, TRAINING, DEPLOYMENT, MONITORING, GOVERNANCE),
)
