"""The Celery app, configured from Django settings (CELERY_* names)."""

import logging
import os

from celery import Celery, bootsteps
from celery.signals import beat_init, worker_init

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

    from governance.foundation.startup import require_secret_key

    try:
        require_secret_key()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"Refusing to start: {exc}") from exc


def recover_lost_work(when: str) -> None:
    """Send again the check runs, reports and webhook deliveries the queue lost (or never took). Beat does
    the same every few minutes (hourly for webhooks), so a failure here is only logged."""
    from django.db import connections

    from governance.checks.services import runs_recover
    from governance.notifications.webhooks import webhooks_recover
    from governance.reports.services import reports_recover

    try:
        runs, reports = runs_recover(), reports_recover()
        if runs or reports:
            logger.warning("Recovered lost work at %s: check runs %s, reports %s", when, runs, reports)
        deliveries = webhooks_recover()
        if deliveries:
            logger.warning("Recovered lost work at %s: webhook deliveries %s", when, deliveries)
    except Exception:
        logger.exception("Recovering lost work at %s failed; beat will try again", when)
    finally:
        connections.close_all()  # the pool's processes open their own


class RecoverOnConnect(bootsteps.StartStopStep):
    """Each time a worker's consumer (re)connects to the broker: at start, a worker may replace one that died
    holding messages; after a broker outage, work recorded meanwhile waits for the queue. Either way it is
    sent now rather than at beat's next round."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self.starts = 0

    def start(self, parent) -> None:
        self.starts += 1
        recover_lost_work("start" if self.starts == 1 else "reconnect")


app.steps["consumer"].add(RecoverOnConnect)
