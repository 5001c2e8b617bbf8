"""A contributor adds a risk to a model, rates it and finds it in the right heat-map cell; overdue shows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from governance.risks import services
from governance.risks.models import Risk

from ..factories import MLModelFactory
from .conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser]


def test_add_rate_and_find_in_heat_map(page, team, contributor):
    from playwright.sync_api import expect

    model = MLModelFactory(name="churn-v2", team=team, owner=contributor, stage="production")
    log_in(page, contributor)
    page.goto(f"/models/{model.pk}/")
    page.get_by_role("button", name="Add the standard risks (5)").click()
    expect(page.get_by_role("status")).to_contain_text("5 standard risks added as drafts")

    page.get_by_role("link", name="Accuracy decays as the data drifts").click()
    page.get_by_role("link", name="Rate").click()
    page.get_by_label("Inherent likelihood").select_option(label="4 · Likely")
    page.get_by_label("Inherent impact").select_option(label="5 · Severe")
    page.get_by_label("Residual likelihood").select_option(label="3 · Possible")
    page.get_by_label("Residual impact").select_option(label="5 · Severe")  # above nothing: allowed
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Risk saved.")
    risk = Risk.objects.get(model=model, category="performance_decay")
    assert (risk.status, risk.residual_level, risk.residual_score) == ("active", 2, 15)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Risks").click()
    cell = (
        page.locator("#heat-residual-cap")
        .locator("xpath=..")
        .locator('td[data-likelihood="3"][data-impact="5"]')
    )
    expect(cell).to_have_attribute("data-count", "1")
    expect(page.locator('td[data-likelihood="4"][data-impact="5"]').first).to_have_attribute(
        "data-count", "0"
    )
    cell.get_by_role("link").click()
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Accuracy decays as the data drifts")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "risk_register.png"), full_page=True)


def test_overdue_review_shows_as_overdue(page, team, contributor):
    from playwright.sync_api import expect

    model = MLModelFactory(name="sepsis-alert", team=team, owner=contributor, stage="production")
    risk = services.risk_create(
        actor=contributor,
        model=model,
        title="Alert fires late",
        category="wrong_prediction",
        owner=contributor,
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=4,
        residual_impact=5,
    )
    services.risk_review_record(
        actor=contributor, risk=risk, reviewed_on=timezone.localdate() - datetime.timedelta(days=45)
    )
    log_in(page, contributor)
    page.goto("/risks/?overdue=true")
    expect(page.locator("table.table tbody tr")).to_have_count(1)
    expect(page.locator("table.table")).to_contain_text("Overdue since")
    page.get_by_role("link", name="Alert fires late").click()
    expect(page.locator("#overdue")).to_contain_text("Review overdue")
    page.get_by_role("link", name="Record review").click()
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_role("status")).to_contain_text("Review recorded")
    expect(page.locator("#overdue")).to_have_count(0)
