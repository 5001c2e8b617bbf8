"""Google MLOps levels 0-2, version 1: six dimensions, each question evidencing level 1 or level 2.

From the Google Cloud architecture guide "MLOps: continuous delivery and automation pipelines in machine
learning" and DESIGN section 6. Frozen once released: see the package docstring.
"""

from . import DimensionContent, FrameworkContent
from . import QuestionContent as Q

DATA = DimensionContent(
    key="data",
    name_ko="데이터",
    description_ko="학습 데이터와 서빙 데이터를 추출, 검증, 버전 관리하고 관찰하는 방식입니다.",
    name="Data",
    description="How training and serving data is extracted, validated, versioned and watched.",
    questions=(
        Q(
            key="data-prep-as-code",
            text_ko="데이터 추출과 준비 단계가 수작업 수정 없이 실행되는 버전 관리된 코드입니까?",
            guidance_ko="원천 데이터부터 학습 테이블까지의 모든 단계가 버전 관리 시스템에 있는 코드이고 "
            "파이프라인이 이를 실행하면 예입니다. 일부 단계를 아직 노트북이나 스프레드시트에서 수작업으로 "
            "처리하면 부분적입니다.",
            evidence_hint_ko="준비 코드가 있는 저장소 폴더 또는 파이프라인 정의",
            level=1,
            text="Are data extraction and preparation steps versioned code that runs without manual edits?",
            guidance="Yes when every step from source to training table is code in version control that a "
            "pipeline runs. Partial when some steps still happen by hand in notebooks or spreadsheets.",
            evidence_hint="The repository folder or pipeline definition holding the preparation code.",
        ),
        Q(
            key="data-schema-validation",
            text_ko="입력 데이터를 스키마로 검증하고, 위반이 있으면 파이프라인이 멈춥니까?",
            guidance_ko="스키마에는 각 열의 유형, 범위, 허용되는 결측값이 정의되어 있고, 위반이 있으면 행을 "
            "조용히 버리지 않고 학습을 중단합니다. 검증은 있지만 경고만 하면 부분적입니다.",
            evidence_hint_ko="스키마 파일과 위반으로 중단된 파이프라인 실행 기록",
            level=1,
            text="Is incoming data validated against a schema, with the pipeline stopping on a violation?",
            guidance="The schema names each column's type, range and allowed missing values; a violation "
            "halts training instead of silently dropping rows. Partial when checks exist but only warn.",
            evidence_hint="The schema file and a pipeline run that stopped on a violation.",
        ),
        Q(
            key="data-snapshots-versioned",
            text_ko="학습 데이터 스냅샷마다 버전이 매겨져 있어 어떤 데이터로 모델을 학습했는지 알 수 "
            "있습니까?",
            guidance_ko="모델 버전에는 계속 바뀌는 테이블 이름이 아니라 변경할 수 없는 데이터 스냅샷 "
            "ID(데이터셋 버전, 테이블 스냅샷 또는 콘텐츠 해시)가 기록되어 있습니다.",
            evidence_hint_ko="모델을 학습한 스냅샷 ID가 나타난 모델 메타데이터",
            level=1,
            text="Is each training data snapshot versioned, so you can tell which data trained a model?",
            guidance="A model version records an immutable data snapshot id (a dataset version, a table "
            "snapshot or a content hash), not just a table name that keeps changing.",
            evidence_hint="A model's metadata showing the snapshot id it was trained on.",
        ),
        Q(
            key="data-skew-measured",
            text_ko="학습과 서빙 사이의 피처 분포 드리프트를 측정합니까?",
            guidance_ko="예를 들어 학습 스냅샷과 최근 서빙 입력 사이의 PSI나 피처별 거리를 정기적으로 "
            "계산합니다. 가끔 수작업으로 측정하면 부분적입니다.",
            evidence_hint_ko="피처별 값과 측정 일자가 담긴 드리프트 보고서 또는 대시보드",
            level=1,
            text="Is the drift between training and serving feature distributions measured?",
            guidance="For example PSI or a distance per feature, computed regularly between the training "
            "snapshot and recent serving inputs. Partial when it is measured by hand now and then.",
            evidence_hint="A drift report or dashboard with per-feature values and their date.",
        ),
        Q(
            key="data-code-ci",
            text_ko="데이터 및 피처 코드가 변경될 때마다 지속적 통합(CI)에서 단위 테스트를 거칩니까?",
            guidance_ko="변환 로직에 단위 테스트가 있어 병합 요청마다 자동으로 실행되고, 실패하면 병합을 "
            "막습니다.",
            evidence_hint_ko="CI 설정과 최근 데이터 테스트 실행 기록",
            level=2,
            text="Is data and feature code unit-tested in continuous integration on every change?",
            guidance="Transformations have unit tests that run automatically on each merge request and block "
            "the merge when they fail.",
            evidence_hint="The CI configuration and a recent run of the data tests.",
        ),
        Q(
            key="data-features-defined-once",
            text_ko="각 피처를 한 번만 정의하여 학습과 서빙이 함께 사용합니까?",
            guidance_ko="피처 스토어나 공용 라이브러리가 피처를 계산하므로 학습과 서빙이 서로 달라질 수 "
            "없습니다. 서빙에서 다른 언어나 코드베이스로 피처를 다시 구현하면 아니요입니다.",
            evidence_hint_ko="피처 정의와, 학습과 서빙이 이를 가져오는 위치",
            level=2,
            text="Is each feature defined once and used by both training and serving?",
            guidance="A feature store or a shared library computes features, so training and serving cannot "
            "diverge. No when serving re-implements features in another language or codebase.",
            evidence_hint="The feature definitions and where training and serving import them from.",
        ),
        Q(
            key="data-incidents-trigger",
            text_ko="운영 환경의 데이터 문제가 자동으로 인시던트를 발생시키거나 파이프라인을 시작합니까?",
            guidance_ko="검증 실패나 드리프트 임곗값 초과가 누군가 차트를 먼저 알아채지 않아도 책임자에게 "
            "인시던트를 열거나 재학습 실행을 시작합니다.",
            evidence_hint_ko="알림 규칙 또는 트리거 정의와, 그로 인해 발생한 인시던트",
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
    name_ko="실험",
    description_ko="실험을 추적하고 비교하며 운영 코드로 전환하는 방식입니다.",
    name="Experimentation",
    description="How experiments are tracked, compared and turned into production code.",
    questions=(
        Q(
            key="exp-tracked",
            text_ko="모든 실험의 파라미터, 코드 버전, 데이터 버전, 지표를 공유 시스템에서 추적합니까?",
            guidance_ko="개인 노트북이나 파일 이름이 아니라 팀 전체가 사용하는 실험 추적 도구나 메타데이터 "
            "저장소를 씁니다. 네 가지 중 일부만 기록하면 부분적입니다.",
            evidence_hint_ko="최근 실행이 나타난 실험 추적 도구의 프로젝트 페이지",
            level=1,
            text="Are the parameters, code version, data version and metrics of every experiment tracked "
            "in a shared system?",
            guidance="An experiment tracker or metadata store that the whole team uses; not personal "
            "notebooks or file names. Partial when only some of the four are recorded.",
            evidence_hint="The tracker's project page with recent runs.",
        ),
        Q(
            key="exp-comparable",
            text_ko="여러 실험의 결과를 수작업으로 취합하지 않고 비교할 수 있습니까?",
            guidance_ko="숫자를 스프레드시트에 옮겨 적지 않고도 실험 추적 도구에서 지표와 파라미터별로 "
            "실행을 나란히 볼 수 있습니다.",
            evidence_hint_ko="실행 간 비교 화면 또는 조회 쿼리",
            level=1,
            text="Can results of different experiments be compared without collating them by hand?",
            guidance="Runs can be listed side by side by metric and parameter in the tracker, without "
            "copying numbers into a spreadsheet.",
            evidence_hint="A comparison view or query across runs.",
        ),
        Q(
            key="exp-same-code",
            text_ko="실험과 운영 환경에서 같은 파이프라인 코드가 실행됩니까?",
            guidance_ko="데이터 과학자가 실행한 코드가 곧 운영 환경에서 실행되는 코드이며, 운영 코드가 실험 "
            "노트북을 다시 작성한 것이 아닙니다.",
            evidence_hint_ko="실험 파이프라인과 운영 파이프라인이 함께 가져오는 모듈",
            level=1,
            text="Does the same pipeline code run in experiments and in production?",
            guidance="What the data scientist ran is what production runs; production is not a rewrite of an "
            "experiment notebook.",
            evidence_hint="The module both the experiment and the production pipeline import.",
        ),
        Q(
            key="exp-modular",
            text_ko="파이프라인 구성 요소가 모듈화되고 패키지화되어 재사용하고 단독으로 실행할 수 있습니까?",
            guidance_ko="데이터 검증, 학습, 평가 같은 구성 요소가 입력과 출력이 명시된 패키지(예: "
            "컨테이너나 라이브러리)로 만들어져 있습니다.",
            evidence_hint_ko="구성 요소 정의 또는 패키지 저장소 항목",
            level=1,
            text="Are pipeline components modular and packaged, so they can be reused and run on their own?",
            guidance="Components such as data validation, training and evaluation are packaged (for example "
            "as containers or libraries) with declared inputs and outputs.",
            evidence_hint="The component definitions or package registry entries.",
        ),
        Q(
            key="exp-hpo-automated",
            text_ko="하이퍼파라미터 탐색이 자동화되어 있고 모든 시도가 기록됩니까?",
            guidance_ko="튜너가 탐색을 실행하고 각 시도의 파라미터와 지표를 기록하며, 실행 사이에 누구도 "
            "값을 수작업으로 고치지 않습니다.",
            evidence_hint_ko="튜닝 설정과 최근 탐색에서 기록된 시도",
            level=2,
            text="Is hyperparameter search automated, with every trial recorded?",
            guidance="A tuner runs the search and records each trial's parameters and metrics; nobody edits "
            "values by hand between runs.",
            evidence_hint="The tuning configuration and the recorded trials of a recent search.",
        ),
        Q(
            key="exp-output-reviewed-ci",
            text_ko="실험의 결과물이 검토를 거치는 코드이고, 이를 병합하면 CI가 시작됩니까?",
            guidance_ko="성공한 실험은 파이프라인 소스에 대한 병합 요청이 되며, 검토와 CI를 거쳐야 운영 "
            "환경에 반영됩니다.",
            evidence_hint_ko="실험에서 나온 병합된 요청과 그로 인해 시작된 CI 실행",
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
    name_ko="학습 파이프라인",
    description_ko="승격 전에 모델을 재학습하고 기록하며 검증하는 방식입니다.",
    name="Training pipeline",
    description="How models are retrained, recorded and validated before promotion.",
    questions=(
        Q(
            key="train-orchestrated",
            text_ko="학습이 수작업 단계의 나열이 아니라 오케스트레이션된 파이프라인입니까?",
            guidance_ko="오케스트레이터(Airflow, Kubeflow, Vertex, Argo 등)가 단계를 순서대로 실행하고 "
            "결과를 기록합니다. 스크립트가 단계를 연결하지만 사람이 각 단계를 시작하면 부분적입니다.",
            evidence_hint_ko="파이프라인 정의와 최근 실행 기록",
            level=1,
            text="Is training an orchestrated pipeline rather than a sequence of manual steps?",
            guidance="An orchestrator (Airflow, Kubeflow, Vertex, Argo or similar) runs the steps in order "
            "and records their outcome. Partial when a script chains them but a person starts each step.",
            evidence_hint="The pipeline definition and a recent run.",
        ),
        Q(
            key="train-continuous",
            text_ko="파이프라인이 일정에 따라, 새 데이터가 들어올 때, 또는 성능이 저하될 때 재학습합니까?",
            guidance_ko="지속적 학습: 누군가 재학습을 결정하지 않아도 트리거가 파이프라인을 시작합니다.",
            evidence_hint_ko="트리거 또는 일정 정의와 그로 인해 시작된 실행",
            level=1,
            text="Does the pipeline retrain on a schedule, on new data or on performance degradation?",
            guidance="Continuous training: a trigger starts the pipeline without anyone deciding to retrain.",
            evidence_hint="The trigger or schedule definition and the runs it started.",
        ),
        Q(
            key="train-run-metadata",
            text_ko="각 실행이 파이프라인 버전, 파라미터, 소요 시간, 산출물, 그리고 대체하는 모델을 "
            "기록합니까?",
            guidance_ko="메타데이터 저장소에 실행을 재현하고 감사하는 데 필요한 정보가 보관되며, 후보 "
            "모델을 어떤 운영 모델과 비교했는지도 포함됩니다.",
            evidence_hint_ko="다섯 가지가 모두 나타난 한 실행의 메타데이터",
            level=1,
            text="Does each run record its pipeline version, parameters, timings, artifacts and the model it "
            "replaces?",
            guidance="A metadata store keeps what is needed to reproduce and audit a run, including which "
            "production model the candidate was compared with.",
            evidence_hint="The metadata of one run showing all five.",
        ),
        Q(
            key="train-candidate-validated",
            text_ko="승격 전에 후보 모델을 운영 모델과 비교하고 주요 데이터 구간에서 검증합니까?",
            guidance_ko="승격하려면 후보 모델이 전체적으로, 그리고 지정된 구간(예: 연령대나 지역)에서 운영 "
            "모델 이상이어야 합니다. 전체 지표만 비교하면 부분적입니다.",
            evidence_hint_ko="검증 단계의 임곗값과 후보 모델과 운영 모델을 비교한 보고서",
            level=1,
            text="Is a candidate model validated against the production model and on key data slices before "
            "promotion?",
            guidance="Promotion needs the candidate to be at least as good overall and on named slices (for "
            "example age groups or regions). Partial when only the overall metric is compared.",
            evidence_hint="The validation step's thresholds and a report comparing candidate and production.",
        ),
        Q(
            key="train-pipeline-ci",
            text_ko="파이프라인 변경이 단위, 수렴, NaN, 통합 테스트를 포함한 CI를 통과합니까?",
            guidance_ko="파이프라인 소스를 변경하면 모델이 학습되는지, 손실이 수렴하는지, NaN 값이 나타나지 "
            "않는지, 구성 요소가 처음부터 끝까지 함께 동작하는지 테스트합니다.",
            evidence_hint_ko="이 테스트들이 나열된 CI 설정과 최근 실행 기록",
            level=2,
            text="Do pipeline changes pass CI with unit, convergence, NaN and integration tests?",
            guidance="A change to the pipeline source runs tests that the model trains, the loss converges, "
            "no NaN values appear, and the components work together end to end.",
            evidence_hint="The CI configuration listing these tests and a recent run.",
        ),
        Q(
            key="train-pipeline-cd",
            text_ko="파이프라인이 지속적 배포(CD)로 각 환경에 배포됩니까?",
            guidance_ko="병합된 파이프라인 변경은 자동화를 통해 스테이징과 운영 환경에 배포되며, 누구도 "
            "파이프라인 정의를 수작업으로 올리지 않습니다.",
            evidence_hint_ko="배포 작업과 그 이력",
            level=2,
            text="Are pipelines deployed to their environments by continuous delivery?",
            guidance="A merged change to the pipeline is released by automation to staging and production; "
            "nobody uploads pipeline definitions by hand.",
            evidence_hint="The delivery job and its history.",
        ),
        Q(
            key="train-compute-auto",
            text_ko="학습용 컴퓨팅 자원이 자동으로 스케줄링되고 확장됩니까?",
            guidance_ko="누군가 예약하지 않아도 스케줄러나 오토스케일러가 실행에 필요한 머신이나 가속기를 "
            "할당합니다.",
            evidence_hint_ko="파이프라인이 사용하는 클러스터 또는 작업 대기열 설정",
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
    name_ko="배포",
    description_ko="검증된 모델이 운영 환경에 도달하는 방식과 릴리스를 통제하는 방식입니다.",
    name="Deployment",
    description="How validated models reach production and how releases are controlled.",
    questions=(
        Q(
            key="deploy-by-pipeline",
            text_ko="검증된 모델을 파일 복사가 아니라 파이프라인으로 배포합니까?",
            guidance_ko="서빙은 누군가 서버나 버킷에 복사한 파일이 아니라 파이프라인이 릴리스한 모델을 "
            "사용합니다.",
            evidence_hint_ko="파이프라인의 배포 단계와 그 단계가 수행한 최근 배포",
            level=1,
            text="Are validated models deployed by the pipeline rather than by copying files?",
            guidance="Serving picks up a model the pipeline released, not a file someone copied to a server "
            "or bucket.",
            evidence_hint="The deployment step in the pipeline and a recent deployment it made.",
        ),
        Q(
            key="deploy-registry",
            text_ko="배포된 모든 모델이 버전과 계보와 함께 레지스트리에 등록되어 있습니까?",
            guidance_ko="모델 레지스트리가 배포된 각 버전을 학습 실행, 데이터 스냅샷, 코드 버전과 "
            "연결합니다. 계보 없이 버전만 나열되어 있으면 부분적입니다.",
            evidence_hint_ko="운영 모델의 레지스트리 항목",
            level=1,
            text="Is every deployed model in a registry with its version and lineage?",
            guidance="A model registry links each deployed version to its training run, data snapshot and "
            "code version. Partial when versions are listed without lineage.",
            evidence_hint="The registry entry of a production model.",
        ),
        Q(
            key="deploy-rollback",
            text_ko="이전 모델 버전으로 빠르고 안전하게 롤백할 수 있습니까?",
            guidance_ko="문서화되고 테스트된 롤백 절차가 몇 분 안에 끝나며 재학습이나 재빌드가 필요하지 "
            "않습니다.",
            evidence_hint_ko="롤백 운영 절차서와 마지막으로 실행해 본 날짜",
            level=1,
            text="Can you roll back to the previous model version quickly and safely?",
            guidance="A documented, tested rollback takes minutes and needs no retraining or rebuilding.",
            evidence_hint="The rollback runbook and the date it was last exercised.",
        ),
        Q(
            key="deploy-progressive",
            text_ko="릴리스가 자동 성공 기준을 갖춘 점진적 방식(카나리, A/B, 섀도)으로 이루어집니까?",
            guidance_ko="새 버전은 먼저 트래픽의 일부만 처리하거나 섀도로 실행되며, 지표에 따라 진행할지 "
            "롤백할지 자동으로 결정됩니다.",
            evidence_hint_ko="성공 기준이 포함된 롤아웃 설정",
            level=2,
            text="Are releases progressive (canary, A/B or shadow) with automatic success criteria?",
            guidance="A new version first serves a share of traffic or runs in shadow; metrics decide "
            "automatically whether it proceeds or is rolled back.",
            evidence_hint="The rollout configuration with its success criteria.",
        ),
        Q(
            key="deploy-serving-tested",
            text_ko="릴리스마다 서빙에 대한 부하 테스트와 호환성 테스트를 수행합니까?",
            guidance_ko="자동화된 테스트가 예상 부하에서의 지연 시간과 처리량, 그리고 서빙 인프라가 보내는 "
            "입력을 모델이 받아들이는지 확인합니다.",
            evidence_hint_ko="최근 릴리스의 테스트 작업과 결과",
            level=2,
            text="Is serving load-tested and compatibility-tested before each release?",
            guidance="Automated tests check latency and throughput under expected load, and that the model "
            "accepts the inputs the serving infrastructure sends.",
            evidence_hint="The test job and its results for the latest release.",
        ),
        Q(
            key="deploy-approval-recorded",
            text_ko="운영 환경 릴리스에 기록으로 남는 승인이 필요합니까?",
            guidance_ko="지정된 담당자가 릴리스 도구에서 릴리스를 승인하고, 그 승인은 릴리스와 함께 "
            "보관됩니다.",
            evidence_hint_ko="최근 운영 환경 릴리스의 승인 기록",
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
    name_ko="모니터링",
    description_ko="운영 중인 모델을 관찰하는 방식과 신호에 대응하는 방식입니다.",
    name="Monitoring",
    description="How models in production are watched and how the signals are acted on.",
    questions=(
        Q(
            key="mon-logged",
            text_ko="운영 모델의 입력과 예측을 로그로 남깁니까?",
            guidance_ko="나중에 품질과 드리프트를 계산할 수 있도록 요청과 예측을 (개인정보를 보호한 상태로) "
            "저장합니다.",
            evidence_hint_ko="로그 테이블 또는 스트림과 그 보유 기간",
            level=1,
            text="Are the inputs and predictions of production models logged?",
            guidance="Requests and predictions are stored (with personal data protected) so quality and "
            "drift can be computed later.",
            evidence_hint="The log table or stream and its retention.",
        ),
        Q(
            key="mon-live-quality",
            text_ko="실제 예측 품질을 정답 데이터나 대리 지표로 측정합니까?",
            guidance_ko="결과를 예측과 다시 연결하거나, 결과가 늦게 도착하면 대리 지표를 추적합니다. 가끔 "
            "수작업으로 측정하면 부분적입니다.",
            evidence_hint_ko="시간에 따른 실제 품질을 보여 주는 대시보드 또는 보고서",
            level=1,
            text="Is live prediction quality measured against ground truth or a proxy?",
            guidance="Outcomes are joined back to predictions, or a proxy metric is tracked when outcomes "
            "arrive late. Partial when it is measured by hand now and then.",
            evidence_hint="A dashboard or report of live quality over time.",
        ),
        Q(
            key="mon-drift-thresholds",
            text_ko="입력 드리프트를 임곗값과 비교하여 관찰합니까?",
            guidance_ko="피처별 드리프트를 일정에 따라 계산하고 합의된 임곗값(예: PSI 0.1과 0.25)과 "
            "비교합니다.",
            evidence_hint_ko="드리프트 작업과 설정된 임곗값",
            level=1,
            text="Is input drift watched against thresholds?",
            guidance="Drift per feature is computed on a schedule and compared with agreed thresholds (for "
            "example PSI 0.1 and 0.25).",
            evidence_hint="The drift job and its configured thresholds.",
        ),
        Q(
            key="mon-service-alerts",
            text_ko="서빙 지연 시간, 오류, 자원 사용량을 알림과 함께 모니터링합니까?",
            guidance_ko="서비스 수준 지표에 알림 규칙이 있어 담당 팀을 호출하거나 알립니다.",
            evidence_hint_ko="알림 규칙과 알림을 받는 당직 순번표",
            level=1,
            text="Are serving latency, errors and resource use monitored with alerts?",
            guidance="Service-level indicators have alert rules that page or notify the owning team.",
            evidence_hint="The alert rules and the on-call rota they notify.",
        ),
        Q(
            key="mon-triggers-retraining",
            text_ko="모니터링 신호가 재학습이나 새 실험을 자동으로 시작합니까?",
            guidance_ko="드리프트나 품질 알림이 사람의 결정 없이 학습 파이프라인을 시작하거나 실험을 엽니다.",
            evidence_hint_ko="트리거 연결과 그로 인해 시작된 실행",
            level=2,
            text="Do monitoring signals automatically trigger retraining or a new experiment?",
            guidance="A drift or quality alert starts the training pipeline or opens an experiment without a "
            "person deciding to.",
            evidence_hint="The trigger wiring and a run it started.",
        ),
        Q(
            key="mon-central",
            text_ko="모든 모델의 로그와 지표를 한곳에 모아 수집합니까?",
            guidance_ko="모든 운영 모델이 같은 모니터링 시스템에 보고하므로 여러 모델에 걸친 문제를 한 "
            "화면에서 볼 수 있습니다.",
            evidence_hint_ko="모든 운영 모델이 나열된 중앙 대시보드",
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
    name_ko="거버넌스",
    description_ko="책임, 문서화, 적법한 데이터, 릴리스 통제입니다.",
    name="Governance",
    description="Accountability, documentation, lawful data and control over releases.",
    questions=(
        Q(
            key="gov-owner",
            text_ko="모든 운영 모델에 책임자와 담당 팀이 있습니까?",
            guidance_ko="지정된 한 사람이 각 모델의 결정에 책임을 지고, 한 팀이 모델을 유지 관리합니다. 이 "
            "도구의 모델 인벤토리에 이를 기록합니다.",
            evidence_hint_ko="운영 모델로 필터링한 모델 인벤토리",
            level=1,
            text="Does every production model have an accountable owner and an owning team?",
            guidance="A named person answers for each model's decisions, and a team maintains it. The "
            "inventory in this tool is where that is recorded.",
            evidence_hint="The model inventory filtered to production models.",
        ),
        Q(
            key="gov-model-card",
            text_ko="각 모델에 모델 카드가 있습니까?",
            guidance_ko="의도된 용도, 한계, 학습 데이터, 평가 지표, 윤리적 고려 사항이 문서로 작성되어 최신 "
            "상태로 유지됩니다. 일부 모델에만 있으면 부분적입니다.",
            evidence_hint_ko="운영 모델의 모델 카드 링크",
            level=1,
            text="Does each model have a model card?",
            guidance="Intended use, limitations, training data, evaluation metrics and ethical "
            "considerations are written down and kept current. Partial when only some models have one.",
            evidence_hint="Links to the model cards of production models.",
        ),
        Q(
            key="gov-legal-basis",
            text_ko="학습 데이터에 기록된 법적 근거, 또는 해당 이용 목적에 대한 동의가 있습니까?",
            guidance_ko="개인정보가 담긴 각 데이터 소스에 GDPR 제6조의 법적 근거가 기록되어 있고, 동의에 "
            "근거한 데이터 소스는 모델의 이용 목적을 포함하며 만료되거나 철회되지 않은 동의를 갖추고 "
            "있습니다.",
            evidence_hint_ko="인벤토리의 데이터 소스와 동의 기록",
            level=1,
            text="Does the training data have a recorded legal basis, or consent for that purpose?",
            guidance="Each personal-data source records its GDPR Art. 6 basis; consent-based sources have "
            "consent that covers the model's purpose and has neither expired nor been withdrawn.",
            evidence_hint="The data sources and consent records in the inventory.",
        ),
        Q(
            key="gov-risks-reviewed",
            text_ko="모델 위험을 평가하고 주기적으로 검토합니까?",
            guidance_ko="서비스 중단, 잘못된 예측, 성능 저하, 역량 상실 같은 위험을 발생 가능성과 영향도로 "
            "평가하고 일정에 따라 다시 평가합니다.",
            evidence_hint_ko="위험 등록부 항목과 마지막 검토 일자",
            level=1,
            text="Are model risks rated and reviewed periodically?",
            guidance="Risks such as unavailability, wrong predictions, decay and skills loss are rated on "
            "likelihood and impact and re-rated on a schedule.",
            evidence_hint="The risk register entries and their last review dates.",
        ),
        Q(
            key="gov-fairness-automated",
            text_ko="릴리스마다 집단 간 공정성을 자동으로 테스트합니까?",
            guidance_ko="릴리스 파이프라인이 집단별 선택률과 오류율을 계산하여 임곗값(예: 4/5 규칙)과 "
            "비교합니다.",
            evidence_hint_ko="공정성 단계의 설정과 최근 결과",
            level=2,
            text="Is fairness across groups tested automatically before each release?",
            guidance="Selection rates and error rates per group are computed by the release pipeline and "
            "compared with thresholds (for example the four-fifths rule).",
            evidence_hint="The fairness step's configuration and its latest results.",
        ),
        Q(
            key="gov-checks-block",
            text_ko="거버넌스 점검이 자동으로 실행되고, 점검에 실패한 릴리스를 막습니까?",
            guidance_ko="완전한 모델 카드, 유효한 동의, 검토된 위험 같은 점검은 나중에 읽는 보고서가 아니라 "
            "릴리스 게이트입니다.",
            evidence_hint_ko="릴리스 게이트와 그 게이트가 막은 릴리스",
            level=2,
            text="Do governance checks run automatically and block a release that fails them?",
            guidance="Checks such as a complete model card, valid consent and reviewed risks are release "
            "gates, not reports read afterwards.",
            evidence_hint="The release gate and a release it stopped.",
        ),
        Q(
            key="gov-audit-trail",
            text_ko="감사 추적이 각 모델을 누가 변경하고 승인하고 배포했는지 기록합니까?",
            guidance_ko="모든 변경, 승인, 배포가 누가 언제 했는지와 함께 기록되며, 나중에 수정할 수 "
            "없습니다.",
            evidence_hint_ko="최근 릴리스에 대한 감사 로그 항목",
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
    name_ko="Google MLOps 성숙도 수준",
    description_ko="팀이 Google의 MLOps 성숙도 수준 중 어디에 있는지 평가합니다. 수준 0은 수동 프로세스, "
    "수준 1은 지속적 학습을 갖춘 ML 파이프라인 자동화, 수준 2는 파이프라인 자체의 CI/CD입니다.",
    version=1,
    kind="levels",
    name="Google MLOps levels",
    description="Where a team stands on Google's MLOps maturity levels: 0 manual process, 1 ML pipeline "
    "automation with continuous training, 2 CI/CD of the pipelines themselves.",
    source="Google Cloud architecture guide: MLOps: continuous delivery and automation pipelines in machine "
    "learning.",
    dimensions=(DATA, EXPERIMENTATION, TRAINING, DEPLOYMENT, MONITORING, GOVERNANCE),
)
