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

Each written table also has its own generation, bumped in the same round trip: a reader that depends on a
few tables (the API's model rows) keys on theirs (`table_versions`), so a check run writing findings does not
empty its cache. `LocalTableCache` keeps such values in the process itself, where a hit costs no round trip
beyond reading the generations.
"""

from __future__ import annotations

import datetime
import functools
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone, translation

KEY = "freshness:generation"
TABLE_KEY = "freshness:table:%s"
LIFETIME = 300  # seconds: bounds a missed bump (a process killed between commit and bump, Redis down)
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)', re.I)
READ = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')
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


def bump(tables: Iterable[str] = ()) -> None:
    """The generation, and each written table's, one up; a lost key restarts above every earlier number."""
    keys = [KEY, *(TABLE_KEY % table for table in sorted(set(tables)))]
    bump_counters = getattr(cache, "bump_counters", None)
    if bump_counters is not None:  # Redis: one round trip
        bump_counters(keys, start=time.time_ns())
        return
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # missing (evicted, flushed, Redis down): any new number is unused
            cache.add(key, time.time_ns(), timeout=None)


def _bump_written(connection: Any) -> None:
    """on_commit: the transaction's written tables (kept on its connection)."""
    tables, connection.freshness_written = connection.freshness_written, set()
    bump(tables)


def _bump_due(connection: Any) -> bool:
    return any(getattr(entry[1], "func", None) is _bump_written for entry in connection.run_on_commit)


def has_uncommitted_writes(using: str = DEFAULT_DB_ALIAS) -> bool:
    connection = connections[using]
    return connection.in_atomic_block and _bump_due(connection)


def _watch_writes(execute: Callable, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    match = WRITE.match(sql) if isinstance(sql, str) else None
    if match and not IGNORED.match(table := match.group(1)):
        connection = context["connection"]
        if not connection.in_atomic_block:
            bump((table,))
            return result
        # Tables written in a savepoint rolled back later are bumped too: a needless miss, never a stale hit.
        connection.__dict__.setdefault("freshness_written", set()).add(table)
        if not _bump_due(connection):  # committed whatever happens
            transaction.on_commit(
                functools.partial(_bump_written, connection), using=connection.alias, robust=True
            )
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


def table_versions(tables: Sequence[str]) -> tuple[int, ...] | None:
    """The tables' generations, read in one round trip; None when nothing may be cached (no shared cache,
    this transaction has uncommitted writes, or the cache is unavailable)."""
    if not enabled() or has_uncommitted_writes():
        return None
    keys = [TABLE_KEY % table for table in tables]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                cache.add(key, time.time_ns(), timeout=None)
        found = cache.get_many(keys)
        if len(found) < len(keys):
            return None
    return tuple(found[key] for key in keys)


class LocalTableCache:
    """Values kept in this process while none of `tables` is written: `current()` gives the dictionary for
    the tables' generations now, emptied when they moved on, when it is `max_age` seconds old (writes made
    outside Django are not seen) or past `max_entries`; None when nothing may be cached.

    A reader reads the generations before the data, so a value is never older than the writes committed
    before it was read. Dictionary operations are atomic, so threads may share it: a value put in a
    dictionary another thread replaced meanwhile is only lost.
    """

    def __init__(self, *, tables: Iterable[str], max_entries: int = 20_000, max_age: float = 60.0) -> None:
        self.tables = tuple(sorted(set(tables)))
        self.max_entries, self.max_age = max_entries, max_age
        self._values: dict = {}
        self._version: tuple | None = None
        self._born = 0.0

    def current(self) -> dict | None:
        version = table_versions(self.tables)
        if version is None:
            return None
        now = time.monotonic()
        if (
            version != self._version
            or now - self._born > self.max_age
            or len(self._values) > self.max_entries
        ):
            self._values, self._version, self._born = {}, version, now
        return self._values


def tables_read(sql: str) -> frozenset[str]:
    """The tables a compiled query reads (what a cache of its answers must watch)."""
    return frozenset(READ.findall(sql))


_COUNTS: dict[frozenset[str], LocalTableCache] = {}


def count(queryset: Any) -> int:
    """queryset.count(), kept in this process until a table it reads is written (a list's page count)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # nothing can match (no team to see): no query either way
        return queryset.count()
    tables = tables_read(sql)
    if tables not in _COUNTS:
        _COUNTS[tables] = LocalTableCache(tables=tables, max_entries=1_000)
    counts = _COUNTS[tables].current()
    if counts is None:
        return queryset.count()
    key = (queryset.db, sql, repr(params))
    if key not in counts:
        counts[key] = queryset.count()
    return counts[key]
