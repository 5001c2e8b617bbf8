"""A Redis cache that degrades to "nothing cached" while Redis is unreachable, instead of failing requests.

The cache only holds throttle counters and lock-outs; the broker shares its Redis. Without this, a Redis
outage would turn every API request (DRF throttles read the cache) and every log-in into a 500 while the
database, which holds everything that matters, is fine. While Redis is down (or refuses writes) reads
miss, writes are dropped and counters start again: rate limits and log-in lock-outs are not enforced for
that time (see docs/reliability.md). Each failure is logged, at most once a minute per process.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import MasterDownError, OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Unreachable, too slow, or up but refusing the command: out of memory (maxmemory with noeviction), a
# read-only replica after a fail-over, a replica whose master is down. Other errors are bugs and raise.
UNAVAILABLE = (
    RedisConnectionError,
    RedisTimeoutError,
    OSError,
    OutOfMemoryError,
    ReadOnlyError,
    MasterDownError,
)
LOG_EVERY = 60.0


def _tolerant(name: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    """RedisCache's `name`, answering fallback(*arguments) instead while Redis is unavailable."""
    parent = getattr(RedisCache, name)

    @functools.wraps(parent)
    def call(self: TolerantRedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return parent(self, *args, **kwargs)
        except UNAVAILABLE as exc:
            self._unavailable(name, exc)
            return fallback(*args, **kwargs)

    return call


def _missing(key: str, *args: Any, **kwargs: Any) -> int:
    """incr's answer while Redis is unavailable: as if the key were missing (Django's contract: ValueError),
    so callers start counting again."""
    raise ValueError(f"Key '{key}' not found (the cache is unavailable).")


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


class TolerantRedisCache(RedisCache):
    _last_logged = 0.0

    def _unavailable(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_logged >= LOG_EVERY:
            TolerantRedisCache._last_logged = now
            logger.warning("Cache unavailable (%s): %s: %s", operation, type(exc).__name__, exc)

    # Reads miss, writes are dropped (set_many reports every key as not set).
    get = _tolerant("get", lambda key, default=None, version=None: default)
    get_many = _tolerant("get_many", lambda *args, **kwargs: {})
    has_key = _tolerant("has_key", _false)
    add = _tolerant("add", _false)
    set = _tolerant("set", _nothing)
    set_many = _tolerant("set_many", lambda data, *args, **kwargs: list(data))
    touch = _tolerant("touch", _false)
    incr = _tolerant("incr", _missing)
    delete = _tolerant("delete", _false)
    delete_many = _tolerant("delete_many", _nothing)
    clear = _tolerant("clear", _nothing)

    def count_in_window(self, key: str, previous: str, timeout: int) -> tuple[int, int]:
        """Add one to the counter `key` (kept `timeout` seconds) and read the counter `previous`, in one
        round trip and one MULTI, so concurrent requests never lose a count; (0, 0) while Redis is
        unavailable (nothing is counted then, as with `incr`)."""
        current_key = self.make_and_validate_key(key)
        try:
            pipeline = self._cache.get_client(current_key, write=True).pipeline(transaction=True)
            pipeline.incr(current_key)
            pipeline.expire(current_key, timeout)
            pipeline.get(self.make_and_validate_key(previous))
            count, _, before = pipeline.execute()
        except UNAVAILABLE as exc:
            self._unavailable("count_in_window", exc)
            return 0, 0
        return int(count), int(before or 0)

    def bump_counters(self, keys: list[str], *, start: int) -> None:
        """Each counter one up in one round trip; a missing one first starts at `start` (above any number
        it held before it was lost). Nothing happens while Redis is unavailable."""
        try:
            pipeline = self._cache.get_client(None, write=True).pipeline(transaction=False)
            for key in keys:
                key = self.make_and_validate_key(key)
                pipeline.set(key, start, nx=True)
                pipeline.incr(key)
            pipeline.execute()
        except UNAVAILABLE as exc:
            self._unavailable("bump_counters", exc)
