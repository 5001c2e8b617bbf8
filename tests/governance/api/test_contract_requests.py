"""Issue 15, items 1, 2, 8, 9 and 10: every request the schema allows works; every mistake is a named 400."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from governance.inventory.models import DataSourceUse, MLModel, ModelVersion
from governance.promotions import services as promotion_services
from governance.promotions.models import Environment

from .contract import assert_error_shape, make_world, published_schema, send, signed_in

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch")


@pytest.fixture
def world(team, contributor):
    return make_world(team=team, owner=contributor)


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema:
        return _resolve(schema["allOf"][0], components)
    return schema


def _minimal(name: str, schema: dict, components: dict, ids: dict[str, int]):
    """The smallest value the schema allows, with real ids for references."""
    schema = _resolve(schema, components)
    if name in ids:
        return ids[name]
    if "enum" in schema:
        return next(value for value in schema["enum"] if value is not None)
    kind = schema.get("type")
    if kind == "object":
        return {
            prop: _minimal(prop, sub, components, ids)
            for prop, sub in schema.get("properties", {}).items()
            if prop in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "boolean":
        return False
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "number":
        return (schema.get("minimum", 0) + schema.get("maximum", 1)) / 2
    if schema.get("format") == "date":
        return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    if schema.get("format") == "date-time":
        return (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    return "minimal-" + name.replace("_", "-")[: max(1, schema.get("maxLength", 30) - 8)]


def test_the_minimal_body_of_every_write_the_schema_publishes_is_never_a_5xx(world, gov_admin, contributor):
    """Item 1: built from /api/schema/ alone, as a pipeline would; 2xx, or a 4xx in the error shape."""
    client = signed_in(gov_admin)
    schema = published_schema(client)
    components = schema["components"]["schemas"]
    ids = {
        "team": world.team.pk,
        "owner": contributor.pk,
        "steward": contributor.pk,
        "new_owner": contributor.pk,
        "model": world.model.pk,
        "data_source": world.source.pk,
        "risk": world.risk.pk,
    }
    parents = {
        "/api/v1/models/": world.model.pk,
        "/api/v1/versions/": world.version.pk,
        "/api/v1/risks/": world.risk.pk,
        "/api/v1/mitigations/": world.mitigation.pk,
        "/api/v1/consents/": world.consent.pk,
        "/api/v1/data-sources/": world.source.pk,
        "/api/v1/regulation/models/": world.model.pk,
        "/api/v1/promotions/": promotion_services.promotion_request_create(
            actor=contributor,
            version=world.version,
            environment=Environment.objects.get(slug="staging"),
            justification="Minimal bodies of approve and reject.",
        ).pk,
    }
    sent, answers = 0, {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in WRITE_METHODS:
                continue
            body_schema = (
                operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            body = _minimal("body", body_schema, components, ids) if body_schema else {}
            url = path
            if "{id}" in path:
                url = path.replace("{id}", str(next(v for k, v in parents.items() if path.startswith(k))))
            response = send(client, method, url, body)
            answers[f"{method.upper()} {path}"] = response.status_code
            assert response.status_code < 500, (method, url, body, response.content[:300])
            if response.status_code >= 400:
                assert_error_shape(response)
            sent += 1
    assert sent >= 20, answers
    # The body the schema calls minimal really works for the data use (it was a 500: role is optional).
    assert answers["POST /api/v1/models/{id}/data-uses/"] == 201, answers
    assert DataSourceUse.objects.get(model=world.model).role == DataSourceUse.Role.TRAINING


@pytest.mark.parametrize("debug", [False, True])
def test_every_404_and_405_under_api_is_json_in_the_error_shape(world, contributor, debug):
    """Item 2, with DEBUG on and off: Django's own 404 page and 405 answers never reach an API client."""
    client = signed_in(contributor)
    with override_settings(DEBUG=debug):
        for path in (
            "/api/v1/no-such-thing/",
            "/api/v2/models/",
            "/api/",
            f"/api/v1/models/{world.model.pk}/x/",
        ):
            assert_error_shape(client.get(path), 404)
        assert_error_shape(send(client, "delete", f"/api/v1/models/{world.model.pk}/"), 405)
        assert_error_shape(send(client, "put", "/api/v1/models/"), 405)
        docs = client.post("/api/docs/")
        assert_error_shape(docs, 405)


@pytest.mark.parametrize("debug", [False, True])
def test_a_write_without_the_trailing_slash_never_becomes_a_read(world, contributor, team, debug):
    """Item 2: a 308 keeps the method and body (Django's 301 made clients replay a POST as a GET; under
    DEBUG it was a 500). Following it creates the model."""
    client = signed_in(contributor)
    body = {"name": "slashless", "team": team.pk, "owner": contributor.pk, "purpose": "A slashless post."}
    with override_settings(DEBUG=debug):
        response = send(client, "post", "/api/v1/models", body)
        assert response.status_code == 308 and response["Location"] == "/api/v1/models/"
        assert not MLModel.objects.filter(name="slashless").exists()
        assert send(client, "post", response["Location"], body).status_code == 201
        patch = send(client, "patch", f"/api/v1/models/{world.model.pk}?x=1", {"purpose": "p"})
        assert patch.status_code == 308 and patch["Location"] == f"/api/v1/models/{world.model.pk}/?x=1"
        assert_error_shape(send(client, "post", "/api/v1/nothing-here", body), 404)


