"""The ML Test Score, version 1: Breck et al., IEEE Big Data 2017, 28 tests in 4 sections of 7.

Each test is answered not done, done manually with the results documented (0.5), or automated and repeated
(1). Test names are the paper's; guidance and evidence hints are ours. Frozen once released. Each test is
six texts: English (text, guidance, hint), then the Korean of each.
"""

from . import DimensionContent, FrameworkContent
from . import QuestionContent as Q

Test = tuple[str, str, str, str, str, str]


def _section(
    key: str, names: tuple[str, str], descriptions: tuple[str, str], tests: list[Test]
) -> DimensionContent:
    return DimensionContent(
        key=key,
        name=names[0],
        description=descriptions[0],
        name_ko=names[1],
        description_ko=descriptions[1],
        questions=tuple(
            Q(
                key=f"{key}-{n}",
                text=text,
                guidance=guidance,
                evidence_hint=hint,
                text_ko=text_ko,
                guidance_ko=guidance_ko,
                evidence_hint_ko=hint_ko,
            )
            for n, (text, guidance, hint, text_ko, guidance_ko, hint_ko) in enumerate(tests, start=1)
        ),
    )


DATA = _section(
    "data",
    ("Features and data", "피처와 데이터"),
    (
        "Tests that the data and the features built from it are what the model expects.",
        "데이터와 그로부터 만든 피처가 모델이 기대하는 것과 같은지 확인하는 테스트입니다.",
    ),
    [
        (
            "Feature expectations are captured in a schema.",
            "Expected types, ranges and distributions of each feature are written down and checked.",
            "The schema and where it is enforced.",
            "피처에 대한 기대치가 스키마에 담겨 있습니다.",
            "각 피처의 예상 유형, 범위, 분포가 문서화되어 있고 검사됩니다.",
            "스키마와 그 스키마가 적용되는 위치",
        ),
        (
            "All features are beneficial.",
            "Each feature's contribution has been measured, for example by leaving it out and retraining.",
            "The ablation or importance study.",
            "모든 피처가 유익합니다.",
            "예를 들어 해당 피처를 빼고 재학습하는 방식으로 각 피처의 기여도를 측정했습니다.",
            "제거 실험 또는 중요도 분석",
        ),
        (
            "No feature's cost is too much.",
            "Latency, memory, upstream dependencies and maintenance of each feature are weighed against its "
            "benefit.",
            "The cost analysis per feature.",
            "비용이 지나치게 큰 피처가 없습니다.",
            "각 피처의 지연 시간, 메모리, 상위 의존성, 유지 관리 비용을 그 효용과 비교해 따져 봅니다.",
            "피처별 비용 분석",
        ),
        (
            "Features adhere to meta-level requirements.",
            "Rules such as 'no personal data as input' or 'no deprecated sources' are checked for every "
            "feature.",
            "The rules and the check that enforces them.",
            "피처가 상위 수준의 요구 사항을 준수합니다.",
            "'개인정보를 입력으로 쓰지 않는다', '폐기된 데이터 소스를 쓰지 않는다' 같은 규칙을 "
            "모든 피처에 대해 확인합니다.",
            "규칙과 이를 강제하는 검사",
        ),
        (
            "The data pipeline has appropriate privacy controls.",
            "Access to raw personal data is restricted, and deletion requests reach derived data too.",
            "The access policy and how deletions propagate.",
            "데이터 파이프라인에 적절한 개인정보 보호 통제가 있습니다.",
            "원본 개인정보에 대한 접근이 제한되고, 삭제 요청이 파생 데이터에도 반영됩니다.",
            "접근 정책과 삭제가 전파되는 방식",
        ),
        (
            "New features can be added quickly.",
            "A new feature can go from idea to a production model in days, not months.",
            "The last feature added and how long it took.",
            "새 피처를 빠르게 추가할 수 있습니다.",
            "새 피처가 아이디어에서 운영 모델에 반영되기까지 몇 달이 아니라 며칠이 걸립니다.",
            "마지막으로 추가한 피처와 소요 기간",
        ),
        (
            "All input feature code is tested.",
            "Feature transformations have unit tests.",
            "The tests and their coverage of feature code.",
            "모든 입력 피처 코드가 테스트됩니다.",
            "피처 변환 로직에 단위 테스트가 있습니다.",
            "테스트와 피처 코드에 대한 커버리지",
        ),
    ],
)

