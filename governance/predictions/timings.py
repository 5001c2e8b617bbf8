"""Where a set's computing time goes: each stage's start and end (wall clock, so times from different
processes line up), recorded only when PREDICTION_TIMINGS is on (the metrics bench turns it on in its
workers) to a Redis list per set, which the bench reads back. Off, a stage costs one settings lookup.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from celery.signals import task_postrun
from django.conf import settings

KEY = "predictions:timings:{}"
KEEP_SECONDS = 3600


@functools.cache
def _client():
    """One connection pool per process (a stage's record costs one round trip, not a connection)."""
    import redis  # Celery's Redis transport brings it; only needed when timings are on

    return redis.Redis.from_url(settings.REDIS_URL)


@contextmanager
def stage(name: str, *, set_id: int, **detail) -> Iterator[None]:
    if not (settings.PREDICTION_TIMINGS and settings.REDIS_URL):
        yield
        return
    started = time.time()
    try:
        yield
    finally:
        record = {"stage": name, "start": started, "end": time.time(), "pid": os.getpid(), **detail}
        key = KEY.format(set_id)
        _client().pipeline().rpush(key, json.dumps(record)).expire(key, KEEP_SECONDS).execute()


def _on(set_id: int) -> bool:
    return bool(settings.PREDICTION_TIMINGS and settings.REDIS_URL and isinstance(set_id, int))


@task_postrun.connect(dispatch_uid="predictions.timings.job_stored")
def _job_stored(sender=None, args=None, **kwargs) -> None:
    """A job task's end as Celery sees it: after its result is stored and the chord has counted it (and, for
    the last job, after the merge task was sent)."""
    if getattr(sender, "name", "") == "predictions.job" and args and _on(args[0]):
        now = time.time()
        key = KEY.format(args[0])
        record = json.dumps({"stage": "job stored", "start": now, "end": now, "pid": os.getpid()})
        _client().pipeline().rpush(key, record).expire(key, KEEP_SECONDS).execute()


def collect(*, set_id: int, last: str = "merge task", wait: float = 2.0) -> list[dict]:
    """The set's stage records (and forget them), in the order they ended. The `last` stage ends just after
    the set's status is committed, so it is waited for a moment."""
    key, client = KEY.format(set_id), _client()
    deadline = time.monotonic() + wait
    while True:
        records = [json.loads(r) for r in client.lrange(key, 0, -1)]
        if any(r["stage"] == last for r in records) or time.monotonic() > deadline:
            client.delete(key)
            return records
        time.sleep(0.01)