def test_unknown_body_fields_are_named_not_dropped(world, contributor):
    """Item 8: a typo such as code_ref (for code_reference) was silently dropped."""
    client = signed_in(contributor)
    response = send(
        client, "post", f"/api/v1/models/{world.model.pk}/versions/", {"label": "2.0.0", "code_ref": "git:1"}
    )
    error = assert_error_shape(response, 400)
    assert list(error["fields"]) == ["code_ref"] and "Unknown field" in error["fields"]["code_ref"][0]
    assert not ModelVersion.objects.filter(label="2.0.0").exists()
    nested = {"quality": 0.5, "group_metrics": {"age": {"18-34": {"selection_rte": 0.2}}}}
    response = send(client, "post", f"/api/v1/versions/{world.version.pk}/evaluations/", nested)
    assert assert_error_shape(response, 400)["fields"]


@pytest.mark.parametrize(
    ("url", "body", "reason"),
    [
        ("/api/v1/models/{model}/", {"team": 1}, "team cannot change"),
        ("/api/v1/models/{model}/", {"owner": 1}, "/transfer/"),
        ("/api/v1/versions/{version}/", {"registered_at": "2026-01-01T00:00:00Z"}, "read-only"),
        ("/api/v1/versions/{version}/", {"label": "9.9.9"}, "label is its identity"),
        ("/api/v1/data-sources/{source}/", {"team": 1}, "team cannot change"),
        ("/api/v1/risks/{risk}/", {"model": 1}, "stays with the model"),
        ("/api/v1/risks/{risk}/", {"status": "closed"}, "read-only"),
        ("/api/v1/mitigations/{mitigation}/", {"risk": 1}, "stays with its risk"),
    ],
)
def test_read_only_fields_in_a_patch_are_refused_with_the_reason(world, maintainer, url, body, reason):
    """Item 8: they were ignored, so the caller believed the change was made."""
    client = signed_in(maintainer)
    ids = {
        "model": world.model.pk,
        "version": world.version.pk,
        "source": world.source.pk,
        "risk": world.risk.pk,
        "mitigation": world.mitigation.pk,
    }
    error = assert_error_shape(send(client, "patch", url.format(**ids), body), 400)
    [field] = body
    assert reason in error["fields"][field][0], error


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/models/", {"name": 12345}, "name"),
        ("/api/v1/versions/{version}/evaluations/", {"quality": True}, "quality"),
        ("/api/v1/versions/{version}/evaluations/", {"quality": "0.8"}, "quality"),
        (
            "/api/v1/versions/{version}/evaluations/",
            {"quality": 0.8, "group_metrics": {"a": {"g": {"selection_rate": "0.2"}}}},
            "group_metrics",
        ),
        ("/api/v1/versions/{version}/snapshots/", {"prediction_count": "12"}, "prediction_count"),
        ("/api/v1/versions/{version}/snapshots/", {"feature_drift": {"age": "0.1"}}, "feature_drift"),
        ("/api/v1/data-sources/", {"contains_personal_data": "yes"}, "contains_personal_data"),
        ("/api/v1/models/{model}/data-uses/", {"data_source": "1", "purpose": "p1"}, "data_source"),
        ("/api/v1/check-runs/", {"scope": "model", "model": True}, "model"),
    ],
)
def test_types_are_strict(world, contributor, team, url, body, field):
    """Item 9: DRF coerced "12345" for 12345, true for 1.0 and "0.2" for a rate."""
    client = signed_in(contributor)
    url = url.format(model=world.model.pk, version=world.version.pk)
    if url == "/api/v1/models/":
        body = {"team": team.pk, "owner": contributor.pk, "purpose": "typed", **body}
    error = assert_error_shape(send(client, "post", url, body), 400)
    assert field in error["fields"], error


@pytest.mark.parametrize(
    "query",
    [{"page_size": "abc"}, {"page_size": "0"}, {"page_size": "101"}, {"page": "x"}, {"ordering": "purpose"}],
)
def test_bad_paging_and_ordering_are_named(world, contributor, query):
    """Item 9: an unknown ordering was ignored, and page_size=500 silently gave 100."""
    error = assert_error_shape(signed_in(contributor).get("/api/v1/models/", query), 400)
    assert list(error["fields"]) == list(query), error
    assert signed_in(contributor).get("/api/v1/models/", {"ordering": "-name,stage"}).status_code == 200


def test_times_are_checked_as_the_docs_say(world, contributor, maintainer):
    """Item 10: future deployments and consents, and dates before 1970, are refused with the reason."""
    client = signed_in(maintainer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    later = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    cases = [
        ("patch", f"/api/v1/versions/{world.version.pk}/", {"deployed_at": later}, "deployed_at", "future"),
        (
            "post",
            "/api/v1/consents/",
            {
                "data_source": world.source.pk,
                "reference": "r-1",
                "purpose": "p1",
                "obtained_on": str(tomorrow),
            },
            "obtained_on",
            "future",
        ),
        (
            "post",
            "/api/v1/consents/",
            {
                "data_source": world.source.pk,
                "reference": "r-2",
                "purpose": "p1",
                "obtained_on": "1969-12-31",
            },
            "obtained_on",
            "1970",
        ),
        (
            "post",
            f"/api/v1/versions/{world.version.pk}/evaluations/",
            {"quality": 0.5, "evaluated_at": "1960-01-01T00:00:00Z"},
            "evaluated_at",
            "1970",
        ),
        (
            "post",
            f"/api/v1/models/{world.model.pk}/versions/",
            {"label": "old", "training_window_start": "1900-01-01"},
            "training_window_start",
            "1970",
        ),
    ]
    for method, url, body, field, words in cases:
        error = assert_error_shape(send(client, method, url, body), 400)
        assert words in " ".join(error["fields"][field]), (url, error)