MODEL = _section(
    "model",
    ("Model development", "모델 개발"),
    (
        "Tests that the model is reviewed, tuned, compared with simpler ones and fair on important slices.",
        "모델이 검토되고 조정되며, 더 단순한 모델과 비교되고 중요한 구간에서 공정한지 확인하는 테스트입니다.",
    ),
    [
        (
            "Model specs are reviewed and submitted.",
            "Model configuration is code-reviewed and checked in, so a trained model can be traced to it.",
            "A reviewed change to a model specification.",
            "모델 명세가 검토되고 저장소에 반영됩니다.",
            "모델 설정이 코드 리뷰를 거쳐 저장소에 반영되므로 학습된 모델을 그 설정까지 추적할 수 있습니다.",
            "검토를 거친 모델 명세 변경",
        ),
        (
            "Offline and online metrics correlate.",
            "Offline proxy metrics have been shown to move with the online business or user metrics.",
            "The study relating offline and online metrics, e.g. from a small intentional degradation.",
            "오프라인 지표와 온라인 지표가 상관관계를 보입니다.",
            "오프라인 대리 지표가 온라인 비즈니스 지표나 사용자 지표와 함께 움직인다는 것이 확인되었습니다.",
            "오프라인 지표와 온라인 지표의 관계를 보인 분석(예: 의도적으로 성능을 조금 낮춘 실험)",
        ),
        (
            "All hyperparameters have been tuned.",
            "Learning rates, layer sizes, regularisation and similar settings were searched, not guessed.",
            "The tuning runs and the chosen values.",
            "모든 하이퍼파라미터가 조정되었습니다.",
            "학습률, 층 크기, 정규화 같은 설정을 추측하지 않고 탐색하여 정했습니다.",
            "튜닝 실행과 선택된 값",
        ),
        (
            "The impact of model staleness is known.",
            "You know how quality drops as a model ages, and so how often it must be retrained.",
            "The staleness experiment comparing models of different ages.",
            "모델 노후화의 영향을 알고 있습니다.",
            "모델이 오래될수록 품질이 얼마나 떨어지는지, 따라서 얼마나 자주 재학습해야 하는지 알고 있습니다.",
            "학습 시점이 다른 모델을 비교한 노후화 실험",
        ),
        (
            "A simpler model is not better.",
            "The model is regularly compared with a simple baseline, such as a linear model on a few "
            "features.",
            "The baseline comparison.",
            "더 단순한 모델이 더 낫지 않습니다.",
            "몇 개의 피처만 쓰는 선형 모델 같은 단순한 기준 모델과 정기적으로 비교합니다.",
            "기준 모델과의 비교 결과",
        ),
        (
            "Model quality is sufficient on important data slices.",
            "Quality is checked separately on slices such as country, age group or device, not only overall.",
            "Metrics per slice and their thresholds.",
            "중요한 데이터 구간에서 모델 품질이 충분합니다.",
            "전체 품질뿐 아니라 국가, 연령대, 기기 같은 구간별로 품질을 따로 확인합니다.",
            "구간별 지표와 임곗값",
        ),
        (
            "The model is tested for considerations of inclusion.",
            "Performance across groups of people is examined for unfair differences.",
            "The fairness evaluation and what was done about its findings.",
            "모델이 포용성 측면에서 테스트됩니다.",
            "여러 집단 사이의 성능에 불공정한 차이가 있는지 살펴봅니다.",
            "공정성 평가와 그 발견 사항에 대한 조치",
        ),
    ],
)

INFRASTRUCTURE = _section(
    "infrastructure",
    ("ML infrastructure", "ML 인프라"),
    (
        "Tests that training and serving machinery is reproducible, tested and safe to release.",
        "학습과 서빙 인프라가 재현 가능하고 테스트되었으며 안전하게 릴리스할 수 있는지 "
        "확인하는 테스트입니다.",
    ),
    [
        (
            "Training is reproducible.",
            "Training twice on the same data gives models that behave the same (seeds, ordering and "
            "ensembling under control).",
            "Two runs on the same data and the difference between their predictions.",
            "학습이 재현 가능합니다.",
            "같은 데이터로 두 번 학습하면 똑같이 동작하는 모델이 나옵니다(시드, 순서, 앙상블이 통제됨).",
            "같은 데이터로 실행한 두 번의 학습과 그 예측의 차이",
        ),
        (
            "Model specs are unit tested.",
            "The model's code is tested, for example that training on a few examples lowers the loss.",
            "The unit tests of model code.",
            "모델 명세가 단위 테스트됩니다.",
            "모델 코드를 테스트합니다. 예를 들어 몇 개의 예제로 학습하면 손실이 줄어드는지 확인합니다.",
            "모델 코드의 단위 테스트",
        ),
        (
            "The ML pipeline is integration tested.",
            "The whole pipeline, from raw data to a served model, runs end to end in a test.",
            "The integration test and its last run.",
            "ML 파이프라인이 통합 테스트됩니다.",
            "원본 데이터부터 서빙되는 모델까지 파이프라인 전체가 테스트에서 처음부터 끝까지 실행됩니다.",
            "통합 테스트와 마지막 실행 기록",
        ),
        (
            "Model quality is validated before serving.",
            "A model is checked for sudden and slow quality loss before it serves traffic.",
            "The validation gate and its thresholds.",
            "서빙 전에 모델 품질을 검증합니다.",
            "모델이 트래픽을 처리하기 전에 급격한 품질 저하와 완만한 품질 저하를 모두 확인합니다.",
            "검증 게이트와 임곗값",
        ),
        (
            "The model is debuggable.",
            "One example can be stepped through the model to see how its prediction was computed.",
            "The debugging tool or procedure.",
            "모델을 디버깅할 수 있습니다.",
            "예제 하나를 모델에 단계별로 통과시켜 예측이 어떻게 계산되었는지 볼 수 있습니다.",
            "디버깅 도구 또는 절차",
        ),
        (
            "Models are canaried before serving.",
            "A new model serves a small share of traffic first, to catch errors between the model and the "
            "serving system.",
            "The canary configuration and a release that used it.",
            "서빙 전에 모델을 카나리 배포합니다.",
            "모델과 서빙 시스템 사이의 오류를 잡아내기 위해 새 모델은 먼저 트래픽의 작은 일부만 처리합니다.",
            "카나리 설정과 이를 사용한 릴리스",
        ),
        (
            "Serving models can be rolled back.",
            "Going back to the previous model is practised and quick.",
            "The rollback procedure and when it was last exercised.",
            "서빙 중인 모델을 롤백할 수 있습니다.",
            "이전 모델로 되돌리는 절차를 연습해 두었고 빠르게 수행할 수 있습니다.",
            "롤백 절차와 마지막으로 실행해 본 시점",
        ),
    ],
)

