"""The register's API: filters shared with the pages, rules as 400/403, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from governance.risks import services
from governance.risks.models import Risk
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, stage="production")


def test_create_rate_review_and_read_back(model, contributor):
    client = api(contributor)
    body = {
        "model": model.pk,
        "title": "Outage",
        "category": "availability",
        "owner": contributor.pk,
        "inherent_likelihood": 4,
        "inherent_impact": 5,
        "residual_likelihood": 3,
        "residual_impact": 4,
    }
    created = client.post("/api/v1/risks/", body, format="json")
    assert created.status_code == 201, created.json()
    risk = created.json()
    assert (risk["residual_level_name"], risk["residual_score"], risk["status"]) == ("High", 12, "active")
    review = client.post(f"/api/v1/risks/{risk['id']}/review/", {"notes": "ok"}, format="json")
    assert review.status_code == 201
    bad = client.patch(
        f"/api/v1/risks/{risk['id']}/", {"residual_impact": 5, "inherent_impact": 3}, format="json"
    )
    assert bad.status_code == 400 and "residual_impact" in bad.json()["error"]["fields"]


def test_model_api_carries_highest_residual_risk(model, contributor):
    for rl, ri in ((1, 1), (4, 5), (3, 3)):
        services.risk_create(
            actor=contributor,
            model=model,
            title=f"r{rl}{ri}",
            category="other",
            owner=contributor,
            inherent_likelihood=5,
            inherent_impact=5,
            residual_likelihood=rl,
            residual_impact=ri,
        )
    body = api(contributor).get(f"/api/v1/models/{model.pk}/").json()
    assert body["highest_residual_risk"] == {
        "level": 3,
        "name": "Critical",
        "score": 20,
        "risk_id": body["highest_residual_risk"]["risk_id"],
    }
    other = MLModelFactory(team=model.team, owner=contributor, name="no-risks")
    assert api(contributor).get(f"/api/v1/models/{other.pk}/").json()["highest_residual_risk"] is None


def test_acceptance_separation_of_duties_via_api(model, contributor, maintainer):
    risk = services.risk_create(
        actor=contributor,
        model=model,
        title="Decay",
        category="performance_decay",
        owner=maintainer,
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=2,
        residual_impact=2,
    )
    response = api(maintainer).post(
        "/api/v1/acceptances/",
        {"risk": risk.pk, "justification": "Runbook covers it.", "expires_on": "2099-01-01"},
        format="json",
    )
    assert response.status_code == 400 and "own risk" in str(response.json())
    assert (
        api(contributor)
        .post(
            "/api/v1/acceptances/",
            {"risk": risk.pk, "justification": "Runbook covers it.", "expires_on": "2099-01-01"},
            format="json",
        )
        .status_code
        == 403
    )


def test_filters_and_visibility(model, contributor, outsider):
    services.risk_create(
        actor=contributor, model=model, title="Outage", category="availability", owner=contributor
    )
    assert api(contributor).get("/api/v1/risks/", {"status": "draft"}).json()["count"] == 1
    assert api(contributor).get("/api/v1/risks/", {"category": "security"}).json()["count"] == 0
    assert api(outsider).get("/api/v1/risks/").json()["count"] == 0
    assert api(outsider).get("/api/v1/risk-matrices/").json()["results"][0]["name"] == "Default 5x5"


@pytest.mark.parametrize("size", [1, 10, 50])
def test_risk_list_queries_constant_in_page_size(model, contributor, size):
    for i in range(size):
        services.risk_create(
            actor=contributor,
            model=model,
            title=f"risk {i}",
            category="other",
            owner=contributor,
            inherent_likelihood=3,
            inherent_impact=3,
            residual_likelihood=2,
            residual_impact=2,
        )
    with CaptureQueriesContext(connection) as ctx:
        body = api(contributor).get("/api/v1/risks/", {"page_size": size}).json()
    assert len(body["results"]) == size
    assert len(ctx.captured_queries) <= 4, [q["sql"][:100] for q in ctx.captured_queries]
    assert Risk.objects.count() == size
