"""The gate's own responsible-AI check, registered in the checks catalogue: versions in production still
meet their promotion gate. It judges the chunk's production deployments in bulk (a fixed number of
queries per chunk)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from governance.checks.catalogue._helpers import failed, not_applicable, passed
from governance.checks.data import ChunkData
from governance.checks.registry import Category, Finding, Severity, register

from .gate import gate_evaluate_many
from .models import Deployment, Environment


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
    category=Category.ACCOUNTABILITY,
    severity=Severity.HIGH,
    remediation="Open the version's gate on the model page, fix what fails (or have a governance admin "
    "waive it for a time), or ask for a rollback or demotion.",
)
def in_policy(data: ChunkData) -> Iterator[Finding]:
    gates = production_gates(data)
    for model in data.models:
        held = gates.get(model.pk, [])
        if not held:
            yield not_applicable(model.pk, "no version holds a production environment")
            continue
        failing = [(d, g) for d, g in held if not g.allowed]
        if failing:
            parts = [
                f"version {d.version.label} in {d.environment.name}: "
                + "; ".join(f"{r.title.lower()} ({r.reason})" for r in g.failed)
                for d, g in failing
            ]
            yield failed(
                model.pk,
                f"model '{model.name}' is out of policy: {' | '.join(parts)}",
                rules=sorted({r.key for _, g in failing for r in g.failed}),
            )
        else:
            labels = ", ".join(f"{d.version.label} in {d.environment.name}" for d, _ in held)
            yield passed(model.pk, f"{labels} meet(s) the gate")
