"""Celery task of a report. Thin: take the id, call the service. Transient database and broker errors are
retried with backoff; a task that gives up marks the report failed with the reason."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from governance.checks.tasks import RETRY

from . import services

logger = logging.getLogger(__name__)


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        report_id = kwargs.get("report_id", args[0] if args else None)
        if report_id is not None:
            logger.error("%s gave up on report %s: %s: %s", self.name, report_id, type(exc).__name__, exc)
            services.report_fail(
                report_id=report_id, message=services.failure_reason(exc, report_id=report_id, gave_up=True)
            )


@shared_task(name="reports.build", base=ReportTask, **RETRY)
def report_build_task(report_id: int) -> str:
    return services.report_build(report_id=report_id).status


@shared_task(name="reports.recover", **RETRY)
def reports_recover() -> list[int]:
    """Send again the reports the queue lost (beat every 5 minutes, migration 0003; workers on connecting)."""
    return services.reports_recover()
