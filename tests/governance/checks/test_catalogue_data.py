"""Data-and-consent checks on realistic consent histories: a passing and a failing case each."""

import datetime

import pytest
from django.utils import timezone

from governance.checks.models import Outcome
from governance.inventory.models import ConsentRecord
from tests.factories import DataSourceFactory, DataSourceUseFactory

from .conftest import TODAY, consent_use, deploy, judge, make_model

pytestmark = pytest.mark.django_db


def test_legal_basis(team, owner):
    fine = make_model(team, owner, "churn-v2")
    consent_use(fine, source_name="crm-events", reference="churn-2025")
    bare = make_model(team, owner, "next-best-offer")
    clicks = DataSourceFactory(name="web-clickstream", team=team, legal_basis="")
    DataSourceUseFactory(model=bare, data_source=clicks, purpose="marketing")
    found = judge("data.legal_basis", [fine, bare])
    assert found["churn-v2"].outcome == Outcome.PASS
    assert found["next-best-offer"].outcome == Outcome.FAIL
    assert (
        "source 'web-clickstream' holds personal data but records no legal basis"
        in found["next-best-offer"].detail
    )


def test_consent_valid_names_the_withdrawn_and_the_expired_consent(team, owner):
    valid = make_model(team, owner, "churn-v2")
    consent_use(valid, source_name="crm-events", reference="churn-2025", purpose="churn-prediction")
    withdrawn = make_model(team, owner, "next-best-offer")
    use = consent_use(withdrawn, source_name="crm-marketing", reference="marketing-2024")
    when = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))
    ConsentRecord.objects.filter(data_source=use.data_source).update(withdrawn_at=when)
    expired = make_model(team, owner, "support-chatbot")
    consent_use(
        expired,
        source_name="chat-logs",
        reference="chat-2023",
        purpose="service-chat",
        obtained_on=TODAY - datetime.timedelta(days=900),
        expires_on=TODAY - datetime.timedelta(days=10),
    )
    found = judge("data.consent_valid", [valid, withdrawn, expired])
    assert found["churn-v2"].outcome == Outcome.PASS
    assert found["next-best-offer"].outcome == Outcome.FAIL
    assert found["next-best-offer"].detail == (
        "consent 'marketing-2024' for source 'crm-marketing' was withdrawn on 2026-03-02; "
        "model 'next-best-offer' still trains on it"
    )
    assert found["support-chatbot"].outcome == Outcome.FAIL
    assert "consent 'chat-2023' for source 'chat-logs' expired on" in found["support-chatbot"].detail


def test_consent_expiring_within_the_window(team, owner):
    later = make_model(team, owner, "churn-v2")
    consent_use(later, source_name="crm-events", reference="churn-2025")
    soon = make_model(team, owner, "lifetime-value")
    consent_use(
        soon, source_name="crm-value", reference="value-2025", expires_on=TODAY + datetime.timedelta(days=20)
    )
    found = judge("data.consent_expiring", [later, soon])
    assert found["churn-v2"].outcome == Outcome.PASS
    assert found["lifetime-value"].outcome == Outcome.WARN
    assert "consent 'value-2025' for source 'crm-value' expires on" in found["lifetime-value"].detail


def test_retention(team, owner):
    kept = make_model(team, owner, "churn-v2")
    consent_use(kept, source_name="crm-events", reference="churn-2025")
    forever = make_model(team, owner, "readmission-risk")
    notes = DataSourceFactory(
        name="discharge-notes", team=team, legal_basis="public_task", retention_days=None
    )
    DataSourceUseFactory(model=forever, data_source=notes, purpose="clinical")
    found = judge("data.retention", [kept, forever])
    assert found["churn-v2"].outcome == Outcome.PASS
    assert found["readmission-risk"].outcome == Outcome.FAIL
    assert (
        "'discharge-notes' used by 'readmission-risk' has no retention period"
        in found["readmission-risk"].detail
    )


def test_training_sources(team, owner):
    recorded = make_model(team, owner, "churn-v2")
    deploy(recorded)
    consent_use(recorded, source_name="crm-events", reference="churn-2025")
    unrecorded = make_model(team, owner, "lifetime-value")
    deploy(unrecorded, label="3.0.0")
    found = judge("data.training_sources", [recorded, unrecorded])
    assert found["churn-v2"].outcome == Outcome.PASS
    assert found["lifetime-value"].outcome == Outcome.FAIL
    assert (
        "'lifetime-value' (version '3.0.0') records no training data source" in found["lifetime-value"].detail
    )
