"""Redis up but refusing writes: a private redis-server with `maxmemory` reached and `noeviction` answers
every write with an OOM error. The cache drops the write and reads miss, as when Redis is unreachable, so a
log-in still works; once memory is freed the cache works again."""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse

from governance.foundation.cache import TolerantRedisCache
from tests.factories import PASSWORD

pytestmark = pytest.mark.integration


def redis_command(port: int, *words: str) -> bytes:
    """One command in Redis's inline protocol, its reply's first line."""
    with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
        conn.sendall((" ".join(words) + "\r\n").encode())
        return conn.recv(256)


def test_a_redis_out_of_memory_drops_cache_writes_instead_of_failing(redis_server, settings, client, viewer):
    cache = TolerantRedisCache(redis_server.url, {})
    cache.set("before", 1)
    assert cache.get("before") == 1
    port = redis_server.port
    assert redis_command(port, "CONFIG", "SET", "maxmemory-policy", "noeviction").startswith(b"+OK")
    assert redis_command(port, "CONFIG", "SET", "maxmemory", "1").startswith(b"+OK")
    assert redis_command(port, "SET", "probe", "x").startswith(b"-OOM")  # really refusing

    cache.set("k", 1)  # dropped, not raised
    assert cache.add("k", 1) is False and cache.get("k", "missing") == "missing"
    with pytest.raises(ValueError, match="cache is unavailable"):
        cache.incr("before")  # a write: refused, read by callers as a missing key
    assert cache.get("before") == 1  # reads of what is there still work

    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": redis_server.url}}
    from django.core.cache import caches

    caches["default"].set("x", 1)  # the settings' cache is the tolerant one, on the refusing server
    login = client.post(reverse("login"), {"username": viewer.username, "password": PASSWORD})
    assert login.status_code == 302  # the lock-out counters could not be written; log-in goes on
    client.logout()
    wrong = client.post(reverse("login"), {"username": viewer.username, "password": "wrong"})
    assert (
        wrong.status_code == 200 and "Please enter a correct username and password" in wrong.content.decode()
    )

    assert redis_command(port, "CONFIG", "SET", "maxmemory", "0").startswith(b"+OK")
    cache.set("k", 2)
    assert cache.get("k") == 2
