"""Personal API tokens: shown once, stored hashed, usable as Bearer, revocable, last use recorded."""

import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from governance.api.models import ApiToken
from governance.api.services import token_create, token_revoke
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_token_is_stored_hashed_and_authenticates(team, contributor):
    MLModelFactory(team=team, owner=contributor, name="churn-v2")
    token, key = token_create(user=contributor, name="training pipeline")
    assert key.startswith("gov_") and len(key) > 40
    assert (
        key not in {token.key_hash, token.prefix}
        and token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    )
    response = bearer(key).get("/api/v1/models/")
    assert response.status_code == 200 and response.json()["results"][0]["name"] == "churn-v2"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_or_wrong_token_is_401(contributor):
    token, key = token_create(user=contributor, name="ci")
    assert bearer(key[:-2] + "xx").get("/api/v1/models/").status_code == 401
    token_revoke(actor=contributor, token=token)
    response = bearer(key).get("/api/v1/models/")
    assert response.status_code == 401
    assert response.json()["error"]["detail"] == "Invalid or revoked token."


def test_inactive_user_token_is_401(contributor):
    _, key = token_create(user=contributor, name="ci")
    contributor.is_active = False
    contributor.save()
    assert bearer(key).get("/api/v1/models/").status_code == 401


def test_malformed_header_is_401_not_500(contributor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer a b c")
    assert client.get("/api/v1/models/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer " + "x" * 5000)
    assert client.get("/api/v1/models/").status_code == 401


def test_cannot_revoke_someone_elses_token(contributor, maintainer):
    token, _ = token_create(user=contributor, name="ci")
    with pytest.raises(Exception, match="your own"):
        token_revoke(actor=maintainer, token=token)


def test_token_pages_show_the_key_once_and_revoke_with_confirmation(client, contributor, maintainer):
    client.force_login(contributor)
    created = client.post(reverse("api-tokens"), {"name": "nightly retrain"})
    assert created.status_code == 200
    key = created.context["new_key"]
    assert key in created.content.decode()
    listing = client.get(reverse("api-tokens")).content.decode()
    assert "nightly retrain" in listing and key not in listing
    token = ApiToken.objects.get(user=contributor)
    revoke_url = reverse("api-token-revoke", args=[token.pk])
    assert "cannot be undone" in client.get(revoke_url).content.decode()
    assert client.post(revoke_url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.force_login(maintainer)
    assert client.post(revoke_url).status_code == 404  # another user's token does not exist for them


def test_token_name_is_required(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("api-tokens"), {"name": "  "})
    assert response.context["new_key"] is None and not ApiToken.objects.exists()


def test_token_page_lists_active_tokens_first_and_pages_the_rest(client, contributor):
    from governance.foundation import web

    revoked = []
    for i in range(10):  # revoked first, so they are the older rows: their order must come from the state
        token, _ = token_create(user=contributor, name=f"old-{i:02}")
        revoked.append(token_revoke(actor=contributor, token=token))
    active = [token_create(user=contributor, name=f"pipeline-{i:02}")[0] for i in range(web.PAGE_SIZE - 5)]
    client.force_login(contributor)
    first = client.get(reverse("api-tokens"))
    names = [t.name for t in first.context["tokens"]]
    assert len(names) == web.PAGE_SIZE and "Page 1 of 2" in first.content.decode()
    assert names[: len(active)] == [t.name for t in reversed(active)]  # every active one, newest first
    assert names[len(active) :] == [t.name for t in reversed(revoked)][:5]  # then the latest revoked
    second = client.get(reverse("api-tokens"), {"page": 2})
    assert [t.name for t in second.context["tokens"]] == [t.name for t in reversed(revoked)][5:]
