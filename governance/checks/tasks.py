"""Celery tasks of a check run. Thin: take ids, call the engine. Transient database and broker errors are
retried with exponential backoff; a run whose task gives up is marked failed with the reason."""

from __future__ import annotations

from celery import Task, shared_task
from kombu.exceptions import OperationalError as BrokerError

from . import engine, services
from .models import CheckRun

TRANSIENT = (*engine.TRANSIENT_DB_ERRORS, BrokerError, ConnectionError, TimeoutError)
RETRY = {
    "autoretry_for": TRANSIENT,
    # Full jitter: each wait is random up to 2, 4, 8 ... 120 s, so twelve tries ride out an outage of about
    # seven minutes on average (fourteen at most); beyond that recovery sends the work again (reliability.md).
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 12,
    "acks_late": True,
    # The outcome lives in our own tables. Without this, Celery writes STARTED/RETRY states to the result
    # backend (the database) around the task body, and a database outage at that moment is an internal error
    # that acknowledges the message without retrying: the work would be lost until recovery.
    "ignore_result": True,
}


class RunTask(Task):
    """Marks the run failed when a task fails for good (retries exhausted or an unexpected error)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        run_id = kwargs.get("run_id", args[0] if args else None)
        if run_id is not None:
            engine.run_fail(run_id=run_id, message=f"{self.name} gave up: {type(exc).__name__}: {exc}")


@shared_task(name="checks.run_start", base=RunTask, **RETRY)
def run_start(run_id: int) -> int:
    """Split the run into chunks and queue one task per chunk so every worker takes a share."""
    chunks = engine.run_prepare(run_id=run_id)
    for index, model_ids in chunks:
        run_chunk.delay(run_id, index, model_ids)
    return len(chunks)


@shared_task(name="checks.run_chunk", base=RunTask, **RETRY)
def run_chunk(run_id: int, index: int, model_ids: list[int]) -> bool:
    """Judge one chunk; the chunk that completes the run finalises it."""
    return engine.chunk_execute(run_id=run_id, index=index, model_ids=model_ids)


@shared_task(name="checks.run_scheduled", **RETRY)
def run_scheduled() -> int:
    """The nightly run over every model (django-celery-beat calls this; see migration 0002)."""
    run = services.check_run_create(actor=None, scope=CheckRun.Scope.ALL, trigger=CheckRun.Trigger.SCHEDULE)
    return run.pk


@shared_task(name="checks.runs_recover", **RETRY)
def runs_recover() -> list[int]:
    """Send again the runs the queue lost (beat every 5 minutes, migration 0004; workers on connecting)."""
    return services.runs_recover()
