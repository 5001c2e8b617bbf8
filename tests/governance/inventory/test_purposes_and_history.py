"""Issue 16: purposes compared one way everywhere, the data-use form's warning before an uncovered link,
and the consent withdrawal in every affected model's history."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from governance.inventory import selectors, services
from governance.inventory.consent import purposes_match
from governance.inventory.models import DataSourceUse
from tests.factories import ConsentRecordFactory, DataSourceFactory, DataSourceUseFactory, MLModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, name="limit-advisor")


@pytest.fixture
def source(team, maintainer):
    source = DataSourceFactory(name="card-transactions", team=team, steward=maintainer)
    ConsentRecordFactory(data_source=source, reference="C-1", purpose="신용 한도 추천")
    return source


def test_purposes_match_whatever_their_spacing_case_or_width():
    assert purposes_match("신용한도 추천", "신용 한도 추천")
    assert purposes_match("  Credit  Limit ", "credit limit") and purposes_match("\uff21\uff22", "ab")
    assert not purposes_match("신용 한도 추천", "신용 한도 해지")


def test_coverage_uses_the_same_rule(model, source):
    DataSourceUseFactory(model=model, data_source=source, purpose="신용한도 추천")
    row = selectors.model_use_rows(model_ids=[model.pk])[model.pk][0]
    assert row.status.code == "valid" and row.status.ok


def test_the_form_offers_the_sources_consented_purposes(client, model, source, contributor):
    client.force_login(contributor)
    url = reverse("inventory:data_use_create", args=[model.pk])
    page = client.get(url, {"data_source": source.pk}).content.decode()
    assert '<datalist id="consented-purposes">' in page and '<option value="신용 한도 추천"' in page
    assert 'list="consented-purposes"' in page


def test_an_uncovered_purpose_is_warned_before_saving_and_saved_only_when_confirmed(
    client, model, source, contributor
):
    client.force_login(contributor)
    url = reverse("inventory:data_use_create", args=[model.pk])
    data = {"data_source": source.pk, "role": "training", "purpose": "마케팅 문자 발송"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and not DataSourceUse.objects.exists()
    assert 'id="purpose-warning"' in page and "“신용 한도 추천”" in page
    assert 'name="confirm_uncovered"' in page
    response = client.post(url, {**data, "confirm_uncovered": "on"})
    assert response.status_code == 302 and DataSourceUse.objects.count() == 1
    levels = {m.level_tag for m in get_messages(response.wsgi_request)}
    assert levels == {"warning"}


def test_a_covered_purpose_in_other_spacing_links_at_once(client, model, source, contributor):
    client.force_login(contributor)
    url = reverse("inventory:data_use_create", args=[model.pk])
    response = client.post(url, {"data_source": source.pk, "role": "training", "purpose": "신용한도 추천"})
    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


def test_a_withdrawal_shows_in_every_affected_models_history(team, contributor, maintainer, source):
    first = MLModelFactory(team=team, owner=contributor, name="limit-advisor")
    second = MLModelFactory(team=team, owner=contributor, name="limit-monitor")
    unrelated = MLModelFactory(team=team, owner=contributor, name="churn-v2")
    for m in (first, second):
        DataSourceUseFactory(model=m, data_source=source, purpose="신용한도 추천")
    DataSourceUseFactory(model=unrelated, data_source=source, purpose="churn")
    consent = source.consents.get()
    services.consent_withdraw(actor=maintainer, consent=consent, reason="DSR-7")
    for m in (first, second):
        entries = [e for e in selectors.model_history(model=m) if e.kind == "Consent"]
        withdrawn = [e for e in entries if e.reason == "Withdrawn"]
        assert withdrawn and withdrawn[0].subject == "C-1"
        assert any(
            c.new == maintainer.get_full_name() or c.new == maintainer.username for c in withdrawn[0].changes
        )
    assert not [e for e in selectors.model_history(model=unrelated) if e.kind == "Consent"]
