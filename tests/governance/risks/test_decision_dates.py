"""Issue 17 item 6: dates chosen by the caller. An acceptance dated 2001 and a review dated 1900 were taken.

`accepted_on` and `reviewed_on` may be neither in the future nor more than a year in the past
(settings.DECISION_DATE_MAX_AGE_DAYS), through the services, the pages and the API; the demo data obeys.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance.risks import services
from governance.risks.models import RiskAcceptance, RiskReview

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


REFUSED = {
    "1900": datetime.date(1900, 1, 1),
    "2001": datetime.date(2001, 6, 1),
    "a year and a day ago": "year+1",
    "tomorrow": "tomorrow",
}


def resolve(day) -> datetime.date:
    if day == "year+1":
        return ago(366)
    if day == "tomorrow":
        return ago(-1)
    return day


@pytest.fixture
def risk(rated_risk):
    return rated_risk


@pytest.mark.parametrize("case", REFUSED)
def test_services_refuse_dates_outside_the_window(risk, maintainer, case):
    day = resolve(REFUSED[case])
    with pytest.raises(ValidationError) as refused:
        services.acceptance_record(
            actor=maintainer,
            risk=risk,
            justification="Within appetite for now.",
            accepted_on=day,
            expires_on=datetime.date(9999, 12, 31),
        )
    assert "accepted_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.risk_review_record(actor=maintainer, risk=risk, reviewed_on=day)
    assert "reviewed_on" in refused.value.message_dict
    assert not RiskAcceptance.objects.exists() and not RiskReview.objects.exists()


def test_the_edges_of_the_window_are_accepted(risk, maintainer):
    services.risk_review_record(actor=maintainer, risk=risk, reviewed_on=ago(365))
    services.risk_review_record(actor=maintainer, risk=risk, reviewed_on=ago(0))
    services.acceptance_record(
        actor=maintainer, risk=risk, justification="Within appetite for now.", accepted_on=ago(365),
        expires_on=ago(-30),
    )  # fmt: skip
    assert RiskReview.objects.count() == 2 and RiskAcceptance.objects.count() == 1


@pytest.mark.parametrize("case", REFUSED)
def test_the_api_answers_400_on_the_field(client, risk, maintainer, case):
    day = resolve(REFUSED[case]).isoformat()
    client.force_login(maintainer)
    acceptance = client.post(
        "/api/v1/acceptances/",
        {
            "risk": risk.pk,
            "justification": "Within appetite.",
            "accepted_on": day,
            "expires_on": "9999-12-31",
        },
        content_type="application/json",
    )
    assert acceptance.status_code == 400, acceptance.content
    assert "accepted_on" in acceptance.json()["error"]["fields"]
    review = client.post(
        f"/api/v1/risks/{risk.pk}/review/", {"reviewed_on": day}, content_type="application/json"
    )
    assert review.status_code == 400 and "reviewed_on" in review.json()["error"]["fields"]
    assert not RiskAcceptance.objects.exists() and not RiskReview.objects.exists()


@pytest.mark.parametrize("case", ["1900", "tomorrow"])
def test_the_review_page_gives_a_form_error(client, risk, maintainer, case):
    client.force_login(maintainer)
    day = resolve(REFUSED[case]).isoformat()
    response = client.post(reverse("risks:review", args=[risk.pk]), {"reviewed_on": day, "notes": "x"})
    assert response.status_code in (200, 400)
    assert "reviewed_on" in response.context["form"].errors
    assert not RiskReview.objects.exists()


def test_the_window_is_a_setting(risk, maintainer, settings):
    settings.DECISION_DATE_MAX_AGE_DAYS = 30
    with pytest.raises(ValidationError):
        services.risk_review_record(actor=maintainer, risk=risk, reviewed_on=ago(31))


def test_the_demo_data_obeys_the_rules(reference_data):
    from assessments.content.loader import load_released

    load_released()
    call_command("seed_demo", stdout=io.StringIO())
    acceptances, reviews = RiskAcceptance.objects.all(), RiskReview.objects.all()
    assert acceptances.exists() and reviews.exists()
    today = timezone.localdate()
    for acceptance in acceptances:
        assert ago(365) <= acceptance.accepted_on <= today, acceptance
    for review in reviews:
        assert ago(365) <= review.reviewed_on <= today, review
    assert any(a.expires_on <= today for a in acceptances), "the demo keeps an expired acceptance"
