"""Token authentication on PostgreSQL reads one prepared statement and makes the token and its user from its
row (governance/api/services.py, issue 24): the same objects as the ORM would load, and revocation and
deactivation still take effect on the next request."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from governance.api import services
from governance.api.models import ApiToken

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_prepared_lookup_loads_what_the_orm_loads(contributor):
    assert connection.vendor == "postgresql" and services._token_query() is not None
    contributor.first_name, contributor.last_name = "Ji-woo", "Kim"
    contributor.save()
    token, key = services.token_create(user=contributor, name="pipeline")
    services.token_create(user=contributor, name="another")  # another active token of the same user
    with CaptureQueriesContext(connection) as ctx:
        found = services.token_authenticate(key=key)
    assert found is not None and found.pk == token.pk
    assert fields(found) == fields(ApiToken.objects.get(pk=token.pk))
    assert fields(found.user) == fields(get_user_model().objects.get(pk=contributor.pk))
    assert not found._state.adding and found._state.db == "default"
    assert found.user.get_full_name() == "Ji-woo Kim"
    assert ctx.captured_queries and "api_apitoken" in ctx.captured_queries[0]["sql"]
    assert services.token_authenticate(key=key + "x") is None


def test_revoked_tokens_and_inactive_users_are_refused_at_once(contributor):
    token, key = services.token_create(user=contributor, name="pipeline")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/models/").status_code == 200
    services.token_revoke(actor=contributor, token=token)
    assert client.get("/api/v1/models/").status_code == 401
    _, key = services.token_create(user=contributor, name="second")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/models/").status_code == 200
    contributor.is_active = False
    contributor.save()
    assert client.get("/api/v1/models/").status_code == 401
