"""Polling and the completeness check the fault tests share."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.workers import Worker

WAIT = 60.0


def wait_for(condition: Callable[[], object], what: str, *workers: Worker, timeout: float = WAIT):
    """Poll until condition() is truthy; fail with the workers' logs after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            logs = "\n".join(w.log() for w in workers)
            pytest.fail(f"{what}: not after {timeout:.0f} s\n{logs}")
        time.sleep(0.1)


def all_logs(*workers: Worker) -> str:
    return "\n".join(w.log() for w in workers)


def expected_results(run) -> set[tuple[str, int, str]]:
    """What the run must hold: every check judged in this process over the run's frozen plan and policy."""
    from governance.checks import engine
    from governance.checks.models import CheckRunPlan

    ids = [model_id for chunk in CheckRunPlan.objects.get(run=run).chunks for model_id in chunk]
    findings, errors, _ = engine.evaluate(
        model_ids=ids, policy=engine._policy_for(run), today=engine.run_day(run)
    )
    assert errors == []
    return {(key, f.model_id, f.outcome) for key, items in findings.items() for f in items}


def assert_complete(run, *workers: Worker) -> None:
    """Succeeded, one result per (check, model) exactly as judged here, counts that add up."""
    from governance.checks.models import CheckResult, CheckRunChunk

    run.refresh_from_db()
    logs = all_logs(*workers)
    assert run.status == "succeeded", (run.status, run.errors, logs)
    assert run.errors == []
    results = list(CheckResult.objects.filter(run=run).values_list("check_key", "model_id", "outcome"))
    assert len(results) == len(set(results)), "duplicate results"
    assert set(results) == expected_results(run), logs
    counts = {o: sum(1 for *_, outcome in results if outcome == o) for o in ("pass", "warn", "fail")}
    assert (run.pass_count, run.warn_count, run.fail_count) == (
        counts["pass"],
        counts["warn"],
        counts["fail"],
    )
    assert run.pass_count + run.warn_count + run.fail_count + run.not_applicable_count == len(results)
    assert sorted(CheckRunChunk.objects.filter(run=run).values_list("index", flat=True)) == list(
        range(run.chunks_total)
    )
