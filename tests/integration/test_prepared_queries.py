"""The API's hot queries on PostgreSQL are session-level prepared statements (foundation/sql_ids.py,
issue 24): token authentication makes the token and its user from the statement's row (the same objects as
the ORM would load; revocation and deactivation take effect on the next request), each statement is
prepared once per session and outlives a rolled-back transaction, and turning them off changes no answer."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from governance.api import services
from governance.api.models import ApiToken
from tests.factories import MLModelFactory

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


def prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def test_the_hot_queries_are_prepared_once_per_session_and_survive_a_rollback(contributor, team):
    models = [MLModelFactory(team=team, owner=contributor, name=f"m{i}") for i in range(3)]
    _, key = services.token_create(user=contributor, name="pipeline")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    first = client.get("/api/v1/models/").json()["results"]
    names = prepared_names()
    assert any(name.startswith("api_apitoken_") for name in names)
    assert any(name.startswith("inventory_mlmodel_") for name in names)
    try:
        with transaction.atomic():
            assert client.get(f"/api/v1/models/{models[0].pk}/").status_code == 200
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert prepared_names() >= names
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/models/").json()["results"] == first
    assert not any(q["sql"].startswith("PREPARE") for q in ctx.captured_queries)
    assert sum(q["sql"].startswith("EXECUTE") for q in ctx.captured_queries) == 2  # the token, the rows


def test_without_prepared_statements_the_same_answers(contributor, team, settings):
    MLModelFactory(team=team, owner=contributor, name="plain")
    _, key = services.token_create(user=contributor, name="pipeline")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    prepared = client.get("/api/v1/models/").json()
    settings.DB_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/models/").json() == prepared
    assert not any(q["sql"].startswith(("PREPARE", "EXECUTE")) for q in ctx.captured_queries)


def test_the_prepared_statements_are_planned_once(contributor, team):
    """A custom plan per call would re-plan the model's row each time (1.2 ms against 0.2 ms at org-10k)."""
    model = MLModelFactory(team=team, owner=contributor, name="planned")
    _, key = services.token_create(user=contributor, name="pipeline")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    for _ in range(8):  # PostgreSQL's own choice would be made after five custom plans
        assert client.get(f"/api/v1/models/{model.pk}/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, generic_plans, custom_plans FROM pg_prepared_statements")
        plans = cursor.fetchall()
    assert plans and all(custom == 0 and generic >= 1 for _, generic, custom in plans), plans
