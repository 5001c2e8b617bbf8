"""Issue 25: the saved language beats the browser's; the saved time zone shows times; one query for both."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.api.models import ApiToken
from governance.api.services import token_create
from governance.teams.models import UserPreference
from governance.teams.services import user_preference_save

pytestmark = pytest.mark.django_db


def _language(response) -> str:
    return response.headers["Content-Language"]


def test_browser_language_without_a_saved_one(client, viewer):
    client.force_login(viewer)
    assert _language(client.get(reverse("api-tokens"), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")) == "ko"
    assert _language(client.get(reverse("api-tokens"), HTTP_ACCEPT_LANGUAGE="en-GB")) == "en"


def test_saved_language_beats_accept_language(client, viewer):
    user_preference_save(user=viewer, language="ko")
    client.force_login(viewer)
    page = client.get(reverse("api-tokens"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _language(page) == "ko"
    assert '<html lang="ko">' in page.content.decode()
    user_preference_save(user=viewer, language="")  # follow the browser again
    assert _language(client.get(reverse("api-tokens"), HTTP_ACCEPT_LANGUAGE="en-GB")) == "en"


def test_signed_out_pages_follow_the_browser_then_language_code(client, settings):
    assert _language(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ko")) == "ko"
    settings.LANGUAGE_CODE = "ko"
    assert _language(client.get(reverse("login"))) == "ko"


def test_api_follows_accept_language_not_the_saved_preference(client, viewer):
    """A pipeline gets the same answer with a token as with a session: the request's language decides."""
    user_preference_save(user=viewer, language="ko")
    _, key = token_create(user=viewer, name="pipeline")
    by_token = client.get("/api/v1/models/", HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    assert by_token.status_code == 200 and _language(by_token) == "en"
    client.force_login(viewer)
    by_session = client.get("/api/v1/models/", HTTP_ACCEPT_LANGUAGE="ko")
    assert by_session.status_code == 200 and _language(by_session) == "ko"


def test_time_zone_applies_to_shown_times(client, viewer, settings):
    settings.TIME_ZONE = "UTC"
    token, _ = token_create(user=viewer, name="nightly")
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=datetime.datetime(2026, 3, 1, 20, 30, tzinfo=datetime.UTC)
    )
    client.force_login(viewer)
    assert "2026-03-01 20:30" in client.get(reverse("api-tokens")).content.decode()
    user_preference_save(user=viewer, time_zone="Asia/Seoul")
    assert "2026-03-02 05:30" in client.get(reverse("api-tokens")).content.decode()
    assert timezone.get_current_timezone_name() == "UTC"  # not left active after the request


def test_the_preference_costs_no_query_of_its_own(client, viewer):
    """The backend loads it with the user: a page costs the same whether a preference is saved or not."""
    client.force_login(viewer)
    url = reverse("api-tokens")
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    user_preference_save(user=viewer, language="ko", time_zone="Asia/Seoul")
    with CaptureQueriesContext(connection) as with_saved:
        client.get(url)
    assert len(with_saved) == len(without)
    assert not [
        q
        for q in with_saved.captured_queries
        if "teams_userpreference" in q["sql"] and "JOIN" not in q["sql"]
    ]


def test_a_bad_time_zone_is_refused_and_nothing_is_written(viewer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_preference_save(user=viewer, language="ko", time_zone="Mars/Olympus")
    assert not UserPreference.objects.filter(user=viewer).exists()
