"""Thin tasks: run one queued sync; and the beat dispatcher that queues the connectors that are due."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="mlflow_sync.run")
def sync_run_task(run_id: int) -> dict:
    from .services import sync_execute

    run = sync_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status, "error": run.error}


@shared_task(name="mlflow_sync.dispatch_due")
def dispatch_due_task() -> list[int]:
    """Every minute (beat): queue a sync of each enabled connector whose interval has passed."""
    from django.core.exceptions import ValidationError

    from .models import SyncRun
    from .services import due_connectors, sync_request

    queued = []
    for connector in due_connectors():
        try:
            run = sync_request(actor=None, connector=connector, trigger=SyncRun.Trigger.SCHEDULE)
        except ValidationError:
            continue  # already queued or running
        queue_run(run.pk)
        queued.append(run.pk)
    return queued


def queue_run(run_id: int) -> None:
    """Send after the caller's transaction commits; a broker outage leaves the run queued (logged)."""
    from django.db import transaction

    def send() -> None:
        try:
            sync_run_task.delay(run_id)
        except Exception:
            logger.exception("Could not queue MLflow sync #%s", run_id)

    transaction.on_commit(send)
