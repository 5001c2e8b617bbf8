"""Starting a run while the broker is down says so on the run; the request itself does not fail."""

import pytest

from governance.celery import app as celery_app
from governance.checks import services
from governance.checks.models import CheckRun

pytestmark = pytest.mark.django_db


def test_unreachable_broker_fails_the_run_with_a_clear_message(
    gov_admin, monkeypatch, django_capture_on_commit_callbacks
):
    # A real refused connection (nothing listens on port 1). Celery caches its producer pool with the broker
    # address it first used; hide the cached pools for this test (monkeypatch restores them afterwards).
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "task_publish_retry", False)
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.check_run_create(
            actor=gov_admin, scope=CheckRun.Scope.ALL, trigger=CheckRun.Trigger.MANUAL
        )
    run.refresh_from_db()
    assert run.status == CheckRun.Status.FAILED
    assert "task queue is unavailable" in run.errors[-1]["message"]
