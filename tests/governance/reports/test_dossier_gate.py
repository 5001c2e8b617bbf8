"""The dossier's promotion-gate section: who holds each environment and its gate now, who asked, who
approved, and the waivers (issue 18)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from governance.inventory import services as inventory
from governance.promotions import services
from governance.promotions.models import Environment, GateRuleSet
from governance.reports.builders import dossier, organisation
from governance.reports.builders.common import who
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_dossier_lists_promotions_approvals_waivers_and_the_gate_now(
    team, contributor, maintainer, gov_admin
):
    GateRuleSet.objects.filter(tier="minimal").update(check_max_age_days=None, failing_checks=[])
    model = MLModelFactory(team=team, owner=contributor, ai_act_tier="minimal", name="arrears-early-warning")
    v1 = ModelVersionFactory(model=model, label="1.0.0")
    v2 = ModelVersionFactory(model=model, label="2.0.0")
    production = Environment.objects.get(slug="production")
    first = services.promotion_request_create(
        actor=contributor, version=v1, environment=production, justification="First release."
    )
    services.promotion_approve(actor=maintainer, request=first)
    source = DataSourceFactory(legal_basis="consent", contains_personal_data=True, name="crm-events")
    consent = ConsentRecordFactory(data_source=source, purpose="arrears")
    DataSourceUseFactory(model=model, version=v2, data_source=source, role="training", purpose="arrears")
    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Subjects asked.")
    second = services.promotion_request_create(
        actor=contributor, version=v2, environment=production, justification="Second release."
    )
    services.promotion_approve(
        actor=gov_admin,
        request=second,
        waive_rules=["consent_covered"],
        waiver_reason="Re-consent campaign closes next week.",
        waiver_expires_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    pdf = dossier.build(model_id=model.pk, report_id=7, author="Auditor", generated_at=timezone.now())
    flat = " ".join(pdf_text(pdf.data).split())
    assert "Deployments and promotion gate" in flat
    assert "Promotion of 1.0.0 to Production" in flat and "Promotion of 2.0.0 to Production" in flat
    for person in (contributor, maintainer, gov_admin):  # who asked, who approved
        assert who(person) in flat, who(person)
    assert "consent_covered" in flat and "Re-consent campaign closes next week." in flat
    assert "meets its gate" in flat  # 2.0.0 holds production; its failing rule is waived

    # The organisation report lists every waiver still in force, with its model (issue 18: "Waivers appear
    # on the model page, in the dossier and in the organisation report").
    org = organisation.build(report_id=8, author="Auditor", generated_at=timezone.now())
    flat = " ".join(pdf_text(org.data).split())
    assert "Promotion-gate waivers in force" in flat
    assert "arrears-early-warning" in flat and "consent_covered" in flat
    assert "Re-consent campaign closes next week." in flat and who(gov_admin) in flat


def test_organisation_report_says_when_no_gate_rule_is_waived(team):
    org = organisation.build(report_id=9, author="Auditor", generated_at=timezone.now())
    flat = " ".join(pdf_text(org.data).split())
    assert "Promotion-gate waivers in force" in flat
    assert "No rule of the promotion gate is waived." in flat
