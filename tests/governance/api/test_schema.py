"""The OpenAPI schema is valid by an independent validator and describes every endpoint, error and filter."""

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_describes_every_endpoint_with_errors(schema):
    paths = schema["paths"]
    for path in (
        "/api/v1/models/",
        "/api/v1/models/{id}/versions/",
        "/api/v1/models/{id}/data-uses/",
        "/api/v1/versions/{id}/evaluations/",
        "/api/v1/versions/{id}/snapshots/",
        "/api/v1/data-sources/",
        "/api/v1/consents/",
        "/api/v1/consents/{id}/withdraw/",
        "/api/v1/teams/",
    ):
        assert path in paths, path
    post = paths["/api/v1/models/{id}/versions/"]["post"]["responses"]
    assert {"200", "201", "400", "401", "403", "404", "409", "413"} <= set(post)
    assert post["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_schema_lists_the_shared_filters(schema):
    params = {p["name"] for p in schema["paths"]["/api/v1/models/"]["get"]["parameters"]}
    assert {"q", "team", "stage", "ai_act_tier", "ordering", "page", "page_size"} <= params


def test_docs_are_served_without_a_cdn(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn." not in page and "unpkg" not in page and "jsdelivr" not in page
