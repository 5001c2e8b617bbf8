"""A real Celery worker subprocess for integration tests, started once per module on a private queue.

The worker runs against the test database and Redis; tests that send it work must commit their rows
(transactional tests), which the `worker` fixture arranges.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from kombu import Exchange, Queue

from governance.celery import app as celery_app
from governance.core.tasks import ping

STARTUP_TIMEOUT = 30.0
TASK_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def _database_url(settings_dict: dict) -> str:
    """A DATABASE_URL naming the database this test run uses (after django_db_setup: the test database)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    url = f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"
    options = {k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    return f"{url}?{urlencode(options)}" if options else url


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path, queue: str) -> None:
        self.process = process
        self.log_path = log_path
        self.queue = queue

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"(no worker log: {exc})"
        return f"--- celery worker log ({self.log_path}) ---\n{text[-20000:]}"

    def result(self, async_result, timeout: float = TASK_TIMEOUT):
        """Wait for a task's result, failing with the worker's log instead of a bare timeout."""
        try:
            return async_result.get(timeout=timeout)
        except Exception as exc:
            state = "running" if self.process.poll() is None else f"exited {self.process.returncode}"
            pytest.fail(f"task {async_result.id} failed: {exc!r} (worker {state})\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)


def _delete_queue(name: str) -> None:
    """Remove the private queue and its bindings from Redis (declared here so kombu knows the bindings)."""
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            queue = Queue(name, Exchange(name, type="direct"), routing_key=name)(conn.default_channel)
            queue.declare()
            queue.purge()
            queue.delete()
    except Exception as exc:  # cleanup only; a leftover empty queue harms no one
        sys.stderr.write(f"could not delete test queue {queue}: {exc!r}\n")


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """Start `celery worker` on the test database and a private queue; stop it when the module ends."""
    from django.db import connection
    from django_celery_results.models import TaskResult

    queue = f"test-worker-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path_factory.mktemp("celery-worker") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "false",
        "VAR_DIR": str(settings.VAR_DIR),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "governance",
        "worker",
        "--pool=solo",
        "--loglevel=info",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    worker = Worker(process, log_path, queue)
    try:
        # Ready when it has answered a ping: the queue exists, the worker consumes it and writes results.
        with django_db_blocker.unblock():
            probe = ping.delay("ready-probe")
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not probe.ready():
                if process.poll() is not None:
                    pytest.fail(f"celery worker exited with {process.returncode}\n{worker.log()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"celery worker not ready after {STARTUP_TIMEOUT:.0f} s\n{worker.log()}")
                time.sleep(0.2)
            TaskResult.objects.filter(task_id=probe.id).delete()
        yield worker
    finally:
        worker.stop()
        celery_app.conf.task_default_queue = previous_queue
        _delete_queue(queue)


@pytest.fixture
def worker(celery_worker, transactional_db):
    """The running worker, for a test whose rows are committed so the worker's connection sees them."""
    assert celery_worker.process.poll() is None, f"celery worker died\n{celery_worker.log()}"
    return celery_worker
