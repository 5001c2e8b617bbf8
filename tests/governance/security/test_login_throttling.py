"""Lock-out after repeated failed log-ins (per username and per address) and failed API tokens."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from governance.api.services import token_create, token_revoke
from governance.foundation import throttling
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURES_PER_USER = 5
    settings.LOGIN_FAILURES_PER_IP = 8
    settings.API_TOKEN_FAILURES_PER_IP = 3
    settings.LOGIN_LOCKOUT_SECONDS = 900


@pytest.fixture
def clock(monkeypatch):
    """The lock-out clock, movable by the test."""
    current = {"now": datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)}
    monkeypatch.setattr(throttling, "now", lambda: current["now"])
    return current


def attempt(client, username, password, ip="10.0.0.1", path=None):
    return client.post(path or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="10.0.0.1"):
    for _ in range(times):
        response = attempt(client, username, "wrong-password", ip)
        assert response.status_code == 200, response.status_code
        assert "correct username and password" in response.content.decode()


def test_the_fifth_failure_locks_the_username_with_a_clear_message(client, clock):
    user = UserFactory(username="ana")
    fail(client, "ana", 4)
    response = attempt(client, "ana", "wrong-password")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-in attempts. Try again after 09:15 UTC (in about 15 minutes)." in page
    # Even the right password is refused while locked, and nobody is logged in.
    response = attempt(client, "ANA ", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.last_login is None


def test_a_success_before_the_limit_resets_the_count(client, clock):
    UserFactory(username="ben")
    fail(client, "ben", 4)
    assert attempt(client, "ben", PASSWORD).status_code == 302
    client.logout()
    # Four more are allowed again: the username's count started over. (From another address, since an
    # address keeps its own count through a success: 8 failures from one address lock it.)
    fail(client, "ben", 4, ip="10.0.0.2")
    assert attempt(client, "ben", PASSWORD, ip="10.0.0.2").status_code == 302


def test_another_user_and_another_address_are_unaffected(client, clock):
    UserFactory(username="cleo")
    UserFactory(username="dev")
    fail(client, "cleo", 5 - 1)
    assert attempt(client, "cleo", "wrong").status_code == 429
    assert attempt(client, "dev", PASSWORD, ip="10.0.0.1").status_code == 302  # same address, other user
    client.logout()
    # The locked username stays locked from everywhere; the lock is on the account.
    assert attempt(client, "cleo", PASSWORD, ip="10.9.9.9").status_code == 429


def test_an_address_guessing_many_usernames_is_locked(client, clock):
    UserFactory(username="eve")
    for n in range(7):
        fail(client, f"nobody{n}", 1, ip="10.0.0.66")
    assert attempt(client, "nobody-else", "wrong", ip="10.0.0.66").status_code == 429
    # A real user's right password from that address waits too; from elsewhere it works.
    assert attempt(client, "eve", PASSWORD, ip="10.0.0.66").status_code == 429
    assert attempt(client, "eve", PASSWORD, ip="10.0.0.67").status_code == 302


def test_the_lock_expires_after_the_window(client, clock):
    UserFactory(username="finn")
    fail(client, "finn", 4)
    assert attempt(client, "finn", "wrong").status_code == 429
    clock["now"] += datetime.timedelta(minutes=14)
    response = attempt(client, "finn", PASSWORD)
    assert response.status_code == 429
    assert "in about 1 minute)" in response.content.decode()
    clock["now"] += datetime.timedelta(minutes=1, seconds=1)
    assert attempt(client, "finn", PASSWORD).status_code == 302


def test_the_admin_log_in_shares_the_lock(client, clock):
    UserFactory(username="gus", is_staff=True)
    fail(client, "gus", 5 - 1)
    assert attempt(client, "gus", "wrong").status_code == 429
    response = attempt(client, "gus", PASSWORD, path=reverse("admin:login"))
    assert response.status_code == 200  # the admin shows its form again, with the lock message
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_client_address_comes_from_the_configured_proxy_header(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert throttling.client_ip(request) == "10.0.0.1"
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert throttling.client_ip(request) == "198.51.100.7"  # the hop our proxy added


def test_wrong_api_tokens_are_throttled_per_address_but_valid_tokens_pass(client, clock):
    """Issue 15.13: a revoked token in one cron job behind NAT must not stop every pipeline there."""
    user = UserFactory(username="pipeline")
    _, key = token_create(user=user, name="ci")
    url = reverse("v1:model-list")
    for n in range(3):  # three different wrong tokens: the address's limit (3 in these tests)
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer gov_wrong{n}", REMOTE_ADDR="10.1.1.1")
        assert response.status_code == 401
    # A valid token from the locked address passes (it was a 429 for 15 minutes)...
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="10.1.1.1").status_code == 200
    # ...while a wrong one is refused with the reason and when to retry; another address is unaffected.
    response = client.get(url, HTTP_AUTHORIZATION="Bearer gov_wrong9", REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert "Too many failed API token attempts with your address" in response.json()["error"]["detail"]
    assert int(response["Retry-After"]) == 900
    assert client.get(url, HTTP_AUTHORIZATION="Bearer gov_other", REMOTE_ADDR="10.1.1.2").status_code == 401
    clock["now"] += datetime.timedelta(minutes=15, seconds=1)
    response = client.get(url, HTTP_AUTHORIZATION="Bearer gov_wrong9", REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 401  # the lock ended with its window


def test_one_revoked_token_is_locked_by_its_prefix_from_any_address(client, settings):
    settings.API_TOKEN_FAILURES_PER_PREFIX = 2
    user = UserFactory(username="cron")
    revoked, revoked_key = token_create(user=user, name="old cron")
    token_revoke(actor=user, token=revoked)
    _, key = token_create(user=user, name="new cron")
    url = reverse("v1:model-list")
    for address in ("10.2.0.1", "10.2.0.2"):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {revoked_key}", REMOTE_ADDR=address)
        assert response.status_code == 401
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {revoked_key}", REMOTE_ADDR="10.2.0.3")
    assert response.status_code == 429 and "with this token" in response.json()["error"]["detail"]
    for address in ("10.2.0.1", "10.2.0.3"):  # the valid token, from the same addresses, still works
        assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR=address).status_code == 200


def test_a_token_with_a_nul_or_odd_characters_is_refused_not_crashed(client):
    url = reverse("v1:model-list")
    for key in ("gov_\x00abc", "gov_abc'; DROP TABLE x; --", "gov_" + "a" * 500):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 401, key


@pytest.mark.integration
def test_the_lock_is_kept_in_redis_as_in_production(client, clock, settings):
    """Production counts in Redis (shared by every web process); the same lock works there."""
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    UserFactory(username="hana")
    fail(client, "hana", 4)
    assert attempt(client, "hana", "wrong").status_code == 429
    assert attempt(client, "hana", PASSWORD, ip="10.7.7.7").status_code == 429
    clock["now"] += datetime.timedelta(minutes=15, seconds=1)
    assert attempt(client, "hana", PASSWORD).status_code == 302
