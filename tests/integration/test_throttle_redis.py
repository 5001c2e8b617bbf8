"""The API's rate limit on Redis (foundation/api/throttles.py): one atomic count per request, so requests
at once are all counted (DRF's own throttle reads and rewrites one list: two at once lose a count), and
exactly the rate gets through."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from django.core.cache import cache, caches
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from governance.foundation.api import throttles
from governance.foundation.cache import TolerantRedisCache

pytestmark = [pytest.mark.integration]
MINUTE_START = 1_800_000_000 // 60 * 60


@pytest.fixture
def fifty_a_minute(settings, monkeypatch):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "50/minute", "user": "50/minute"},
    }
    monkeypatch.setattr(
        throttles._SlidingWindowCounter, "timer", lambda self: MINUTE_START + 30, raising=False
    )


def test_requests_at_once_are_each_counted_and_exactly_the_rate_passes(fifty_a_minute):
    assert isinstance(caches["default"], TolerantRedisCache)
    request = Request(APIRequestFactory().get("/api/v1/models/"))
    request.user = SimpleNamespace(is_authenticated=True, pk=987_654)
    threads, start, answers = 8, threading.Barrier(8), []

    def client() -> None:
        start.wait()
        answers.extend(throttles.UserRateThrottle().allow_request(request, None) for _ in range(20))

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(answers) == 160 and answers.count(True) == 50
    # The refused 110 were taken back: the window holds exactly what passed.
    assert cache.get(f"throttle:user:987654:{(MINUTE_START + 30) // 60}") == 50


@pytest.mark.django_db
def test_the_api_refuses_past_the_rate_with_retry_after(contributor, fifty_a_minute):
    client = APIClient()
    client.force_authenticate(contributor)
    codes = [client.get("/api/v1/models/?page_size=1").status_code for _ in range(51)]
    assert codes == [200] * 50 + [429]
    refused = client.get("/api/v1/models/?page_size=1")
    assert refused.status_code == 429 and 30 <= int(refused["Retry-After"]) <= 60
