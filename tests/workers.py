"""Real Celery worker subprocesses for tests that need one (integration, browser journeys, fault injection).

A worker runs against the test database and a Redis broker, on a queue no one else uses; tests that send
it work must commit their rows (transactional tests). `tests/conftest.py` wraps `start_worker` in the
module-scoped `celery_worker` fixture and the per-test `worker` fixture.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from kombu import Exchange, Queue

STARTUP_TIMEOUT = 30.0
TASK_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def database_url(settings_dict: dict) -> str:
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

    def alive(self) -> bool:
        return self.process.poll() is None

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
            state = "running" if self.alive() else f"exited {self.process.returncode}"
            pytest.fail(f"task {async_result.id} failed: {exc!r} (worker {state})\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: the worker gets no chance to hand back what it holds (a crash, an OOM kill)."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)

    def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)


def new_queue_name() -> str:
    return f"test-worker-{uuid.uuid4().hex[:12]}"


def start_worker(
    *,
    log_dir: Path,
    queue: str,
    redis_url: str | None = None,
    database_settings: dict | None = None,
    extra_env: Mapping[str, str] | None = None,
    pool: str = "solo",
    concurrency: int = 1,
    wait_ready: bool = True,
    app: str = "governance",
) -> Worker:
    """Start `celery worker` consuming `queue` on `redis_url` (default: the test run's REDIS_URL).

    With `wait_ready`, returns once the worker has answered a ping sent through the broker, so the queue
    exists and results are written; the caller's Celery app must then publish to the same broker and queue.
    `app` names the Celery app module (fault tests use one that slows each chunk).
    """
    from django.db import connection

    from governance.foundation.startup import is_weak_secret_key

    if is_weak_secret_key(settings.SECRET_KEY):  # the worker would refuse to start (Django's W009 rule)
        raise RuntimeError(
            "The test run's SECRET_KEY is weak: workers refuse it. Use the Makefile's TEST_ENV key."
        )
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"worker-{uuid.uuid4().hex[:8]}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DATABASE_URL": database_url(database_settings or connection.settings_dict),
        "REDIS_URL": redis_url or settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "false",
        "VAR_DIR": str(settings.VAR_DIR),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        app,
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "--loglevel=info",
        "-Q",
        queue,
        "-n",
        f"{queue}-{uuid.uuid4().hex[:6]}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
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
    if wait_ready:
        wait_until_ready(worker)
    return worker


def wait_until_ready(worker: Worker, timeout: float = STARTUP_TIMEOUT) -> None:
    """Ready when it has answered a ping: the queue exists, the worker consumes it and writes results."""
    from django_celery_results.models import TaskResult

    from governance.foundation.tasks import ping

    probe = ping.apply_async(args=["ready-probe"], queue=worker.queue)
    deadline = time.monotonic() + timeout
    while not probe.ready():
        if not worker.alive():
            worker.stop()
            pytest.fail(f"celery worker exited with {worker.process.returncode}\n{worker.log()}")
        if time.monotonic() > deadline:
            worker.stop()
            pytest.fail(f"celery worker not ready after {timeout:.0f} s\n{worker.log()}")
        time.sleep(0.2)
    TaskResult.objects.filter(task_id=probe.id).delete()


def delete_queue(name: str) -> None:
    """Remove the private queue and its bindings from Redis (declared here so kombu knows the bindings)."""
    from governance.celery import app as celery_app

    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            queue = Queue(name, Exchange(name, type="direct"), routing_key=name)(conn.default_channel)
            queue.declare()
            queue.purge()
            queue.delete()
    except Exception as exc:  # cleanup only; a leftover empty queue harms no one
        sys.stderr.write(f"could not delete test queue {name}: {exc!r}\n")
