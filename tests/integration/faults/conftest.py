"""Fixtures of the fault tests: a private redis-server as broker and cache (never the shared one), this
process's Celery app and cache switched to it, and workers started and always stopped.

Tests here are transactional: workers read committed rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from governance.celery import app as celery_app
from tests.conftest import IN_CI
from tests.workers import Worker, new_queue_name, start_worker

from .servers import REDIS_SERVER, RedisServer

pytestmark = pytest.mark.integration
FAULT_APP = "tests.integration.faults.worker_app"


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    if not os.access(REDIS_SERVER, os.X_OK):
        problem = f"the fault tests start their own redis-server and {REDIS_SERVER} is missing"
        if IN_CI:
            pytest.fail(f"CI=true and a required service is missing: {problem}", pytrace=False)
        pytest.skip(f"{problem} (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def broker(redis_server, settings) -> Iterator[RedisServer]:
    """This process publishes tasks to the private redis-server and caches in it, as production shares one
    Redis for both; everything is put back afterwards (settings fixture for CACHES)."""
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_default_queue, celery_app._pool, celery_app.amqp._producer_pool)
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": redis_server.url},
    }
    conf.broker_url = redis_server.url
    conf.task_default_queue = new_queue_name()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield redis_server
    finally:
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        conf.broker_url, conf.task_default_queue, celery_app._pool, celery_app.amqp._producer_pool = saved


@pytest.fixture
def start_fault_worker(broker, transactional_db, tmp_path) -> Iterator[Callable[..., Worker]]:
    """start(**start_worker options) -> a worker on the private broker and this test's queue; all stopped."""
    workers: list[Worker] = []

    def start(**options) -> Worker:
        options.setdefault("app", FAULT_APP)
        worker = start_worker(
            log_dir=tmp_path / "workers",
            queue=celery_app.conf.task_default_queue,
            redis_url=broker.url,
            **options,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
