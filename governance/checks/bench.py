"""A full check run measured end to end for `manage.py bench`: a real worker with two processes, started
here on a private queue, takes the run from the broker; the figure is queue-to-finished wall time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from celery import current_app as celery_app  # governance/celery.py's app, not imported: it sits on top
from django.conf import settings

from . import services
from .models import CheckRun, CheckRunChunk

TIMEOUT = 600.0


@dataclass
class RunFigure:
    seconds: float
    models: int
    results: int
    chunks: int
    concurrency: int
    queries_per_check: dict[str, int]
    errors: int


def measure_full_run(*, actor, concurrency: int = 2) -> RunFigure:
    queue = f"bench-checks-{uuid.uuid4().hex[:8]}"
    log_path = Path(settings.VAR_DIR) / f"{queue}.log"
    env = {**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "celery", "-A", "governance", "worker", "--loglevel=warning",
               f"--concurrency={concurrency}", "-Q", queue, "-n", f"{queue}@%h",
               "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        time.sleep(3)  # let the pool start: the figure is the run's, not the worker's start-up
        start = time.perf_counter()
        run = services.check_run_create(actor=actor, scope=CheckRun.Scope.ALL)  # queued (autocommit)
        deadline = time.monotonic() + TIMEOUT
        while not run.is_finished:
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"check run did not finish; worker log: {log_path}")
            time.sleep(0.1)
            run.refresh_from_db()
        seconds = time.perf_counter() - start
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        celery_app.conf.task_default_queue = previous
    queries: dict[str, int] = {}
    for chunk_queries in CheckRunChunk.objects.filter(run=run).values_list("queries", flat=True):
        for key, n in chunk_queries.items():
            queries[key] = max(queries.get(key, 0), n)
    results = run.pass_count + run.warn_count + run.fail_count + run.not_applicable_count
    return RunFigure(
        seconds, run.model_count, results, run.chunks_total, concurrency, queries, len(run.errors)
    )
