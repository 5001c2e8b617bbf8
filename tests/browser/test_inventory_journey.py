"""Journey 1: a governance admin registers a data source whose use rests on consent, records the consent,
registers a model and a version, and links the version to the data it was trained on. A viewer cannot
register models.

Runs against pytest-django's live server over plain HTTP, with Debian's Chromium (never a downloaded one).
"""

from __future__ import annotations

import datetime
import re

import pytest

from governance.inventory.models import ConsentRecord, DataSource, DataSourceUse, MLModel
from governance.inventory.selectors import model_data_uses

from ..factories import MLModelFactory
from . import story
from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser]


def person(user) -> str:
    """How the forms' user pickers name a person."""
    return f"{user.get_full_name()} ({user.username})"


def test_governance_admin_registers_a_model_trained_on_consented_data(
    page, team, gov_admin, contributor, maintainer
):
    from playwright.sync_api import expect

    obtained, expires = story.consent_dates()
    main_nav = page.get_by_role("navigation", name="Main")
    log_in(page, gov_admin)

    # The data source: personal data, so "none needed" is refused; consent is the legal basis.
    main_nav.get_by_role("link", name="Data sources").click()
    page.get_by_role("link", name="Add a data source").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a data source")
    page.get_by_role("textbox", name="Name", exact=True).fill(story.SOURCE)
    page.get_by_label("Team").select_option(label=team.name)
    page.get_by_label("Steward").select_option(label=person(maintainer))
    page.get_by_label("Description").fill("Retail loan applications with income and repayment history.")
    page.get_by_label("Contains personal data").check()
    page.get_by_label("Sensitivity").select_option(label="Confidential")
    page.get_by_label("Legal basis").select_option(label="None needed")
    page.get_by_role("button", name="Save").click()
    invalid = page.locator(".field.has-error")
    expect(invalid).to_have_count(1)
    expect(invalid.get_by_label("Legal basis")).to_have_count(1)
    expect(invalid).to_contain_text("Personal data always needs a legal basis under GDPR Art. 6")
    assert not DataSource.objects.exists()
    page.get_by_label("Legal basis").select_option(label="Consent")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(f"Data source '{story.SOURCE}' added.")
    expect(page.get_by_role("heading", level=1)).to_have_text(story.SOURCE)
    expect(page.get_by_text("This source relies on consent")).to_be_visible()

    # The consent, for one purpose.
    page.get_by_role("link", name="Record consent").click()
    page.get_by_role("textbox", name="Reference", exact=True).fill(story.CONSENT)
    page.get_by_role("textbox", name="Purpose", exact=True).fill(story.PURPOSE)
    page.get_by_label("Scope").fill("Applicants who ticked the model-training box on the 2026 form.")
    page.get_by_label("Obtained on").fill(obtained.isoformat())
    page.get_by_label("Expires on").fill(expires.isoformat())
    page.get_by_label("Evidence reference").fill("dms://consent/applicants-2026")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status")).to_contain_text(f"Consent '{story.CONSENT}' recorded.")
    consents = page.get_by_role("region", name="Consent records")
    expect(consents.get_by_role("row", name=re.compile(story.CONSENT))).to_contain_text("Active")

    # The model, then its first version.
    main_nav.get_by_role("link", name="Models").click()
    page.get_by_role("link", name="Register a model").click()
    page.get_by_role("textbox", name="Name", exact=True).fill(story.MODEL)
    page.get_by_label("Team").select_option(label=team.name)
    page.get_by_label("Owner").select_option(label=person(contributor))
    # Staging and production come only from the promotion gate (issue 18): the form offers neither.
    stages = page.get_by_label("Stage").locator("option").all_inner_texts()
    assert "Production" not in stages and "Staging" not in stages, stages
    page.get_by_label("Stage").select_option(label="Development")
    page.get_by_label("Business criticality").select_option(label="High")
    page.get_by_label("EU AI Act tier").select_option(label="High")
    page.get_by_label("Human oversight contact").select_option(label=person(maintainer))
    page.get_by_role("textbox", name="Purpose", exact=True).fill(story.MODEL_PURPOSE)
    page.get_by_label("Training data").fill(f"Applications from '{story.SOURCE}', under consent.")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_url(re.compile(r"/models/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text(f"Model '{story.MODEL}' registered.")
    expect(page.get_by_text("No versions registered yet.")).to_be_visible()

    page.get_by_role("link", name="Register a version").click()
    page.get_by_label("Label").fill(story.VERSION)
    page.get_by_label("Code reference").fill("git:credit-risk/limits@4f2a9c1")
    page.get_by_label("Training window start").fill(obtained.isoformat())
    page.get_by_label("Training window end").fill((obtained + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text(f"Version '{story.VERSION}' registered.")
    versions = page.get_by_role("region", name="Versions")
    expect(versions.get_by_role("row", name=re.compile(re.escape(story.VERSION)))).to_contain_text(
        "git:credit-risk/limits@4f2a9c1"
    )

    # The version was trained on the consented source, for the consented purpose.
    page.get_by_role("link", name="Link a data source").click()
    page.get_by_label("Data source").select_option(label=story.SOURCE)
    page.get_by_label("Version").select_option(label=f"{story.MODEL} {story.VERSION}")
    page.get_by_label("Role").select_option(label="Training")
    # The purpose field offers the consented purposes (a datalist makes it a combobox).
    page.get_by_role("combobox", name="Purpose", exact=True).fill(story.PURPOSE)
    page.get_by_role("button", name="Link").click()
    expect(page.get_by_role("status")).to_contain_text(f"Data source '{story.SOURCE}' linked.")
    row = page.get_by_role("region", name="Data sources").get_by_role("row", name=re.compile(story.SOURCE))
    for text in (
        "Training",
        story.VERSION,
        story.PURPOSE,
        f"Consent '{story.CONSENT}' valid until {expires}",
    ):
        expect(row).to_contain_text(text)
    screenshot(page, "journey1_model_detail")

    # The database holds what the pages said, with the admin in the history.
    model = MLModel.objects.get(name=story.MODEL)
    assert (model.team, model.owner, model.stage, model.human_oversight_contact) == (
        team,
        contributor,
        "development",
        maintainer,
    )
    use = DataSourceUse.objects.get(model=model)
    consent = ConsentRecord.objects.get(reference=story.CONSENT)
    assert (use.version.label, use.role, use.purpose, use.data_source) == (
        story.VERSION,
        "training",
        story.PURPOSE,
        consent.data_source,
    )
    source = use.data_source
    assert (source.contains_personal_data, source.legal_basis, source.steward) == (
        True,
        "consent",
        maintainer,
    )
    assert (consent.purpose, consent.obtained_on, consent.expires_on) == (story.PURPOSE, obtained, expires)
    [status] = [r.status for r in model_data_uses(model=model)]
    assert (status.code, status.consent) == ("valid", consent)
    for record in (model, use.version, use, source, consent):
        assert record.history.earliest().history_user == gov_admin, record

    # The steward's page lists the model among the source's users.
    page.get_by_role("link", name=story.SOURCE).click()
    users = page.get_by_role("region", name="Models using it")
    expect(users.get_by_role("link", name=story.MODEL)).to_be_visible()


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
