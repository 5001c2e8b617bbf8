"""The Celery app, configured from Django settings (CELERY_* names)."""

import logging
import os

from celery import Celery
from celery.signals import beat_init, worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")

app = Celery("governance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logger = logging.getLogger(__name__)


@worker_init.connect
@beat_init.connect
def _refuse_to_run_without_secret_key(**kwargs) -> None:
    """Celery logs and swallows errors raised by signal handlers, so exit outright."""
    from django.core.exceptions import ImproperlyConfigured

    from governance.core.startup import require_secret_key

    try:
        require_secret_key()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"Refusing to start: {exc}") from exc


@worker_ready.connect
def _recover_lost_work(**kwargs) -> None:
    """A starting worker may replace one that died holding messages: send again the check runs and reports
    the queue lost (or never took), before this worker takes its first task. Beat does the same every few
    minutes, so a failure here is only logged."""
    from django.db import connections

    from governance.checks.services import runs_recover
    from governance.reports.services import reports_recover

    try:
        runs, reports = runs_recover(), reports_recover()
        if runs or reports:
            logger.warning("Recovered lost work at start: check runs %s, reports %s", runs, reports)
    except Exception:
        logger.exception("Recovering lost work at worker start failed; beat will try again")
    finally:
        connections.close_all()  # the pool's processes open their own
