"""Celery tasks of a prediction set: thin, they take ids and call computing.py.

One set is split across workers as chords: a task per row group computes partial aggregates, and a merge
task adds them up (a reference set has two such passes: its exact deciles need the first pass's counts).
Slice tasks return their partials as results, so they keep results (the merge reads them); a failure that
escapes a stage marks the set rejected with the reason instead of leaving it computing.
"""

from __future__ import annotations

from celery import Task, chord, shared_task

from . import computing, services

RETRY = {"acks_late": True, "max_retries": 3, "retry_backoff": 2}


class SetTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        set_id = kwargs.get("set_id", args[0] if args else None)
        if isinstance(set_id, list):  # a merge task: (partials, set_id, ...)
            set_id = args[1] if len(args) > 1 else kwargs.get("set_id")
        if isinstance(set_id, int):
            computing.reject(set_id=set_id, reason=f"computing failed: {type(exc).__name__}: {exc}")


def _chord(set_id: int, spec: dict, parts: list[list[int]], stage: str, done):
    header = [slice_task.s(set_id, spec, rg, offset, stage) for rg, offset in parts]
    return chord(header)(done)


@shared_task(name="predictions.compute", base=SetTask, ignore_result=True, **RETRY)
def compute(set_id: int) -> None:
    job = computing.compute_start(set_id=set_id)
    if job is not None:
        _chord(set_id, job["spec"], job["parts"], "scan", scan_done.s(set_id, job["spec"], job["parts"]))


@shared_task(name="predictions.slice", base=SetTask, **RETRY)
def slice_task(set_id: int, spec: dict, row_group: int, offset: int, stage: str) -> dict:
    return computing.slice_compute(set_id=set_id, spec=spec, row_group=row_group, offset=offset, stage=stage)


@shared_task(name="predictions.scan_done", base=SetTask, ignore_result=True, **RETRY)
def scan_done(partials: list[dict], set_id: int, spec: dict, parts: list[list[int]]) -> None:
    second = computing.scan_merge(set_id=set_id, spec=spec, partials=partials)
    if second is not None:
        _chord(set_id, second["spec"], parts, "refine", refine_done.s(set_id, second["spec"], second["scan"]))


@shared_task(name="predictions.refine_done", base=SetTask, ignore_result=True, **RETRY)
def refine_done(partials: list[dict], set_id: int, spec: dict, scan: dict) -> None:
    computing.refine_merge(set_id=set_id, spec=spec, scan=scan, partials=partials)


@shared_task(name="predictions.purge", ignore_result=True)
def purge() -> list[int]:
    """Daily (beat, migration 0002): delete the rows of sets whose retention ended."""
    return services.prediction_sets_purge()


@shared_task(name="predictions.recover", ignore_result=True)
def recover() -> list[int]:
    return services.prediction_sets_recover()
