"""Handing queued work (check runs, reports) to the task queue once, and sending again what the queue lost.

Both records carry `status`, `dispatched_at` (when last handed to the queue; empty while the queue could not
take it) and `recovery_count`. The rules are the same for both, so they live here once; see
docs/reliability.md for the faults they answer.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from celery import current_app
from django.db import models
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

# Work sent again this many times without finishing is failed rather than sent forever (a poison task).
RECOVERY_MAX_ATTEMPTS = 5


def task_sender(name: str) -> Callable[[int], Any]:
    """A `send` for dispatch_once that queues the task registered under `name` with the record's id.

    Services name their task instead of importing their app's tasks module: tasks import services, never
    the other way round. Each app registers its tasks at start-up (AppConfig.ready)."""

    def send(pk: int) -> Any:
        return current_app.tasks[name].delay(pk)

    return send


def dispatch_once(
    *,
    model: type[models.Model],
    pk: int,
    active: Iterable[str],
    seen: datetime.datetime | None,
    recovering: bool,
    send: Callable[[int], Any],
    label: str,
    instance: models.Model | None = None,
) -> bool:
    """Claim the record by moving dispatched_at from what the caller saw (a conditional update, so concurrent
    senders cannot both claim it), then publish; on a broker error put the claim back. True if sent.

    `instance`, the caller's copy of the record, gets the dispatched_at that was kept, so the page or API
    answer that created it can say whether it waits for the queue without reading it again."""
    now = timezone.now()
    live = model.objects.filter(pk=pk, status__in=list(active))
    claimed = live.filter(**({"dispatched_at": seen} if seen else {"dispatched_at__isnull": True}))
    changes: dict[str, Any] = {"dispatched_at": now}
    if recovering and seen is not None:
        changes["recovery_count"] = F("recovery_count") + 1
    if not claimed.update(**changes):
        return False
    try:
        send(pk)
    except Exception as exc:  # kombu raises OperationalError, redis-py ConnectionError, OSError...
        logger.warning("%s %s could not be queued; it waits for the queue: %s", label, pk, exc)
        model.objects.filter(pk=pk, dispatched_at=now).update(dispatched_at=seen)
        return False
    if instance is not None:
        instance.dispatched_at = now
    return True


def resend_lost(
    *,
    candidates: Iterable[tuple[int, datetime.datetime | None, int]],
    dispatch: Callable[[int, datetime.datetime | None], bool],
    fail: Callable[[int, int], None],
    label: str,
) -> list[int]:
    """Send again each (pk, dispatched_at, recovery_count) candidate, or fail it once it has been sent
    RECOVERY_MAX_ATTEMPTS times without finishing; the ids sent."""
    sent = []
    for pk, seen, recoveries in candidates:
        if seen is not None and recoveries >= RECOVERY_MAX_ATTEMPTS:
            logger.error("%s %s made no progress after %s recoveries; failing it", label, pk, recoveries)
            fail(pk, recoveries)
        elif dispatch(pk, seen):
            reason = "waited for the queue" if seen is None else "stale"
            logger.info("%s %s sent again (%s)", label, pk, reason)
            sent.append(pk)
    return sent
