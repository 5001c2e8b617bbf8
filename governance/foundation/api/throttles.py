"""The API's rate limits: a sliding-window counter per user (or address), read from the settings per request.

DRF's SimpleRateThrottle keeps the time of every request in one cached list and reads and rewrites it whole
on each request: with 2,000 requests a minute that is up to 18 KB unpickled and pickled, two round trips to
Redis, and two requests at once can both read the old list and one of them is not counted. This keeps two
counters per subject instead, the current fixed window's and the previous one's, and counts a request as
previous * (the share of the previous window still inside the sliding window) + current: one atomic
increment and read in one round trip (TolerantRedisCache.count_in_window), exact under concurrency, and
within the previous window's uneven spread of the true sliding count. A refused request is not counted, as
in DRF, so a client that keeps retrying still gets its full rate.

The rates come from the settings on every request rather than once at import, so `API_RATE_USER` and
`API_RATE_ANON` (environment) and a test's settings override both take effect; the schemathesis run
(bin/schemathesis) raises them for its thousands of requests.
"""

from __future__ import annotations

import contextlib
import math

from django.core.cache import cache
from rest_framework import throttling
from rest_framework.settings import api_settings


def _count(key: str, previous: str, timeout: int) -> tuple[int, int]:
    """(this window's count with this request, the previous window's count)."""
    counter = getattr(cache, "count_in_window", None)
    if counter is not None:
        return counter(key, previous, timeout)
    cache.add(key, 0, timeout)  # the local-memory cache of a one-process set-up
    try:
        current = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout)
        current = 1
    return current, cache.get(previous, 0)


def _uncount(key: str) -> None:
    with contextlib.suppress(ValueError):  # expired or unavailable: nothing left to take back
        cache.decr(key)


class _SlidingWindowCounter:
    cache_format = "throttle:%(scope)s:%(ident)s"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, into = divmod(self.now, self.duration)
        self.elapsed = into / self.duration  # the share of the current window gone by
        key = f"{self.key}:{int(window)}"
        self.current, self.previous = _count(key, f"{self.key}:{int(window) - 1}", 2 * self.duration)
        if self._estimate(self.current) <= self.num_requests:
            return True
        _uncount(key)
        self.current -= 1
        return False

    def _estimate(self, current: int) -> float:
        return self.previous * (1 - self.elapsed) + current

    def wait(self) -> float:
        """Seconds until one more request fits, if none is made meanwhile."""
        room = self.num_requests - 1 - self.current  # what the previous window's share must fall to
        if room < 0:  # this window alone is full: wait for the next, then for this one's share to fall
            left = self.duration * (1 - self.elapsed)
            needed = max(0.0, 1 - (self.num_requests - 1) / self.current) if self.current else 0.0
            return max(1.0, math.ceil(left + self.duration * needed))
        if not self.previous:
            return 1.0
        fraction = max(0.0, 1 - self.elapsed - room / self.previous)
        return max(1.0, math.ceil(self.duration * min(fraction, 1 - self.elapsed)))


class AnonRateThrottle(_SlidingWindowCounter, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_SlidingWindowCounter, throttling.UserRateThrottle):
    pass