MONITORING = _section(
    "monitoring",
    ("Monitoring", "모니터링"),
    (
        "Tests that production models are watched for the ways they fail.",
        "운영 모델이 실패하는 방식들을 관찰하고 있는지 확인하는 테스트입니다.",
    ),
    [
        (
            "Dependency changes result in notification.",
            "The team hears about changes to upstream data, schemas and services it depends on.",
            "The subscriptions or alerts on upstream changes.",
            "의존성이 바뀌면 알림이 옵니다.",
            "팀이 의존하는 상위 데이터, 스키마, 서비스가 바뀌면 그 사실을 전달받습니다.",
            "상위 변경에 대한 구독 또는 알림",
        ),
        (
            "Data invariants hold for inputs.",
            "The schema checked in training is also checked on serving inputs, with alerts on violations.",
            "The serving-side checks and their alert rules.",
            "입력 데이터가 데이터 불변 조건을 지킵니다.",
            "학습에서 검사하는 스키마를 서빙 입력에도 검사하며, 위반이 있으면 알립니다.",
            "서빙 측 검사와 알림 규칙",
        ),
        (
            "Training and serving are not skewed.",
            "Features computed for training and for serving are compared and found to match.",
            "The skew measurement between training and serving features.",
            "학습과 서빙 사이에 편차가 없습니다.",
            "학습용으로 계산한 피처와 서빙용으로 계산한 피처를 비교하여 일치함을 확인합니다.",
            "학습 피처와 서빙 피처 사이의 편차 측정",
        ),
        (
            "Models are not too stale.",
            "The age of each production model is watched against the limit its staleness study set.",
            "The model-age alert.",
            "모델이 지나치게 오래되지 않았습니다.",
            "각 운영 모델의 학습 후 경과 기간을 노후화 분석에서 정한 한도와 비교하여 관찰합니다.",
            "모델 경과 기간 알림",
        ),
        (
            "Models are numerically stable.",
            "NaN and infinite values in training and predictions are detected and stop the model.",
            "The checks for NaN and infinity.",
            "모델이 수치적으로 안정적입니다.",
            "학습과 예측에서 NaN과 무한대 값을 탐지하고 모델을 중지합니다.",
            "NaN과 무한대 값 검사",
        ),
        (
            "Computing performance has not regressed.",
            "Training speed, serving latency, throughput and memory are tracked across versions.",
            "The performance dashboard across versions.",
            "연산 성능이 후퇴하지 않았습니다.",
            "버전별로 학습 속도, 서빙 지연 시간, 처리량, 메모리를 추적합니다.",
            "버전별 성능 대시보드",
        ),
        (
            "Prediction quality has not regressed.",
            "Quality of served predictions is measured on recent data and compared with earlier versions.",
            "The live quality report.",
            "예측 품질이 후퇴하지 않았습니다.",
            "서빙된 예측의 품질을 최근 데이터로 측정하여 이전 버전과 비교합니다.",
            "실제 운영 품질 보고서",
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
    name_ko="ML Test Score",
    description_ko="운영 준비 상태를 평가하는 28개 테스트로 이루어진 기준표입니다. 각 테스트는 수작업으로 "
    "수행하고 결과를 문서화하면 0.5점, 자동화하면 1점을 받으며, 최종 점수는 네 영역 합계 중 가장 낮은 "
    "값입니다.",
)
