"""The gate's own responsible-AI check, registered in the checks catalogue: versions in production still
meet their promotion gate. It judges the chunk's production deployments in bulk (a fixed number of
queries per chunk)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from governance.checks.catalogue._helpers import failed, not_applicable, passed
from governance.checks.data import ChunkData
from governance.checks.messages import Texts, joined
from governance.checks.registry import Category, Finding, Severity, register

from .gate import gate_evaluate_many
from .models import Deployment, Environment

T = Texts(
    "promotions",
    {
        "none_held": (
            "no version holds a production environment",
            "운영 환경에 배포된 버전 없음",
        ),
        "env_failing": (
            "version {version} in {environment}: {rules}",
            "{environment}의 버전 {version}: {rules}",
        ),
        "out_of_policy": (
            "model '{name}' is out of policy: {parts}",
            "모델 '{name}'이(가) 정책 위반 상태입니다: {parts}",
        ),
        "in_policy": ("{labels} meet(s) the gate", "{labels}이(가) 승격 게이트를 충족합니다"),
        "held": ("{version} in {environment}", "{environment}의 {version}"),
    },
)


def production_gates(data: ChunkData) -> dict[int, list]:
    deployments = list(
        Deployment.objects.filter(
            model_id__in=data.model_ids, environment__counts_as=Environment.CountsAs.PRODUCTION
        ).select_related(
            "environment",
            "version__model__owner",
            "version__model__human_oversight_contact",
            "version__model__team",
        )
    )
    results = gate_evaluate_many(pairs=[(d.version, d.environment) for d in deployments], today=data.today)
    by_model: dict[int, list] = defaultdict(list)
    for deployment, result in zip(deployments, results, strict=True):
        by_model[deployment.model_id].append((deployment, result))
    return by_model


@register(
    key="accountability.in_policy",
    title="Versions in production still meet their promotion gate",
    title_ko="운영 중인 버전이 여전히 승격 게이트를 충족함",
    category=Category.ACCOUNTABILITY,
    severity=Severity.HIGH,
    remediation="Open the version's gate on the model page, fix what fails (or have a governance admin "
    "waive it for a time), or ask for a rollback or demotion.",
    remediation_ko="모델 페이지에서 버전의 승격 게이트를 열어 실패한 항목을 해결하거나(또는 거버넌스 "
    "관리자에게 "
    "일정 기간 예외 승인을 받거나), 롤백 또는 강등을 요청하십시오.",
)
def in_policy(data: ChunkData) -> Iterator[Finding]:
    gates = production_gates(data)
    for model in data.models:
        held = gates.get(model.pk, [])
        if not held:
            yield not_applicable(model.pk, T("none_held"))
            continue
        failing = [(d, g) for d, g in held if not g.allowed]
        if failing:
            parts = [
                T(
                    "env_failing",
                    version=d.version.label,
                    environment=d.environment.name,
                    rules="; ".join(f"{r.title.lower()} ({r.reason})" for r in g.failed),
                )
                for d, g in failing
            ]
            yield failed(
                model.pk,
                T("out_of_policy", name=model.name, parts=joined(parts, " | ", " | ")),
                rules=sorted({r.key for _, g in failing for r in g.failed}),
            )
        else:
            labels = [T("held", version=d.version.label, environment=d.environment.name) for d, _ in held]
            yield passed(model.pk, T("in_policy", labels=joined(labels, ", ", ", ")))
