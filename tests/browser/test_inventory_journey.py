"""A contributor registers a model through the real pages in Chromium; a viewer cannot.

Runs against pytest-django's live server over plain HTTP, with Debian's Chromium (never a downloaded one).
"""

from __future__ import annotations

import re

import pytest

from governance.inventory.models import MLModel

from ..factories import MLModelFactory
from .conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser]


def test_contributor_registers_a_model_and_finds_it(page, team, contributor):
    from playwright.sync_api import expect

    MLModelFactory(name="Fraud scorer", team=team, owner=contributor)
    name = "Credit limit recommender"

    log_in(page, contributor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Models").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Models")
    page.get_by_role("link", name="Register a model").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a model")

    # Everything but the name: the form is refused and nothing is written.
    name_box = page.get_by_role("textbox", name="Name", exact=True)
    expect(name_box).to_be_empty()
    page.get_by_label("Team").select_option(label=team.name)
    page.get_by_label("Owner").select_option(label=f"{contributor.get_full_name()} ({contributor.username})")
    page.get_by_label("Purpose").fill("Recommends a credit limit for new retail customers.")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Please correct the errors below.")).to_be_visible()
    invalid = page.locator(".field.has-error")
    expect(invalid).to_have_count(1)
    expect(invalid.get_by_role("textbox", name="Name", exact=True)).to_have_count(1)
    expect(invalid).to_contain_text("This field is required.")
    expect(name_box).to_have_value("")
    assert not MLModel.objects.filter(team=team).exclude(name="Fraud scorer").exists()

    # The refused form kept what was typed; add the name and register.
    expect(page.get_by_label("Purpose")).to_have_value("Recommends a credit limit for new retail customers.")
    name_box.fill(name)
    page.get_by_role("button", name="Register", exact=True).click()

    expect(page).to_have_url(re.compile(r"/models/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_role("status")).to_contain_text(f"Model '{name}' registered.")
    model = MLModel.objects.get(team=team, name=name)
    assert model.owner == contributor
    assert page.url.endswith(f"/models/{model.pk}/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "model_detail.png"), full_page=True)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Models").click()
    filters = page.get_by_role("search", name="Filter models")
    filters.get_by_label("Search").fill("recommender")
    filters.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"[?&]q=recommender"))
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("link", name="Fraud scorer")).to_have_count(0)


def test_viewer_sees_models_but_cannot_register(page, team, contributor, viewer):
    from playwright.sync_api import expect

    MLModelFactory(name="Churn predictor", team=team, owner=contributor)
    before = MLModel.objects.count()

    log_in(page, viewer)
    page.goto("/models/")
    expect(page.get_by_role("link", name="Churn predictor")).to_be_visible()
    expect(page.get_by_role("link", name="Register a model")).to_have_count(0)

    response = page.goto("/models/new/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this")
    expect(page.locator("form.form")).to_have_count(0)
    assert MLModel.objects.count() == before
