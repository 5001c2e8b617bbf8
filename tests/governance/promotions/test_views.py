"""The gate's pages: version gate, request, decision, inbox with its header count, and the flag wherever a
model shows (model page, models list filter, API field, dashboard)."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from governance.inventory import services as inventory
from governance.notifications.scan import out_of_policy_notices
from governance.notifications.texts import rendered
from governance.promotions import services
from governance.promotions.gate import policy_reasons_text
from governance.promotions.models import Deployment, Environment, PromotionRequest
from governance.risks import services as risk_services
from tests.factories import ConsentRecordFactory, DataSourceFactory, DataSourceUseFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)


def test_maintainer_requests_and_another_approves_through_the_pages(client, version, contributor, maintainer):
    login(client, contributor)
    page = client.get(reverse("promotions:version_gate", args=[version.pk]))
    assert page.status_code == 200 and "Production: " in page.content.decode()
    response = client.post(
        reverse("promotions:request_create", args=[version.pk]),
        {"environment": "production", "justification": "Offline evaluation passed."},
    )
    promotion = PromotionRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "promotions:request_detail", args=[promotion.pk]
    )
    own = client.get(reverse("promotions:request_detail", args=[promotion.pk])).content.decode()
    assert "Approve" not in own  # nobody decides their own request
    login(client, maintainer)
    inbox = client.get(reverse("promotions:inbox")).content.decode()
    assert f"of {version.model.name} 1.0.0 to Production" in inbox
    assert 'Waiting for me <span class="count" aria-label="1 item">1</span>' in inbox
    rejected = client.post(reverse("promotions:request_reject", args=[promotion.pk]), {"reason": ""})
    assert rejected.status_code == 400
    approved = client.post(reverse("promotions:request_approve", args=[promotion.pk]), {"comment": "Fine."})
    assert approved.status_code == 302
    assert Deployment.objects.get().version == version
    model_page = client.get(reverse("inventory:model_detail", args=[version.model_id])).content.decode()
    assert "deployment-production" in model_page and "Meets its gate" in model_page
    login(client, contributor)
    decided = client.get(reverse("promotions:inbox")).content.decode()
    assert "approved by maria.maintainer" in decided


def test_blocked_request_shows_its_reasons_and_a_conflict_is_409(client, version, contributor, gov_admin):
    source = DataSourceFactory(legal_basis="consent", contains_personal_data=True, name="crm-events")
    consent = ConsentRecordFactory(data_source=source, purpose="marketing")
    DataSourceUseFactory(model=version.model, data_source=source, role="training", purpose="marketing")
    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Subjects asked.")
    login(client, contributor)
    url = reverse("promotions:request_create", args=[version.pk])
    client.post(url, {"environment": "production", "justification": "Please."})
    promotion = PromotionRequest.objects.get()
    page = client.get(reverse("promotions:request_detail", args=[promotion.pk])).content.decode()
    assert "This promotion is blocked" in page and "crm-events" in page
    again = client.post(url, {"environment": "production", "justification": "Please."})
    assert again.status_code == 409 and PromotionRequest.objects.count() == 1


def test_other_teams_request_and_gate_are_404(client, version, contributor, outsider):
    promotion = services.promotion_request_create(
        actor=contributor,
        version=version,
        environment=Environment.objects.get(slug="production"),
        justification="Ship it now.",
    )
    login(client, outsider)
    assert client.get(reverse("promotions:request_detail", args=[promotion.pk])).status_code == 404
    assert client.get(reverse("promotions:version_gate", args=[version.pk])).status_code == 404
    assert client.post(reverse("promotions:request_approve", args=[promotion.pk])).status_code == 404


def test_inbox_lists_risks_to_accept_and_my_overdue_reviews(client, version, contributor, maintainer):
    risk = risk_services.risk_create(
        actor=contributor,
        model=version.model,
        title="Outage at peak",
        category="availability",
        owner=contributor,
        treatment="accept",
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=3,
        residual_impact=3,
    )
    type(risk).objects.filter(pk=risk.pk).update(next_review_due="2020-01-01")
    login(client, maintainer)
    assert "Outage at peak" in client.get(reverse("promotions:inbox")).content.decode()
    login(client, contributor)
    mine = client.get(reverse("promotions:inbox")).content.decode()
    assert "due 2020-01-01" in mine
    assert mine.count("Outage at peak") == 1  # the owner may not accept it: only the overdue review shows


def put_out_of_policy(version, contributor, maintainer, gov_admin) -> Deployment:
    """The version promoted to production, then its training consent withdrawn and the nightly pass run."""
    source = DataSourceFactory(legal_basis="consent", contains_personal_data=True)
    consent = ConsentRecordFactory(data_source=source, purpose="marketing")
    DataSourceUseFactory(model=version.model, data_source=source, role="training", purpose="marketing")
    production = Environment.objects.get(slug="production")
    request = services.promotion_request_create(
        actor=contributor, version=version, environment=production, justification="Ship it now."
    )
    services.promotion_approve(actor=maintainer, request=request)
    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Subjects asked.")
    services.out_of_policy_pass()
    return Deployment.objects.get(version=version, environment=production)


def test_out_of_policy_shows_on_the_model_page_list_filter_api_and_dashboard(
    client, version, contributor, maintainer, gov_admin
):
    put_out_of_policy(version, contributor, maintainer, gov_admin)
    login(client, contributor)
    name = version.model.name
    assert (
        "Out of policy."
        in client.get(reverse("inventory:model_detail", args=[version.model_id])).content.decode()
    )
    listed = client.get(reverse("inventory:model_list"), {"policy": "out"}).content.decode()
    assert name in listed and "out-of-policy" in listed
    assert name not in client.get(reverse("inventory:model_list"), {"policy": "in"}).content.decode()
    api = client.get(f"/api/v1/models/{version.model_id}/").json()
    assert api["out_of_policy"] is True
    assert client.get("/api/v1/models/?policy=out").json()["count"] == 1
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert 'Out of policy (promotion gate)</a><span class="bad">1</span>' in dashboard


def test_out_of_policy_reasons_read_in_the_viewer_s_language_and_stay_english_for_webhooks(
    client, version, contributor, maintainer, gov_admin
):
    deployment = put_out_of_policy(version, contributor, maintainer, gov_admin)
    assert deployment.out_of_policy and deployment.policy_reasons
    assert len(deployment.policy_messages) == len(deployment.policy_reasons)
    english = policy_reasons_text(deployment)
    assert english == deployment.policy_reasons  # the stored English is what an English reader sees
    with translation.override("ko"):
        korean = policy_reasons_text(deployment)
    assert korean != english and all(re.search("[가-힣]", line) for line in korean), korean
    login(client, contributor)
    page = client.get(
        reverse("inventory:model_detail", args=[version.model_id]), HTTP_ACCEPT_LANGUAGE="ko"
    ).content.decode()
    assert korean[0] in html.unescape(page) and english[0] not in html.unescape(page)
    [notice] = out_of_policy_notices()  # written in each recipient's language
    assert rendered(notice.body, "en") == "; ".join(english)
    assert rendered(notice.body, "ko") == "; ".join(korean)


def test_a_reason_stored_before_its_message_reads_as_stored(version):
    production = Environment.objects.get(slug="production")
    deployment = Deployment(model=version.model, version=version, environment=production)
    deployment.policy_reasons, deployment.policy_messages = ["Old reason: kept in English"], []
    with translation.override("ko"):
        assert policy_reasons_text(deployment) == ["Old reason: kept in English"]
    deployment.policy_messages = [{"rule": "no_such_rule", "reason": {"msg": "Broken"}}]
    with translation.override("ko"):
        assert policy_reasons_text(deployment) == ["Old reason: kept in English"]
