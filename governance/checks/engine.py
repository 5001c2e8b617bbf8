"""Runs the catalogue over chunks of models and writes the results in bulk.

A run is prepared (its model ids split into chunks), each chunk is executed (every check over the chunk's
models, results bulk-written with ignore_conflicts so a re-delivered chunk never duplicates), and the chunk
that completes the set finalises the run (counts by outcome, errors, status). The Celery tasks call these;
tests and the demo loader call them inline.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Count
from django.dispatch import Signal
from django.utils import timezone

from governance.inventory.models import MLModel

from . import latest
from .data import ChunkData
from .models import CheckPolicy, CheckResult, CheckRun, CheckRunChunk, CheckRunPlan, Outcome
from .registry import Check, Finding, all_checks

log = logging.getLogger(__name__)

# Errors worth retrying the whole chunk for (the database or the connection went away), not check bugs.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)
DETAIL_MAX = 2000

# Sent when a run has finished and its results are recorded; receivers take run_id.
run_finished = Signal()


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def evaluate(
    *, model_ids: list[int], policy: CheckPolicy, today: datetime.date, checks: Iterable[Check] | None = None
) -> tuple[dict[str, list[Finding]], list[dict[str, str]], dict[str, int]]:
    """Every check over the models: findings by check key, errors of checks that crashed, queries per check.

    A check that raises is recorded as an error and its partial findings dropped; the others still run.
    Transient database errors propagate so the caller (a task) can retry the chunk.
    """
    data = ChunkData(model_ids=model_ids, policy=policy, today=today)
    wanted = set(model_ids)
    findings: dict[str, list[Finding]] = {}
    errors: list[dict[str, str]] = []
    queries: dict[str, int] = {}
    for check in checks if checks is not None else all_checks():
        counter = _QueryCounter()
        try:
            with connection.execute_wrapper(counter):
                seen: set[int] = set()
                rows = []
                for finding in check.run(data):
                    if finding.model_id in wanted and finding.model_id not in seen:
                        seen.add(finding.model_id)
                        rows.append(finding)
        except TRANSIENT_DB_ERRORS:
            raise
        except Exception as exc:  # a broken check must not stop the others
            log.exception("Check %s crashed", check.key)
            errors.append({"check": check.key, "message": f"{type(exc).__name__}: {exc}"[:DETAIL_MAX]})
            if isinstance(exc, DatabaseError) and connection.in_atomic_block:
                raise
            continue
        finally:
            queries[check.key] = counter.count
        findings[check.key] = rows
    return findings, errors, queries


def scope_model_ids(run: CheckRun) -> list[int]:
    """The models a run covers: a named model whatever its stage; otherwise every model not retired."""
    if run.scope == CheckRun.Scope.MODEL:
        return [run.model_id]
    qs = MLModel.objects.exclude(stage=MLModel.Stage.RETIRED)
    if run.scope == CheckRun.Scope.TEAM:
        qs = qs.filter(team_id=run.team_id)
    return list(qs.order_by("id").values_list("id", flat=True))


def run_prepare(*, run_id: int, chunk_size: int | None = None) -> list[tuple[int, list[int]]]:
    """Mark the run running and return its chunks not yet written; [] when there is nothing (left) to do.

    The first start freezes the models and their split (CheckRunPlan); a re-delivered or recovered start
    reuses that plan, skips the chunks already written and finalises a run whose chunks are all written.
    """
    with transaction.atomic():
        run = CheckRun.objects.select_for_update().get(pk=run_id)
        if run.is_finished:
            return []
        plan = CheckRunPlan.objects.filter(run_id=run_id).first()
        if plan is None:
            size = chunk_size or settings.CHECKS_CHUNK_SIZE
            ids = scope_model_ids(run)
            plan = CheckRunPlan.objects.create(
                run_id=run_id, chunks=[ids[i : i + size] for i in range(0, len(ids), size)]
            )
            run.model_count = len(ids)
            run.chunks_total = len(plan.chunks)
        run.status = CheckRun.Status.RUNNING
        run.started_at = run.started_at or timezone.now()
        run.save(update_fields=["status", "started_at", "model_count", "chunks_total"])
    done = set(CheckRunChunk.objects.filter(run_id=run_id).values_list("index", flat=True))
    if len(done) >= len(plan.chunks):
        run_finalize(run_id=run_id)
        return []
    return [(index, chunk) for index, chunk in enumerate(plan.chunks) if index not in done]


def _policy_for(run: CheckRun) -> CheckPolicy:
    """The thresholds frozen on the run when it was created, so every chunk judges alike."""
    fields = {f.name for f in CheckPolicy._meta.concrete_fields}
    return (
        CheckPolicy(**{k: v for k, v in run.policy.items() if k in fields})
        if run.policy
        else CheckPolicy.current()
    )


def run_day(run: CheckRun) -> datetime.date:
    return timezone.localdate(run.started_at or run.created_at)


def chunk_execute(*, run_id: int, index: int, model_ids: list[int]) -> bool:
    """Judge one chunk and write its results; True when this chunk completed (and finalised) the run."""
    run = CheckRun.objects.get(pk=run_id)
    if run.is_finished:
        return False
    if not CheckRunChunk.objects.filter(run_id=run_id, index=index).exists():
        _chunk_write(run=run, index=index, model_ids=model_ids)
    # Each chunk commits before counting, so the last one to commit sees them all.
    if CheckRunChunk.objects.filter(run_id=run_id).count() >= run.chunks_total:
        return run_finalize(run_id=run_id)
    return False


def _chunk_write(*, run: CheckRun, index: int, model_ids: list[int]) -> None:
    run_id = run.pk
    started = time.perf_counter()
    findings, errors, queries = evaluate(model_ids=model_ids, policy=_policy_for(run), today=run_day(run))
    rows = [
        CheckResult(
            run_id=run_id,
            check_key=key,
            model_id=f.model_id,
            outcome=f.outcome,
            detail=f.detail[:DETAIL_MAX],
            detail_message=f.message or {},
            evidence=f.evidence,
        )
        for key, items in findings.items()
        for f in items
    ]
    with transaction.atomic():
        CheckResult.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        CheckRunChunk.objects.bulk_create(
            [
                CheckRunChunk(
                    run_id=run_id,
                    index=index,
                    model_count=len(model_ids),
                    errors=[{**e, "chunk": index} for e in errors],
                    seconds=round(time.perf_counter() - started, 3),
                    queries=queries,
                )
            ],
            ignore_conflicts=True,
        )


def run_finalize(*, run_id: int) -> bool:
    """Count the results by outcome, gather the chunks' errors and close the run. Idempotent."""
    counts = dict(
        CheckResult.objects.filter(run_id=run_id).order_by().values_list("outcome").annotate(n=Count("id"))
    )
    errors: list[dict[str, Any]] = []
    for chunk_errors in (
        CheckRunChunk.objects.filter(run_id=run_id).order_by("index").values_list("errors", flat=True)
    ):
        errors.extend(chunk_errors)
    status = CheckRun.Status.FAILED if errors and not counts else CheckRun.Status.SUCCEEDED
    with transaction.atomic():
        updated = CheckRun.objects.filter(pk=run_id, status=CheckRun.Status.RUNNING).update(
            status=status,
            finished_at=timezone.now(),
            pass_count=counts.get(Outcome.PASS, 0),
            warn_count=counts.get(Outcome.WARN, 0),
            fail_count=counts.get(Outcome.FAIL, 0),
            not_applicable_count=counts.get(Outcome.NOT_APPLICABLE, 0),
            errors=errors,
        )
        if updated and status == CheckRun.Status.SUCCEEDED:
            latest.record_run(run_id=run_id)  # each model's latest results, for lists and the dashboard
    if updated:
        run_finished.send(
            sender=CheckRun, run_id=run_id
        )  # the promotion gate re-judges production (issue 18)
    return bool(updated)


def run_fail(*, run_id: int, message: str) -> None:
    """Close a run that could not be carried out (its start or a chunk gave up after retries)."""
    run = CheckRun.objects.filter(pk=run_id).first()
    if run is None or run.is_finished:
        return
    CheckRun.objects.filter(pk=run_id).exclude(
        status__in=[CheckRun.Status.SUCCEEDED, CheckRun.Status.FAILED]
    ).update(
        status=CheckRun.Status.FAILED,
        finished_at=timezone.now(),
        errors=[*run.errors, {"check": "", "message": message[:DETAIL_MAX]}],
    )


def run_execute_inline(*, run_id: int, chunk_size: int | None = None) -> CheckRun:
    """Carry out a whole run in this process (demo loader, tests, shell)."""
    for index, ids in run_prepare(run_id=run_id, chunk_size=chunk_size):
        chunk_execute(run_id=run_id, index=index, model_ids=ids)
    return CheckRun.objects.get(pk=run_id)
