"""The soft actions that replace deletes: the record stays, the history names who acted, and the lists still
find it where people look for it (issue 9, data safety)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from governance.api.models import ApiToken
from governance.api.services import token_create
from governance.inventory import services as inventory
from governance.inventory.models import ConsentRecord, MLModel
from governance.risks import services as risk_services
from governance.risks.models import Risk
from tests.factories import ConsentRecordFactory, DataSourceFactory, MLModelFactory

pytestmark = pytest.mark.django_db


def _latest_history(obj):
    return obj.history.order_by("-history_date", "-history_id").select_related("history_user").first()


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_retired_model_keeps_its_record_history_and_place_in_the_lists(team, maintainer, contributor, client):
    model = MLModelFactory(team=team, owner=contributor, name="legacy-scorecard", stage="production")
    inventory.model_update(actor=maintainer, model=model, stage=MLModel.Stage.RETIRED)

    record = _latest_history(MLModel.objects.get(pk=model.pk))
    assert (record.stage, record.history_user, record.history_type) == ("retired", maintainer, "~")
    client.force_login(contributor)
    models_page = reverse("inventory:model_list")
    assert "legacy-scorecard" in client.get(models_page, {"stage": "retired"}).content.decode()
    assert "legacy-scorecard" not in client.get(models_page, {"stage": "production"}).content.decode()
    listed = _api(contributor).get("/api/v1/models/", {"stage": "retired"}).json()["results"]
    assert [m["id"] for m in listed] == [model.pk]
    page = client.get(reverse("inventory:model_detail", args=[model.pk])).content.decode()
    assert "Retired" in page and maintainer.username in page  # the history on the page names who


def test_withdrawn_consent_stays_as_evidence_with_who_withdrew_it(team, maintainer, viewer):
    consent = ConsentRecordFactory(data_source=DataSourceFactory(team=team, steward=maintainer))
    inventory.consent_withdraw(actor=maintainer, consent=consent, reason="Erasure request DSAR-2291")

    consent = ConsentRecord.objects.get(pk=consent.pk)
    assert consent.withdrawn_by == maintainer and consent.state == ConsentRecord.State.WITHDRAWN
    record = _latest_history(consent)
    assert record.history_user == maintainer and record.history_change_reason == "Withdrawn"
    shown = _api(viewer).get(f"/api/v1/consents/{consent.pk}/").json()
    assert shown["state"] == "withdrawn" and shown["withdrawal_reason"] == "Erasure request DSAR-2291"


def test_closed_risk_leaves_the_register_but_not_the_database(team, contributor, client):
    model = MLModelFactory(team=team, owner=contributor, stage="production")
    risk = risk_services.risk_create(
        actor=contributor, model=model, title="Thin-file applicants mis-scored", category="wrong_prediction",
        owner=contributor, inherent_likelihood=3, inherent_impact=3, residual_likelihood=2, residual_impact=2,
    )  # fmt: skip
    risk_services.risk_close(actor=contributor, risk=risk, reason="Model replaced by v3")

    risk = Risk.objects.get(pk=risk.pk)
    assert risk.status == Risk.Status.CLOSED and risk.closed_reason == "Model replaced by v3"
    record = _latest_history(risk)
    assert record.history_user == contributor and record.history_change_reason == "Closed"
    client.force_login(contributor)
    register = reverse("risks:register")
    assert "Thin-file applicants" not in client.get(register).content.decode()  # open risks by default
    assert "Thin-file applicants" in client.get(register, {"status": "closed"}).content.decode()


def test_revoked_token_stays_listed_and_stops_working(contributor, client):
    token, key = token_create(user=contributor, name="training pipeline")
    client.force_login(contributor)
    response = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert response.status_code == 302

    token = ApiToken.objects.get(pk=token.pk)
    assert token.revoked_at is not None
    assert "training pipeline" in client.get(reverse("api-tokens")).content.decode()
    assert APIClient().get("/api/v1/models/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
