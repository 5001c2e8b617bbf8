"""The consent rule: a consent-based use is valid only while a record covers its purpose and is in force."""

import datetime

import pytest
from django.utils import timezone

from governance.inventory.consent import use_consent_status
from governance.inventory.models import ConsentRecord, DataSource

TODAY = datetime.date(2026, 6, 1)


def source(basis: str = "consent", personal: bool = True) -> DataSource:
    return DataSource(name="crm-events", legal_basis=basis, contains_personal_data=personal)


def consent(ref="c1", purpose="churn-prediction", obtained=-30, expires=300, withdrawn=None) -> ConsentRecord:
    return ConsentRecord(
        reference=ref,
        purpose=purpose,
        obtained_on=TODAY + datetime.timedelta(days=obtained),
        expires_on=None if expires is None else TODAY + datetime.timedelta(days=expires),
        withdrawn_at=None
        if withdrawn is None
        else timezone.make_aware(
            datetime.datetime.combine(TODAY + datetime.timedelta(days=withdrawn), datetime.time())
        ),
    )


def judge(src, consents, purpose="churn-prediction"):
    return use_consent_status(source=src, purpose=purpose, consents=consents, today=TODAY)


def test_active_consent_for_the_purpose_is_valid():
    status = judge(source(), [consent()])
    assert (status.code, status.ok) == ("valid", True)
    assert "c1" in status.label and "2027-03-28" in status.label


def test_purpose_match_ignores_case_and_spaces():
    assert judge(source(), [consent(purpose=" Churn-Prediction ")]).code == "valid"


def test_consent_for_another_purpose_does_not_cover():
    status = judge(source(), [consent(purpose="marketing")])
    assert (status.code, status.ok) == ("missing", False)
    assert "churn-prediction" in status.label


def test_withdrawn_consent_is_named_with_its_date():
    status = judge(source(), [consent(ref="marketing-2024", withdrawn=-10)])
    assert (status.code, status.ok) == ("withdrawn", False)
    assert status.label == "Consent 'marketing-2024' withdrawn on 2026-05-22"


def test_expired_consent_does_not_cover():
    status = judge(source(), [consent(obtained=-400, expires=-1)])
    assert status.code == "expired" and not status.ok


def test_expiry_day_itself_is_no_longer_covered():
    assert judge(source(), [consent(expires=0)]).code == "expired"


def test_consent_not_yet_in_force_is_pending():
    assert judge(source(), [consent(obtained=5)]).code == "pending"


def test_any_active_record_wins_over_a_withdrawn_one():
    status = judge(source(), [consent(ref="old", withdrawn=-5), consent(ref="new")])
    assert status.code == "valid" and status.consent.reference == "new"


@pytest.mark.parametrize(
    ("basis", "personal", "code", "ok"),
    [
        ("contract", True, "other_basis", True),
        ("", True, "no_basis", False),
        ("", False, "not_required", True),
        ("not_required", False, "not_required", True),
    ],
)
def test_non_consent_bases(basis, personal, code, ok):
    status = judge(source(basis, personal), [])
    assert (status.code, status.ok) == (code, ok)
