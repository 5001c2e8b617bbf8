"""Issue 15, items 5, 6, 7 and 15, and issue 17, items 5 and 12: query strings mean exactly what they say."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.inventory import services as inventory
from governance.risks import services as risks
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

from .contract import assert_error_shape, make_world, published_schema, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team, contributor):
    return make_world(team=team, owner=contributor)


def _list_paths(schema: dict, world) -> list[str]:
    paths = []
    for path, operations in schema["paths"].items():
        params = operations.get("get", {}).get("parameters", [])
        if any(p["name"] == "page" for p in params):
            parent = world.version.pk if path.startswith("/api/v1/versions/") else world.model.pk
            paths.append(path.replace("{id}", str(parent)))
    return paths


def test_an_unknown_query_parameter_is_named_on_every_list(world, contributor):
    """Item 5: GET /models/?name=churn returned every model."""
    client = signed_in(contributor)
    paths = _list_paths(published_schema(client), world)
    assert len(paths) >= 20, paths  # every list, nested ones included
    for path in paths:
        error = assert_error_shape(client.get(path, {"nmae": "churn"}), 400)
        assert list(error["fields"]) == ["nmae"], (path, error)
    detail = assert_error_shape(client.get(f"/api/v1/models/{world.model.pk}/", {"verbose": "1"}), 400)
    assert "verbose" in detail["fields"]


def test_exact_filters_a_pipeline_needs(world, contributor, team, other_team, maintainer):
    """Item 6: name (with team: one model), owner and updated_since on models; name on sources; label."""
    client = signed_in(contributor)
    MLModelFactory(team=team, owner=maintainer, name="contract-model-2")
    found = client.get("/api/v1/models/", {"name": "contract-model", "team": team.pk}).json()
    assert [m["id"] for m in found["results"]] == [world.model.pk]
    owned = client.get("/api/v1/models/", {"owner": maintainer.pk}).json()["results"]
    assert [m["name"] for m in owned] == ["contract-model-2"]
    future = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert client.get("/api/v1/models/", {"updated_since": future}).json()["count"] == 0
    assert client.get("/api/v1/models/", {"updated_since": "2000-01-01T00:00:00Z"}).json()["count"] == 2
    assert_error_shape(client.get("/api/v1/models/", {"updated_since": "yesterday"}), 400)
    DataSourceFactory(team=team, steward=contributor, name="contract-source-2")
    sources = client.get("/api/v1/data-sources/", {"name": "contract-source"}).json()["results"]
    assert [s["id"] for s in sources] == [world.source.pk]
    ModelVersionFactory(model=world.model, label="1.0.1")
    versions = client.get(f"/api/v1/models/{world.model.pk}/versions/", {"label": "1.0.0"}).json()
    assert [v["id"] for v in versions["results"]] == [world.version.pk]


@pytest.mark.parametrize(
    ("value", "expected"), [("true", 1), ("1", 1), ("YES", 1), ("False", 1), ("0", 1), ("no", 1)]
)
def test_boolean_filters_read_every_usual_spelling(world, contributor, value, expected):
    """Item 7: withdrawn=1 was ignored and returned every consent."""
    inventory.consent_withdraw(actor=contributor, consent=world.consent, reason="asked")
    ConsentRecordFactory(data_source=world.source, reference="still-valid")
    client = signed_in(contributor)
    results = client.get("/api/v1/consents/", {"withdrawn": value}).json()["results"]
    withdrawn = value.lower() in {"true", "1", "yes"}
    assert len(results) == expected
    assert (results[0]["withdrawn_at"] is not None) is withdrawn


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/v1/consents/", "withdrawn"),
        ("/api/v1/data-sources/", "contains_personal_data"),
        ("/api/v1/frameworks/", "is_active"),
        ("/api/v1/risks/", "overdue"),
    ],
)
def test_a_boolean_filter_refuses_anything_else(world, contributor, path, param):
    error = assert_error_shape(signed_in(contributor).get(path, {param: "maybe"}), 400)
    assert "true or false" in error["fields"][param][0]


def test_the_pages_keep_their_yes_no_filters(world, contributor):
    client = signed_in(contributor)
    page = client.get(reverse("inventory:data_source_list"), {"contains_personal_data": "unknown"})
    assert page.status_code == 200 and page.context["page"].paginator.count == 1
    assert client.get(reverse("risks:register"), {"overdue": "true"}).status_code == 200


@pytest.mark.parametrize("nested", ["versions", "data-uses"])
def test_a_models_versions_and_data_uses_are_paginated(world, contributor, nested):
    """Item 15: they were bare arrays, unlike every other list."""
    for i in range(3):
        ModelVersionFactory(model=world.model, label=f"2.0.{i}")
        DataSourceUseFactory(model=world.model, data_source=DataSourceFactory(), purpose=f"p{i}x")
    client = signed_in(contributor)
    body = client.get(f"/api/v1/models/{world.model.pk}/{nested}/", {"page_size": 2}).json()
    assert body["count"] >= 3 and len(body["results"]) == 2
    assert body["next"].startswith(f"/api/v1/models/{world.model.pk}/{nested}/?")  # relative, like every URL
    page2 = client.get(body["next"]).json()
    assert len(page2["results"]) == body["count"] - 2


def test_a_closed_risk_is_found_by_its_detail_view(world, contributor):
    """Issue 17, item 12: GET /risks/<id>/ was a 404 unless ?status=closed was given."""
    risks.risk_close(actor=contributor, risk=world.risk, reason="Model retired.")
    client = signed_in(contributor)
    response = client.get(f"/api/v1/risks/{world.risk.pk}/")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert client.get(f"/api/v1/risks/{world.risk.pk}/", {"status": "active"}).status_code == 200
    assert client.get("/api/v1/risks/").json()["count"] == 0  # the list still leaves closed risks out
    assert client.get("/api/v1/risks/", {"status": "closed"}).json()["count"] == 1
    patched = client.patch(
        f"/api/v1/risks/{world.risk.pk}/", {"description": "x"}, content_type="application/json"
    )
    assert patched.status_code != 404


@pytest.fixture
def alerts(team, other_team, contributor, outsider):
    """One source used only by the other team's model, with a withdrawn consent and an expiring one."""
    source = DataSourceFactory(team=other_team, steward=outsider, name="shared-crm")
    foreign = MLModelFactory(team=other_team, owner=outsider, stage="production")
    DataSourceUseFactory(model=foreign, data_source=source, purpose="churn")
    withdrawn = ConsentRecordFactory(data_source=source, reference="w-1", purpose="churn")
    inventory.consent_withdraw(actor=outsider, consent=withdrawn, reason="asked")
    today = timezone.localdate()
    ConsentRecordFactory(
        data_source=source,
        reference="e-1",
        purpose="churn",
        obtained_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=3),
    )
    own = MLModelFactory(team=team, owner=contributor, name="own-model", stage="production")
    return source, own


