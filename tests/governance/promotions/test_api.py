"""The gate and promotions API: answers, filters, 4xx and 409 that write nothing."""

import pytest
from rest_framework.test import APIClient

from governance.inventory import services as inventory
from governance.promotions.models import Approval, Deployment, PromotionRequest
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_request(user, version, environment="production", **extra):
    return api(user).post(
        "/api/v1/promotions/",
        {
            "version": version.pk,
            "environment": environment,
            "justification": "Passed offline evaluation.",
            **extra,
        },
        format="json",
    )


def test_gate_answers_allowed_rules_and_approvals(version, contributor):
    response = api(contributor).get(f"/api/v1/versions/{version.pk}/gate/?environment=production")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["allowed"] is True and body["approvals_needed"]["maintainer"] == 1
    tier = next(r for r in body["rules"] if r["key"] == "tier_allowed")
    assert tier["passed"] is True and tier["link"].startswith("/models/") and tier["waivable"] is False


def test_gate_lists_failed_rules_with_reasons(version, contributor, gov_admin):
    source = DataSourceFactory(legal_basis="consent", contains_personal_data=True, name="crm-events")
    consent = ConsentRecordFactory(data_source=source, purpose="marketing")
    DataSourceUseFactory(model=version.model, data_source=source, role="training", purpose="marketing")
    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Subjects asked.")
    body = api(contributor).get(f"/api/v1/versions/{version.pk}/gate/").json()
    failed = [r for r in body["rules"] if not r["passed"]]
    assert body["allowed"] is False and [r["key"] for r in failed] == ["consent_covered"]
    assert "'crm-events' for 'marketing'" in failed[0]["reason"]


def test_gate_of_another_teams_version_is_a_404_and_unknown_environment_a_400(version, outsider, contributor):
    assert api(outsider).get(f"/api/v1/versions/{version.pk}/gate/").status_code == 404
    assert api(contributor).get(f"/api/v1/versions/{version.pk}/gate/?environment=moon").status_code == 400


def test_request_approve_and_filters(version, contributor, maintainer):
    created = post_request(contributor, version)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    waiting = api(maintainer).get("/api/v1/promotions/?waiting_for_me=true").json()["results"]
    assert [r["id"] for r in waiting] == [pk]
    assert api(contributor).get("/api/v1/promotions/?waiting_for_me=true").json()["results"] == []
    own = api(contributor).post(f"/api/v1/promotions/{pk}/approve/", {}, format="json")
    assert own.status_code == 403 and not Approval.objects.exists()
    done = api(maintainer).post(f"/api/v1/promotions/{pk}/approve/", {"comment": "Fine."}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    assert (
        api(maintainer).get("/api/v1/promotions/?status=approved&environment=production").json()["count"] == 1
    )
    again = api(maintainer).post(f"/api/v1/promotions/{pk}/approve/", {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    rejected = api(maintainer).post(
        f"/api/v1/promotions/{pk}/reject/", {"reason": "Too late."}, format="json"
    )
    assert rejected.status_code == 409
    assert Deployment.objects.count() == 1 and Approval.objects.count() == 1


def test_bad_input_and_duplicates(version, contributor, maintainer, team):
    assert post_request(contributor, version, environment="moon").status_code == 400
    assert post_request(contributor, version, justification="").status_code == 400
    assert post_request(contributor, version).status_code == 201
    duplicate = post_request(contributor, version)
    assert duplicate.status_code == 409, duplicate.json()
    retired = ModelVersionFactory(model=MLModelFactory(team=team, owner=contributor, stage="retired"))
    assert post_request(contributor, retired).status_code == 400
    prohibited = ModelVersionFactory(
        model=MLModelFactory(team=team, owner=contributor, ai_act_tier="unacceptable")
    )
    assert post_request(contributor, prohibited).status_code == 400
    pk = PromotionRequest.objects.get().pk
    assert api(maintainer).post(f"/api/v1/promotions/{pk}/reject/", {}, format="json").status_code == 400
    assert PromotionRequest.objects.count() == 1 and PromotionRequest.objects.get().status == "open"


def test_viewer_and_outsider_cannot_request(version, viewer, outsider):
    assert post_request(viewer, version).status_code == 403
    assert post_request(outsider, version).status_code == 404  # another team's version is as if missing
    assert not PromotionRequest.objects.exists()
