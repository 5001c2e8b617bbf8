"""A real Celery worker, in its own process, consumes tasks from Redis and records results in PostgreSQL.

The worker is started once for this module against the test database, on a queue no one else uses, so
tests on a shared Redis cannot take each other's tasks.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.test import Client

from governance.foundation.health import worker_round_trip
from governance.foundation.tasks import ping

from ..workers import TASK_TIMEOUT

pytestmark = [pytest.mark.integration]


def test_ping_runs_in_the_separate_worker_process(worker):
    token = uuid.uuid4().hex

    result = worker.result(ping.delay(token))

    assert result["token"] == token
    assert result["pid"] != os.getpid()
    assert result["pid"] == worker.pid, worker.log()
    assert result["database"] == "postgresql"


def test_worker_round_trip_reports_ok(worker):
    outcome = worker_round_trip(timeout=TASK_TIMEOUT)

    assert outcome["ok"] is True, f"{outcome}\n{worker.log()}"
    assert outcome["detail"]["pid"] == worker.pid


def test_result_is_recorded_in_the_database(worker):
    from django_celery_results.models import TaskResult

    token = uuid.uuid4().hex
    async_result = ping.delay(token)
    worker.result(async_result)

    record = TaskResult.objects.get(task_id=async_result.id)
    assert record.status == "SUCCESS"
    assert record.task_name == "core.ping"
    assert token in record.result
    assert record.worker and record.worker.startswith(worker.queue), record.worker


def test_healthz_reports_database_and_broker_up(db):
    response = Client().get("/healthz", secure=True)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "detail": "postgresql"}
    assert body["broker"]["ok"] is True
    assert "failing" not in body
