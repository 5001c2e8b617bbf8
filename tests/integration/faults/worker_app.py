"""The project's Celery app for fault-test workers: FAULT_CHUNK_DELAY seconds of sleep before each chunk is
judged, so a test can strike while chunks remain. Only time is bent; the tasks and the engine are the real
ones. `celery -A tests.integration.faults.worker_app worker` (start_worker(app=...))."""

from __future__ import annotations

import os
import time

from celery.signals import worker_init

from governance.celery import app

__all__ = ["app"]


@worker_init.connect
def _slow_down_chunks(**kwargs) -> None:
    delay = float(os.environ.get("FAULT_CHUNK_DELAY", "0"))
    if not delay:
        return
    from governance.checks import engine

    evaluate = engine.evaluate

    def slow_evaluate(**arguments):
        time.sleep(delay)
        return evaluate(**arguments)

    engine.evaluate = slow_evaluate
