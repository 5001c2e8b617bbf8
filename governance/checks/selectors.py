"""Reads of runs and results, each with a fixed number of queries. Everyone reads results only for the
models they may see (governance.teams.permissions); counts shown to them are counted over those."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from governance.inventory.models import MLModel
from governance.teams import permissions as perms

from .models import CheckResult, CheckRun, Outcome
from .registry import all_checks, get_check

OUTCOMES = [Outcome.FAIL, Outcome.WARN, Outcome.PASS, Outcome.NOT_APPLICABLE]


def runs_visible_to(*, user: Any) -> QuerySet[CheckRun]:
    qs = CheckRun.objects.select_related("team", "model", "requested_by")
    if perms.sees_everything(user):
        return qs
    teams = list(perms.team_roles(user))
    return qs.filter(Q(scope=CheckRun.Scope.ALL) | Q(team_id__in=teams) | Q(model__team_id__in=teams))


def run_get_for_view(*, user: Any, pk: int) -> CheckRun:
    run = get_object_or_404(runs_visible_to(user=user), pk=pk)
    return run


def results_visible_to(*, user: Any) -> QuerySet[CheckResult]:
    qs = CheckResult.objects.all()
    if perms.sees_everything(user):
        return qs
    return qs.filter(model__team_id__in=list(perms.team_roles(user)))


def outcome_counts(*, user: Any, runs: list[CheckRun]) -> dict[int, dict[str, int]]:
    """Per run, results by outcome over the models the user may see: one query for the whole page."""
    counts: dict[int, dict[str, int]] = {r.pk: dict.fromkeys(Outcome.values, 0) for r in runs}
    if perms.sees_everything(user):
        for run in runs:
            counts[run.pk] = {
                Outcome.PASS: run.pass_count,
                Outcome.WARN: run.warn_count,
                Outcome.FAIL: run.fail_count,
                Outcome.NOT_APPLICABLE: run.not_applicable_count,
            }
        return counts
    rows = (
        results_visible_to(user=user)
        .filter(run__in=[r.pk for r in runs])
        .order_by()
        .values_list("run_id", "outcome")
        .annotate(n=Count("id"))
    )
    for run_id, outcome, n in rows:
        counts[run_id][outcome] = n
    return counts


def run_by_check(*, user: Any, run: CheckRun) -> list[dict[str, Any]]:
    """One row per check of the catalogue with its counts by outcome in this run."""
    table: dict[str, dict[str, int]] = {}
    rows = (
        results_visible_to(user=user)
        .filter(run=run)
        .order_by()
        .values_list("check_key", "outcome")
        .annotate(n=Count("id"))
    )
    for key, outcome, n in rows:
        table.setdefault(key, dict.fromkeys(Outcome.values, 0))[outcome] = n
    checks = {c.key: c for c in all_checks()}
    keys = [k for k in checks if k in table] + sorted(k for k in table if k not in checks)
    return [{"key": k, "check": checks.get(k), "counts": table[k]} for k in keys]


def run_findings(*, user: Any, run: CheckRun, outcomes=(Outcome.FAIL, Outcome.WARN)) -> QuerySet[CheckResult]:
    return (
        results_visible_to(user=user)
        .filter(run=run, outcome__in=outcomes)
        .select_related("model", "model__team")
        .order_by("outcome", "check_key", "model__name", "model_id")
    )


def with_checks(results) -> list[tuple[CheckResult, Any]]:
    """Pair each result with its catalogue entry (title, severity, remediation); no queries."""
    return [(r, get_check(r.check_key)) for r in results]


def pass_rate_trend(*, limit: int = 20) -> list[dict[str, Any]]:
    """Pass rate (pass over pass, warn and fail) of the latest finished org-wide runs, oldest first."""
    runs = list(
        CheckRun.objects.filter(scope=CheckRun.Scope.ALL, status=CheckRun.Status.SUCCEEDED).order_by(
            "-created_at"
        )[:limit]
    )
    points = []
    for run in reversed(runs):
        rate = run.pass_rate
        if rate is not None:
            points.append({"run": run, "rate": rate, "percent": round(rate * 100, 1)})
    width, height, pad = 600, 160, 24
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    for i, point in enumerate(points):
        point["x"] = round(pad + i * step, 1)
        point["y"] = round(height - pad - point["rate"] * (height - 2 * pad), 1)
    return points


def model_check_panel(*, user: Any, model: MLModel) -> dict[str, Any]:
    """The model's results in the latest finished run that judged it: two queries."""
    from .services import can_start_run

    latest = (
        CheckResult.objects.filter(model=model, run__status=CheckRun.Status.SUCCEEDED)
        .order_by("-run_id")
        .values_list("run_id", flat=True)
        .first()
    )
    results = []
    if latest is not None:
        order = {o: i for i, o in enumerate(OUTCOMES)}
        rows = CheckResult.objects.filter(model=model, run_id=latest)
        results = sorted(with_checks(rows), key=lambda pair: (order[pair[0].outcome], pair[0].check_key))
    return {
        "check_results": results,
        "check_run_id": latest,
        "can_run_checks": can_start_run(user, scope=CheckRun.Scope.MODEL, model=model),
    }
