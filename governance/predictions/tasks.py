"""Celery tasks of a prediction set: thin, they take ids and call computing.py.

One set is split across workers as one chord: a task per job (a row group, or a reference's numeric columns)
computes results that merge by addition, and a merge task adds them up and stores the figures. Job tasks
return their results, so they keep results (the merge reads them); they do not record a STARTED state (one
write less each). A failure that escapes a stage marks the set rejected with the reason instead of leaving
it computing.
"""

from __future__ import annotations

from celery import Task, chord, shared_task

from . import computing, services
from .timings import stage

RETRY = {"acks_late": True, "max_retries": 3, "retry_backoff": 2}


class SetTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        set_id = kwargs.get("set_id", args[0] if args else None)
        if isinstance(set_id, list):  # a merge task: (partials, set_id, ...)
            set_id = args[1] if len(args) > 1 else kwargs.get("set_id")
        if isinstance(set_id, int):
            computing.reject(set_id=set_id, reason=f"computing failed: {type(exc).__name__}: {exc}")


@shared_task(name="predictions.compute", base=SetTask, ignore_result=True, **RETRY)
def compute(set_id: int) -> None:
    with stage("compute task", set_id=set_id):
        planned = computing.compute_start(set_id=set_id)
        if planned is not None:
            spec = planned["spec"]
            with stage("send chord", set_id=set_id):
                chord(job_task.s(set_id, spec, job) for job in planned["jobs"])(merge_task.s(set_id, spec))


@shared_task(name="predictions.job", base=SetTask, track_started=False, **RETRY)
def job_task(set_id: int, spec: dict, job: dict) -> dict:
    with stage("job", set_id=set_id, kind=job["stage"]):
        return computing.job_compute(spec=spec, job=job)


@shared_task(name="predictions.merge", base=SetTask, ignore_result=True, **RETRY)
def merge_task(partials: list[dict], set_id: int, spec: dict) -> None:
    with stage("merge task", set_id=set_id):
        computing.merge_finish(set_id=set_id, spec=spec, partials=partials)


@shared_task(name="predictions.purge", ignore_result=True)
def purge() -> list[int]:
    """Daily (beat, migration 0002): delete the rows of sets whose retention ended."""
    return services.prediction_sets_purge()


@shared_task(name="predictions.recover", ignore_result=True)
def recover() -> list[int]:
    return services.prediction_sets_recover()
