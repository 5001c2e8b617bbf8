"""The API's rate limit (foundation/api/throttles.py): a sliding-window counter per user. The arithmetic is
the previous window's count * its share still inside the sliding window + this window's count, ≤ the rate.
(The same on Redis, and under concurrency: tests/integration/test_throttle_redis.py.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from governance.foundation.api import throttles

MINUTE_START = 1_800_000_000 // 60 * 60  # the start of a fixed minute window


@pytest.fixture
def clock(monkeypatch):
    now = {"t": MINUTE_START + 0.0}
    monkeypatch.setattr(throttles._SlidingWindowCounter, "timer", lambda self: now["t"], raising=False)
    return now


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "3/minute"},
    }


@pytest.fixture
def api(contributor):
    client = APIClient()
    client.force_authenticate(contributor)
    return client


def statuses(api, n: int) -> list[int]:
    return [api.get("/api/v1/models/").status_code for _ in range(n)]


@pytest.mark.django_db
def test_the_rate_is_the_limit_within_a_window_and_refusals_say_when_to_retry(api, clock, three_a_minute):
    clock["t"] = MINUTE_START + 50  # 10 s before the window ends
    assert statuses(api, 4) == [200, 200, 200, 429]
    refused = api.get("/api/v1/models/")
    assert refused.json()["error"]["code"] == "throttled"
    # This window holds 3: the next minute's first request would count 3 * (1 - 0) + 1 = 4 > 3, so the wait
    # is the 10 s left here plus a third of the next window (3 * (1 - f) + 1 ≤ 3 from f = 1/3): 30 s.
    assert int(refused["Retry-After"]) == 30


@pytest.mark.django_db
def test_the_previous_window_counts_by_the_share_of_it_still_inside(api, clock, three_a_minute):
    clock["t"] = MINUTE_START + 59
    assert statuses(api, 3) == [200, 200, 200]
    clock["t"] = MINUTE_START + 60 + 15  # a quarter into the next window: 3 * 0.75 = 2.25 still count
    assert statuses(api, 1) == [429]  # 2.25 + 1 = 3.25 > 3
    clock["t"] = MINUTE_START + 60 + 20  # a third in: 3 * (2/3) + 1 = 3 ≤ 3
    assert statuses(api, 2) == [200, 429]
    clock["t"] = MINUTE_START + 60 + 45  # 3 * 0.25 + 1 (this window) + 1 = 2.75
    assert statuses(api, 2) == [200, 429]  # then 0.75 + 2 + 1 = 3.75
    clock["t"] = MINUTE_START + 180  # two windows later nothing is left of either
    assert statuses(api, 4) == [200, 200, 200, 429]


@pytest.mark.django_db
def test_refused_requests_are_not_counted(api, clock, three_a_minute):
    """A client that keeps retrying while refused gets its rate back when the window moves on, as in DRF."""
    assert statuses(api, 10) == [200] * 3 + [429] * 7
    clock["t"] = MINUTE_START + 60 + 40  # 3 * (1/3) = 1 left of the previous window's 3 (not 10)
    assert statuses(api, 3) == [200, 200, 429]


@pytest.mark.django_db
def test_each_user_has_their_own_count(api, viewer, clock, three_a_minute):
    assert statuses(api, 4)[-1] == 429
    other = APIClient()
    other.force_authenticate(viewer)
    assert [other.get("/api/v1/models/").status_code for _ in range(3)] == [200, 200, 200]


def test_anonymous_requests_are_limited_by_address(clock, three_a_minute):
    """(The API's endpoints refuse anonymous requests before throttling; the schema is anonymous.)"""
    factory = APIRequestFactory()

    def allowed(address: str) -> bool:
        request = Request(factory.get("/api/v1/schema/", REMOTE_ADDR=address))
        request.user = AnonymousUser()
        return throttles.AnonRateThrottle().allow_request(request, None)

    assert [allowed("203.0.113.9") for _ in range(4)] == [True, True, True, False]
    assert allowed("203.0.113.10")