@pytest.mark.parametrize("consent", ["withdrawn_in_use", "expiring"])
@pytest.mark.parametrize("role", ["viewer", "contributor", "outsider", "auditor", "gov_admin"])
def test_consent_filters_agree_with_the_page_for_every_role(alerts, consent, role, request):
    """Issue 17, item 5: the API counted every team's models; it now counts the reader's, as the page."""
    user = request.getfixturevalue(role)
    client = signed_in(user)
    page = client.get(reverse("inventory:data_source_list"), {"consent": consent})
    on_page = {s.pk for s in page.context["page"].object_list}
    in_api = {s["id"] for s in client.get("/api/v1/data-sources/", {"consent": consent}).json()["results"]}
    assert on_page == in_api
    source, _ = alerts
    sees_the_use = role in {"outsider", "auditor", "gov_admin"}
    assert (source.pk in in_api) is sees_the_use


def test_an_empty_query_value_is_refused(world, contributor):
    """`?status=` (found by schemathesis) is not "any status": the pipeline meant a value it did not have."""
    client = signed_in(contributor)
    for path, param in (
        ("/api/v1/mitigations/", "status"),
        ("/api/v1/frameworks/", "is_active"),
        ("/api/v1/models/", "q"),
    ):
        error = assert_error_shape(client.get(path, {param: ""}), 400)
        assert list(error["fields"]) == [param]
