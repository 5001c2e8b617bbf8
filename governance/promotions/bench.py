"""Bench figures of the promotion gate (`manage.py bench`): one gate evaluation at org-10k, and the
out-of-policy pass over every production deployment."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .gate import gate_evaluate
from .models import Deployment, Environment
from .services import out_of_policy_pass


@dataclass
class GateFigures:
    median_ms: float
    p95_ms: float
    queries: int
    repeats: int
    rules: int
    pass_seconds: float
    deployments: int
    out_of_policy: int


def measure_gate(*, repeats: int = 50) -> GateFigures | None:
    deployment = (
        Deployment.objects.filter(environment__counts_as=Environment.CountsAs.PRODUCTION)
        .select_related(
            "environment",
            "version__model__owner",
            "version__model__human_oversight_contact",
            "version__model__team",
        )
        .order_by("pk")
        .first()
    )
    if deployment is None:
        return None
    version, environment = deployment.version, deployment.environment
    for _ in range(3):
        gate_evaluate(version=version, environment=environment)
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        gate_evaluate(version=version, environment=environment)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        result = gate_evaluate(version=version, environment=environment)
    timings.sort()
    start = time.perf_counter()
    counts = out_of_policy_pass()
    seconds = time.perf_counter() - start
    return GateFigures(
        median_ms=statistics.median(timings),
        p95_ms=timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
        queries=len(ctx.captured_queries),
        repeats=repeats,
        rules=len(result.rules),
        pass_seconds=seconds,
        deployments=counts["deployments"],
        out_of_policy=counts["out_of_policy"],
    )


def markdown(figures: GateFigures | None) -> str:
    if figures is None:
        return "\n## Promotion gate\n\n- No version holds a production environment: nothing to measure.\n"
    return (
        "\n## Promotion gate\n\n"
        f"- One gate evaluation (a production version, {figures.rules} rules): median "
        f"**{figures.median_ms:.1f} ms**, p95 {figures.p95_ms:.1f} ms over {figures.repeats} repeats, "
        f"**{figures.queries} SQL queries** whatever the data (target: fixed queries, median ≤ 30 ms).\n"
        f"- Out-of-policy pass over every production deployment ({figures.deployments:,}, of which "
        f"{figures.out_of_policy:,} out of policy): **{figures.pass_seconds:.2f} s** (target ≤ 5 s).\n"
    )
