"""The Redis cache answers "nothing cached" while Redis is unreachable instead of raising (see
tests/integration/faults/test_broker_down.py for pages and the API with Redis stopped)."""

import time

import pytest

from governance.foundation.cache import TolerantRedisCache


def test_an_unreachable_redis_reads_as_empty_and_drops_writes():
    cache = TolerantRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    started = time.perf_counter()
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False and cache.has_key("k") is False
    cache.set("k", 1)
    assert cache.set_many({"a": 1}) == ["a"]
    with pytest.raises(ValueError, match="cache is unavailable"):  # as for a missing key: callers recount
        cache.incr("k")
    assert cache.delete("k") is False
    cache.delete_many(["a"])
    cache.clear()
    assert cache.count_in_window("k", "k0", 60) == (0, 0)  # the API's rate limit lets requests through
    assert time.perf_counter() - started < 5
