"""The database briefly unavailable to a worker in the middle of a check run: the worker reaches PostgreSQL
through a TCP proxy the test cuts (open connections closed, new ones refused) until the worker has logged a
retry, then restores. The chunk task retries on a new connection and the run completes, exactly once per
check and model; a chunk's results and its chunk record commit together, so nothing is half-written."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from governance.checks import services
from governance.checks.models import CheckRun, CheckRunChunk
from tests.factories import MLModelFactory

from .servers import TcpProxy
from .support import assert_complete, wait_for

pytestmark = pytest.mark.integration
OUTAGE = 3.0  # seconds at least the database stays away


@pytest.fixture
def db_proxy(transactional_db):
    settings = connection.settings_dict
    proxy = TcpProxy(upstream=(settings.get("HOST") or "127.0.0.1", int(settings.get("PORT") or 5432)))
    proxy.start()
    yield proxy
    proxy.close()


def test_a_run_survives_the_database_going_away_under_its_worker(start_fault_worker, db_proxy, gov_admin):
    MLModelFactory.create_batch(18)
    worker = start_fault_worker(
        database_settings={**connection.settings_dict, "HOST": "127.0.0.1", "PORT": db_proxy.port},
        extra_env={"CHECKS_CHUNK_SIZE": "3", "FAULT_CHUNK_DELAY": "0.5"},
    )
    run = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL)
    wait_for(lambda: CheckRunChunk.objects.filter(run=run).exists(), "a first chunk written", worker)

    connections_before_cut = db_proxy.connections
    db_proxy.cut()
    cut_at = CheckRunChunk.objects.filter(run=run).count()
    cut_until = time.monotonic() + OUTAGE
    wait_for(
        lambda: "retry: Retry in" in worker.log() and time.monotonic() >= cut_until,
        f"the worker retried a task and the outage lasted {OUTAGE} s",
        worker,
    )
    assert CheckRunChunk.objects.filter(run=run).count() == cut_at  # nothing written while cut
    db_proxy.restore()

    wait_for(
        lambda: CheckRun.objects.filter(pk=run.pk, status__in=["succeeded", "failed"]).exists(),
        f"run #{run.pk} finished after the database came back",
        worker,
    )
    assert_complete(run, worker)
    log = worker.log()
    assert "OperationalError" in log and "Retry in" in log, log
    assert "gave up" not in log and "internal error" not in log.lower(), log
    assert worker.alive(), log
    assert connections_before_cut >= 1 and db_proxy.connections > connections_before_cut  # it reconnected
