"""Journey 3: the owner of a model's risks rates two of them and records a review; the register's heat maps
count them in the right cells and each cell links to its risks. Overdue reviews show as overdue."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from governance.risks import services
from governance.risks.models import Risk, RiskReview

from ..factories import MLModelFactory
from . import story
from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser]

DECAY = "Accuracy decays as the data drifts"
WRONG = "The model returns wrong predictions for some cases"


def heat_counts(page, basis: str) -> dict[tuple[int, int], int]:
    """The non-empty cells of the register's heat map for `basis`, as {(likelihood, impact): count}."""
    table = page.get_by_role("table", name=re.compile(f"^{basis.capitalize()} risk:"))
    cells = table.locator("td[data-count]").evaluate_all(
        "cells => cells.map(c => [+c.dataset.likelihood, +c.dataset.impact, +c.dataset.count])"
    )
    assert len(cells) == 25, cells  # the default 5x5 matrix
    return {(li, im): n for li, im, n in cells if n}


def rate(page, title: str, inherent: tuple[str, str], residual: tuple[str, str]) -> None:
    from playwright.sync_api import expect

    page.get_by_role("region", name="Risks").get_by_role("link", name=title).click()
    page.get_by_role("link", name="Rate").click()
    page.get_by_label("Inherent likelihood").select_option(label=inherent[0])
    page.get_by_label("Inherent impact").select_option(label=inherent[1])
    page.get_by_label("Residual likelihood").select_option(label=residual[0])
    page.get_by_label("Residual impact").select_option(label=residual[1])
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Risk saved.")


def test_risk_owner_rates_two_risks_records_a_review_and_the_heat_map_counts_them(page, team, contributor):
    from playwright.sync_api import expect

    model = MLModelFactory(name=story.MODEL, team=team, owner=contributor, stage="production")
    today = timezone.localdate()
    reviewed_on = today - datetime.timedelta(days=10)

    log_in(page, contributor)
    page.goto(f"/models/{model.pk}/")
    page.get_by_role("button", name="Add the standard risks (5)").click()
    expect(page.get_by_role("status")).to_contain_text("5 standard risks added as drafts")
    assert set(Risk.objects.filter(model=model).values_list("status", "owner")) == {("draft", contributor.pk)}

    # Two ratings: High residual (Possible x Major) and Medium residual (Unlikely x Moderate).
    rate(page, DECAY, inherent=("4 · Likely", "5 · Severe"), residual=("3 · Possible", "4 · Major"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(DECAY)
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=story.MODEL).click()
    rate(page, WRONG, inherent=("3 · Possible", "4 · Major"), residual=("2 · Unlikely", "3 · Moderate"))
    decay, wrong = Risk.objects.get(model=model, title=DECAY), Risk.objects.get(model=model, title=WRONG)
    assert (decay.status, decay.residual_level, decay.residual_score, decay.inherent_score) == (
        "active",
        2,
        12,
        20,
    )
    assert (wrong.status, wrong.residual_level, wrong.residual_score, wrong.inherent_score) == (
        "active",
        1,
        6,
        12,
    )

    # A review of the high one, ten days ago: the next one falls due 90 days after (High's interval).
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=story.MODEL).click()
    page.get_by_role("region", name="Risks").get_by_role("link", name=DECAY).click()
    page.get_by_role("link", name="Record review").click()
    page.get_by_label("Reviewed on").fill(reviewed_on.isoformat())
    page.get_by_label("Notes").fill("Drift monitor in place; PSI alert at 0.2 routed to the on-call.")
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_role("status")).to_contain_text("Review recorded")
    due = reviewed_on + datetime.timedelta(days=90)
    expect(page.get_by_role("region", name="Rating")).to_contain_text(
        re.compile(rf"Next review due\s*{due:%Y-%m-%d}")
    )
    reviews = page.get_by_role("region", name="Reviews")
    expect(reviews.get_by_role("row", name=re.compile(f"{reviewed_on:%Y-%m-%d}"))).to_contain_text("High")
    review = RiskReview.objects.get(risk=decay)
    assert (review.reviewed_by, review.reviewed_on, review.next_review_due) == (contributor, reviewed_on, due)
    decay.refresh_from_db()
    assert (decay.last_reviewed_on, decay.next_review_due) == (reviewed_on, due)

    # The register: two active risks, three drafts; each heat map counts the two in their cells only.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Risks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk register")
    expect(page.get_by_text("2 active, 3 draft to rate")).to_be_visible()
    assert heat_counts(page, "residual") == {(3, 4): 1, (2, 3): 1}
    assert heat_counts(page, "inherent") == {(4, 5): 1, (3, 4): 1}
    screenshot(page, "journey3_risk_register")

    high = page.get_by_role("link", name="1 residual risk at likelihood Possible, impact Major (High)")
    high.click()
    register = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Risk", exact=True))
    rows = register.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(DECAY)
    expect(rows.first).to_contain_text(f"{due:%Y-%m-%d}")


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
