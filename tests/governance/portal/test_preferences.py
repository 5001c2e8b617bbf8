"""Issue 25: the Preferences page and the header's language switcher (signed out too)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from governance.teams.models import UserPreference

pytestmark = pytest.mark.django_db


def test_preferences_page_saves_language_and_time_zone(client, viewer):
    client.force_login(viewer)
    page = client.get(reverse("portal:preferences"))
    assert page.status_code == 200
    assert reverse("portal:preferences") in page.content.decode()  # linked from the header
    response = client.post(reverse("portal:preferences"), {"language": "ko", "time_zone": "Asia/Seoul"})
    assert response.status_code == 302
    saved = UserPreference.objects.get(user=viewer)
    assert (saved.language, saved.time_zone) == ("ko", "Asia/Seoul")
    after = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert after.headers["Content-Language"] == "ko"
    assert 'value="Asia/Seoul" selected' in after.content.decode()


def test_follow_my_browser_clears_the_switcher_cookie(client, viewer):
    client.force_login(viewer)
    client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    response = client.post(reverse("portal:preferences"), {"language": "", "time_zone": ""})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    assert UserPreference.objects.get(user=viewer).language == ""
    assert client.get(reverse("api-tokens"), HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "en"


def test_preferences_refuses_unknown_values(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("portal:preferences"), {"language": "xx", "time_zone": "Nowhere/City"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"language", "time_zone"}
    assert not UserPreference.objects.filter(user=viewer).exists()


def test_preferences_needs_a_sign_in(client):
    response = client.get(reverse("portal:preferences"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_switcher_works_signed_out(client):
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert f'action="{reverse("set_language")}"' in login.content.decode()
    response = client.post(reverse("set_language"), {"language": "ko", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.headers["Content-Language"] == "ko"


def test_switcher_saves_the_choice_when_signed_in(client, viewer):
    client.force_login(viewer)
    client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    assert UserPreference.objects.get(user=viewer).language == "ko"
    refused = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert refused.status_code == 400  # unknown: refused, nothing saved, no cookie set
    assert settings.LANGUAGE_COOKIE_NAME not in refused.cookies
    assert UserPreference.objects.get(user=viewer).language == "ko"


def test_switcher_does_not_redirect_off_site(client):
    response = client.post(reverse("set_language"), {"language": "ko", "next": "https://evil.example/"})
    assert response.status_code in (302, 204)
    assert "evil.example" not in response.get("Location", "")
