"""The README's screenshots, taken from the demo organisation at laptop width (1280 px).

Every run saves them under VAR_DIR/screenshots; `make screenshots` sets SCREENSHOT_DIR=docs/screenshots so
the official copies shown in the README are rebuilt from the current pages. Each page is checked for the
content the picture is meant to show, so a broken page fails here rather than landing in the docs.
"""

from __future__ import annotations

import os
import re

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from governance.inventory.models import MLModel
from governance.portal.management.commands.seed_demo import DEMO_PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser]
MODEL = "credit-scoring"  # production, trained on consented data, with risks and failing checks
TEAM = "Credit Risk"
SIZE = {"width": 1280, "height": 1000}  # a laptop screen


def test_screenshots_of_the_demo_organisation(page, reference_data):
    from playwright.sync_api import expect

    with open(os.devnull, "w") as sink:
        call_command("seed_demo", stdout=sink)
    page.set_viewport_size(SIZE)

    page.goto("/login/")
    page.get_by_label("Username").fill("gov.lead")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # The dashboard: what needs the governance lead's attention today.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("heading", name="Models by stage")).to_be_visible()
    expect(page.get_by_role("heading", name="Models failing checks", level=3)).to_be_visible()
    screenshot(page, "dashboard", official=True)

    # A model page: card, versions, data and consent, risks with heat maps, latest check results.
    model = MLModel.objects.get(name=MODEL)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Models").click()
    page.get_by_role("link", name=MODEL, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(MODEL)
    expect(page.get_by_role("region", name="Versions").locator("tbody tr")).not_to_have_count(0)
    expect(page.get_by_role("region", name="Data sources").locator("tbody tr")).not_to_have_count(0)
    expect(page.get_by_role("region", name="Responsible-AI checks").locator("tbody tr")).not_to_have_count(0)
    assert page.url.endswith(f"/models/{model.pk}/")
    screenshot(page, "model", official=True)

    # The team's latest maturity result, compared with the one before.
    latest = (
        Assessment.objects.filter(team__name=TEAM, status="submitted", framework__key="google-mlops-levels")
        .order_by("-submitted_at")
        .first()
    )
    assert latest is not None
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assessments").click()
    page.get_by_role("link", name=TEAM, exact=True).first.click()
    page.get_by_role("link", name="Full result of Google MLOps levels").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{latest.pk}/$"))
    overall = page.get_by_role("region", name="Overall")
    expect(overall).to_contain_text(re.compile(r"Level \d"))
    expect(page.locator("#next-steps > li")).not_to_have_count(0)
    screenshot(page, "assessment-result", official=True)

    # The risk register with its residual and inherent heat maps.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Risks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk register")
    filters = page.get_by_role("search", name="Filter risks")
    filters.get_by_label("Status").select_option(label="Active")
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]status=active"))
    expect(
        page.get_by_role("table", name=re.compile(r"^Residual risk: [1-9]\d* active risks"))
    ).to_be_visible()
    screenshot(page, "risk-register", official=True, full_page=False)  # the first screen of a long list

    # The promotion gate: the governance lead's "Waiting for me", then the open request with its gate.
    from governance.promotions.models import PromotionRequest

    waiting = PromotionRequest.objects.filter(status="open").select_related("version__model").first()
    assert waiting is not None, "the demo holds an open promotion request"
    page.goto("/promotions/inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for me")
    decide = page.get_by_role("heading", name=re.compile(r"^Promotion requests I may decide [1-9]"))
    expect(decide).to_be_visible()
    screenshot(page, "inbox", official=True)
    page.goto(f"/promotions/{waiting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(waiting.version.model.name)
    expect(page.get_by_role("heading", name=re.compile(r"^Gate now"))).to_be_visible()
    screenshot(page, "promotion-request", official=True)
