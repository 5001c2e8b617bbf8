"""A data generation that keys per-user caches of counts (the dashboard, the header's inbox number).

Every write statement Django sends through a connection (saves, bulk_create, queryset update and delete,
raw SQL, migrations) bumps one generation number in the shared cache when its transaction commits, or at
once in autocommit. Cached figures are keyed by the generation read before computing them, so a reader
never gets figures older than the last committed write. Watching the connection rather than each service
means no write path can be forgotten: bulk_create and queryset.update send no signals. Inside a
transaction that has written and not yet committed the caches are skipped: only that transaction sees its
writes. Writes made outside Django (psql) are not seen; each cached value's lifetime bounds those.

Only tables the cached readers never read are left out (sessions, notifications, token use, task results),
so that the traffic of reading pages does not empty the caches.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone, translation

KEY = "freshness:generation"
LIFETIME = 300  # seconds: bounds a missed bump (a process killed between commit and bump, Redis down)
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)', re.I)
IGNORED = re.compile(r"django_session$|notifications_|api_apitoken$|django_celery_(?:results|beat)_")


def enabled() -> bool:
    """Off unless the cache is shared by every process that writes (Redis): a per-process cache would not
    see a worker's bumps."""
    return bool(getattr(settings, "COUNTS_CACHE", False))


def generation() -> int | None:
    """The current generation; None while the cache is unavailable (then nothing is cached)."""
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, time.time_ns(), timeout=None)  # a lost key restarts above every earlier number
        value = cache.get(KEY)
    return value


def bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # missing (evicted, flushed, Redis down): any new number is unused
        cache.add(KEY, time.time_ns(), timeout=None)


def _bump_due(connection: Any) -> bool:
    return any(entry[1] is bump for entry in connection.run_on_commit)


def has_uncommitted_writes(using: str = DEFAULT_DB_ALIAS) -> bool:
    connection = connections[using]
    return connection.in_atomic_block and _bump_due(connection)


def _watch_writes(execute: Callable, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    match = WRITE.match(sql) if isinstance(sql, str) else None
    if match and not IGNORED.match(match.group(1)):
        connection = context["connection"]
        if not connection.in_atomic_block:
            bump()
        elif not _bump_due(connection):
            transaction.on_commit(bump, using=connection.alias, robust=True)  # committed whatever happens
    return result


def watch(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: every connection of every process reports its writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch_writes)


def install() -> None:
    connection_created.connect(watch, dispatch_uid="freshness.watch")
    for connection in connections.all(initialized_only=True):  # opened before the apps were ready
        watch(None, connection)


def cached(
    *,
    name: str,
    user_id: int,
    compute: Callable[[], Any],
    parts: tuple = (),
    until: Callable[[Any], datetime.datetime | None] | None = None,
) -> Any:
    """compute() for this user, from the cache while no write has committed since and the day, the language
    and `parts` are the same. `until(value)` may give a moment after which the value must be recomputed
    (e.g. a request's expiry), as an aware datetime or None."""
    if not enabled() or has_uncommitted_writes():
        return compute()
    current = generation()
    if current is None:
        return compute()
    today = timezone.localdate()
    key = ":".join(str(p) for p in (name, current, user_id, today, translation.get_language(), *parts))
    hit = cache.get(key)
    now = timezone.now()
    if hit is not None and (hit[1] is None or now < hit[1]):
        return hit[0]
    value = compute()
    deadline = until(value) if until else None
    timeout = LIFETIME if deadline is None else max(0, min(LIFETIME, (deadline - now).total_seconds()))
    if timeout:
        cache.set(key, (value, deadline), timeout)
    return value
