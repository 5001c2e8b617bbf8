"""Journey: a maintainer asks to promote a version, a governance admin approves it from 'Waiting for me', and
the version shows in production; a request the gate blocks shows its reasons and cannot be approved."""

from __future__ import annotations

import pytest

from governance.inventory import services as inventory
from governance.promotions.models import Deployment, GateRuleSet, PromotionRequest

from ..factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)
from .conftest import log_in

pytestmark = [pytest.mark.browser]


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()


def ask(page, model, label: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"/models/{model.pk}/")
    page.get_by_role("region", name="Deployments and promotion gate").get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Gate of {model.name} {label}")
    page.get_by_role("link", name="Ask to promote to production").click()
    page.get_by_label("Justification").fill("Back-tested on two quarters; recall up 6 points.")
    page.get_by_role("button", name="Ask for the promotion").click()
    expect(page.get_by_role("status")).to_contain_text(f"Promotion of {label} to Production requested.")


def test_maintainer_requests_admin_approves_and_a_blocked_request_shows_why(
    page, team, maintainer, gov_admin
):
    from playwright.sync_api import expect

    GateRuleSet.objects.filter(tier="minimal").update(check_max_age_days=None, failing_checks=[])
    model = MLModelFactory(name="arrears-early-warning", team=team, owner=maintainer, ai_act_tier="minimal")
    ModelVersionFactory(model=model, label="1.0.0", status="validated")

    log_in(page, maintainer)
    ask(page, model, "1.0.0")
    expect(page.get_by_role("heading", level=2, name="Gate now: Allowed")).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)  # never one's own request
    log_out(page)

    log_in(page, gov_admin)
    page.get_by_role("link", name="Waiting for me").click()
    page.get_by_role("link", name=f"Promotion of {model.name} 1.0.0 to Production").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Approved: 1.0.0 now holds Production.")
    page.goto(f"/models/{model.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Production")
    row = page.locator("tr.deployment-production")
    expect(row).to_contain_text("1.0.0")
    expect(row).to_contain_text("Meets its gate")
    assert Deployment.objects.get(model=model).version.label == "1.0.0"
    log_out(page)

    # Version 2.0.0 was trained on data whose consent was withdrawn: the gate blocks it, with its reasons.
    v2 = ModelVersionFactory(model=model, label="2.0.0", status="validated")
    source = DataSourceFactory(name="crm-events", legal_basis="consent", contains_personal_data=True)
    consent = ConsentRecordFactory(data_source=source, purpose="arrears prediction")
    DataSourceUseFactory(
        model=model, version=v2, data_source=source, role="training", purpose="arrears prediction"
    )
    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Data subjects asked (DSR-9).")

    log_in(page, maintainer)
    ask(page, model, "2.0.0")
    expect(page.get_by_role("heading", level=2, name="Gate now: Blocked")).to_be_visible()
    expect(page.locator(".blocked-reasons")).to_contain_text("crm-events")
    expect(page.locator("tr.rule-consent_covered")).to_contain_text("Failed")
    log_out(page)

    log_in(page, gov_admin)
    page.goto(f"/promotions/{PromotionRequest.objects.get(version=v2).pk}/")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("The gate refuses this promotion now.")).to_be_visible()
    assert Deployment.objects.get(model=model).version.label == "1.0.0"
