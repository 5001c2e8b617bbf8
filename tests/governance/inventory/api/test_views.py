"""The inventory API: reads per role, writes through services, idempotent registration, bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from governance.inventory.models import ConsentRecord, Evaluation, MLModel, ModelVersion
from governance.risks import services
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, name="churn-v2", stage="production")


def test_anonymous_gets_401_in_the_error_shape(model):
    response = api().get("/api/v1/models/")
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_model_representation_carries_team_owner_version_and_consent(model, contributor):
    source = DataSourceFactory(name="crm-events")
    ConsentRecordFactory(data_source=source, reference="churn-2025", purpose="churn-prediction")
    DataSourceUseFactory(model=model, data_source=source, purpose="churn-prediction")
    ModelVersionFactory(
        model=model, label="1.0.0", registered_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    ModelVersionFactory(
        model=model, label="2.0.0", registered_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    )
    body = api(contributor).get(f"/api/v1/models/{model.pk}/").json()
    assert body["team"]["slug"] == "credit-risk" and body["owner"]["username"] == "carl.contributor"
    assert body["latest_version"]["label"] == "2.0.0"
    [use] = body["data_sources"]
    assert use["name"] == "crm-events" and use["consent_status"]["code"] == "valid"
    assert use["consent_status"]["ok"] is True


def test_other_team_model_is_404_and_absent_from_lists(model, outsider):
    client = api(outsider)
    assert client.get(f"/api/v1/models/{model.pk}/").status_code == 404
    assert client.get("/api/v1/models/").json()["count"] == 0


def test_auditor_reads_everything_but_writes_nothing(model, auditor, team, contributor):
    client = api(auditor)
    assert client.get("/api/v1/models/").json()["count"] == 1
    response = client.post(
        "/api/v1/models/",
        {"name": "x-model", "team": team.pk, "owner": contributor.pk, "purpose": "p"},
        format="json",
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    assert client.patch(f"/api/v1/models/{model.pk}/", {"stage": "retired"}, format="json").status_code == 403
    model.refresh_from_db()
    assert model.stage == "production"


def test_contributor_registers_a_model(team, contributor):
    response = api(contributor).post(
        "/api/v1/models/",
        {"name": "fraud-screen", "team": team.pk, "owner": contributor.pk, "purpose": "Screens transfers."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == "proposed"
    assert MLModel.objects.get(name="fraud-screen").history.get().history_user == contributor


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"team": 999999}, "team"),
        ({"stage": "launched"}, "stage"),
        ({"owner": "nobody"}, "owner"),
    ],
)
def test_bad_model_input_is_400_with_field_errors(team, contributor, payload, field):
    body = {"name": "fraud-screen", "team": team.pk, "owner": contributor.pk, "purpose": "p", **payload}
    response = api(contributor).post("/api/v1/models/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]
    assert not MLModel.objects.filter(purpose="p").exists()


def test_duplicate_model_name_is_400_naming_the_clash(model, team, contributor):
    response = api(contributor).post(
        "/api/v1/models/",
        {"name": "churn-v2", "team": team.pk, "owner": contributor.pk, "purpose": "p"},
        format="json",
    )
    assert response.status_code == 400
    assert "already has a model with that name" in str(response.json()["error"]["fields"])


def test_version_registration_is_idempotent(model, contributor):
    client = api(contributor)
    payload = {"label": "3.1.0", "code_reference": "git:abc", "hyperparameters": {"depth": 4}}
    first = client.post(f"/api/v1/models/{model.pk}/versions/", payload, format="json")
    retry = client.post(f"/api/v1/models/{model.pk}/versions/", payload, format="json")
    assert (first.status_code, retry.status_code) == (201, 200)
    assert first.json()["id"] == retry.json()["id"]
    assert ModelVersion.objects.filter(model=model, label="3.1.0").count() == 1
    conflict = client.post(
        f"/api/v1/models/{model.pk}/versions/", {**payload, "code_reference": "git:other"}, format="json"
    )
    assert conflict.status_code == 409
    assert "already exists with different code_reference" in conflict.json()["error"]["detail"]


def test_retired_model_refuses_versions_with_400(team, contributor):
    model = MLModelFactory(team=team, owner=contributor, stage="retired")
    response = api(contributor).post(f"/api/v1/models/{model.pk}/versions/", {"label": "9"}, format="json")
    assert response.status_code == 400 and "retired" in str(response.json())


def test_flat_versions_filter_by_model(model, contributor, other_team):
    ModelVersionFactory(model=model, label="1.0.0")
    ModelVersionFactory(model=MLModelFactory(team=other_team), label="7.0.0")
    body = api(contributor).get("/api/v1/versions/", {"model": model.pk}).json()
    assert [v["label"] for v in body["results"]] == ["1.0.0"]
    assert api(contributor).get("/api/v1/versions/").json()["count"] == 1  # the other team's is invisible


def test_data_source_consent_and_use_through_the_api(team, maintainer, contributor, model):
    steward = api(maintainer)
    source = steward.post(
        "/api/v1/data-sources/",
        {
            "name": "crm-events",
            "team": team.pk,
            "steward": maintainer.pk,
            "contains_personal_data": True,
            "legal_basis": "consent",
            "sensitivity": "confidential",
        },
        format="json",
    )
    assert source.status_code == 201, source.json()
    source_id = source.json()["id"]
    bad = steward.post(
        "/api/v1/consents/",
        {
            "data_source": source_id,
            "reference": "c1",
            "purpose": "churn-prediction",
            "obtained_on": "2026-05-01",
            "expires_on": "2026-04-01",
        },
        format="json",
    )
    assert bad.status_code == 400 and "expires_on" in bad.json()["error"]["fields"]
    consent = steward.post(
        "/api/v1/consents/",
        {
            "data_source": source_id,
            "reference": "c1",
            "purpose": "churn-prediction",
            "obtained_on": "2026-01-01",
        },
        format="json",
    )
    assert consent.status_code == 201 and consent.json()["state"] == "active"
    use = api(contributor).post(
        f"/api/v1/models/{model.pk}/data-uses/",
        {"data_source": source_id, "role": "training", "purpose": "churn-prediction"},
        format="json",
    )
    assert use.status_code == 201, use.json()
    withdrawn = steward.post(
        f"/api/v1/consents/{consent.json()['id']}/withdraw/", {"reason": "DSR-4"}, format="json"
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    again = steward.post(
        f"/api/v1/consents/{consent.json()['id']}/withdraw/", {"reason": "DSR-4"}, format="json"
    )
    assert again.status_code == 409
    status = api(contributor).get(f"/api/v1/models/{model.pk}/").json()["data_sources"][0]["consent_status"]
    assert status["code"] == "withdrawn" and status["ok"] is False
    assert ConsentRecord.objects.count() == 1


def test_contributor_cannot_record_consent_on_someone_elses_source(team, maintainer, contributor):
    source = DataSourceFactory(team=team, steward=maintainer)
    response = api(contributor).post(
        "/api/v1/consents/",
        {"data_source": source.pk, "reference": "c1", "purpose": "churn", "obtained_on": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 403 and not ConsentRecord.objects.exists()


def test_evaluation_and_snapshot_are_validated(model, contributor):
    version = ModelVersionFactory(model=model)
    client = api(contributor)
    good = client.post(
        f"/api/v1/versions/{version.pk}/evaluations/",
        {
            "metric_name": "auc",
            "quality": 0.91,
            "group_metrics": {"sex": {"female": {"selection_rate": 0.3}, "male": {"selection_rate": 0.4}}},
        },
        format="json",
    )
    assert good.status_code == 201, good.json()
    bad = client.post(
        f"/api/v1/versions/{version.pk}/evaluations/",
        {"quality": 0.9, "group_metrics": {"sex": {"female": {"selection_rate": 1.7}}}},
        format="json",
    )
    assert bad.status_code == 400 and "group_metrics" in bad.json()["error"]["fields"]
    assert Evaluation.objects.count() == 1
    snap = client.post(
        f"/api/v1/versions/{version.pk}/snapshots/",
        {"live_quality": 0.88, "feature_drift": {"age": 0.05}},
        format="json",
    )
    assert snap.status_code == 201
    future = client.post(
        f"/api/v1/versions/{version.pk}/snapshots/", {"taken_at": "2999-01-01T00:00:00Z"}, format="json"
    )
    assert future.status_code == 400 and "taken_at" in future.json()["error"]["fields"]
    assert client.get(f"/api/v1/versions/{version.pk}/snapshots/").json()["count"] == 1


def test_filters_match_the_html_filter_set(team, contributor):
    MLModelFactory(team=team, owner=contributor, name="churn-v2", stage="production")
    MLModelFactory(team=team, owner=contributor, name="fraud-screen", stage="development")
    client = api(contributor)
    assert [m["name"] for m in client.get("/api/v1/models/", {"stage": "production"}).json()["results"]] == [
        "churn-v2"
    ]
    assert [m["name"] for m in client.get("/api/v1/models/", {"q": "FRAUD"}).json()["results"]] == [
        "fraud-screen"
    ]
    ordered = client.get("/api/v1/models/", {"ordering": "-name"}).json()["results"]
    assert [m["name"] for m in ordered] == ["fraud-screen", "churn-v2"]


def test_page_size_over_the_maximum_is_refused(team, contributor):
    """Issue 15.9: a pipeline asking for 100000 a page must not take the first 100 for all of them."""
    for i in range(3):
        MLModelFactory(team=team, owner=contributor, name=f"m{i}")
    response = api(contributor).get("/api/v1/models/", {"page_size": 100000})
    assert response.status_code == 400 and "page_size" in response.json()["error"]["fields"]
    assert api(contributor).get("/api/v1/models/", {"page_size": 100}).json()["count"] == 3
    assert api(contributor).get("/api/v1/models/", {"page": 99}).status_code == 404


@pytest.mark.parametrize("page_size", [1, 10, 100])
def test_model_list_queries_are_constant_in_page_size(team, contributor, page_size):
    sources = [DataSourceFactory() for _ in range(3)]
    for source in sources:
        ConsentRecordFactory(data_source=source)
    for i in range(page_size):
        model = MLModelFactory(team=team, owner=contributor, name=f"m{i:03d}")
        ModelVersionFactory(model=model)
        ModelVersionFactory(model=model)
        DataSourceUseFactory(model=model, data_source=sources[i % 3])
        services.risk_create(
            actor=contributor,
            model=model,
            title="Outage",
            category="availability",
            owner=contributor,
            inherent_likelihood=3,
            inherent_impact=3,
            residual_likelihood=2,
            residual_impact=2,
        )
    client = api(type(contributor).objects.get(pk=contributor.pk))  # fresh: no roles cached by the set-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/models/", {"page_size": page_size})
    assert response.status_code == 200 and len(response.json()["results"]) == page_size
    # groups, memberships (the user's roles), count, the page's ids, its rows (built by the database),
    # consents
    assert len(ctx.captured_queries) == 6, [q["sql"][:120] for q in ctx.captured_queries]


def test_oversized_body_is_413(settings, contributor):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api(contributor).post("/api/v1/models/", {"purpose": "x" * 5000}, format="json")
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_malformed_json_is_400(contributor):
    response = api(contributor).post("/api/v1/models/", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"


def test_no_delete_anywhere(model, gov_admin):
    client = api(gov_admin)
    assert client.delete(f"/api/v1/models/{model.pk}/").status_code == 405
    consent = ConsentRecordFactory()
    assert client.delete(f"/api/v1/consents/{consent.pk}/").status_code == 405
