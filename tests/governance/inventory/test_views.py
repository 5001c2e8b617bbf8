"""The inventory pages: who sees and changes what, form errors, and bounded queries on lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.inventory.models import ConsentRecord, MLModel, ModelVersion
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, name="churn-v2")


def login(client, user):
    client.force_login(user)
    return client


def model_form(team, owner, overrides=None):
    data = {
        "name": "fraud-screen",
        "team": team.pk,
        "owner": owner.pk,
        "stage": "development",
        "business_criticality": "high",
        "ai_act_tier": "limited",
        "purpose": "Screens transfers.",
    }
    data.update(overrides or {})
    return data


def test_anonymous_is_sent_to_login(client, model):
    for url in (reverse("inventory:model_list"), reverse("inventory:model_detail", args=[model.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["viewer", "contributor", "auditor", "gov_admin"])
def test_readers_see_the_model(client, model, who, request):
    response = login(client, request.getfixturevalue(who)).get(
        reverse("inventory:model_detail", args=[model.pk])
    )
    assert response.status_code == 200
    assert b"churn-v2" in response.content


def test_other_team_gets_404_and_not_the_model_in_lists(client, model, outsider):
    """Another team's model answers as a missing one (issue 17 item 11: a 403 told that it exists)."""
    login(client, outsider)
    assert client.get(reverse("inventory:model_detail", args=[model.pk])).status_code == 404
    assert client.get(reverse("inventory:model_detail", args=[model.pk + 1000])).status_code == 404
    listing = client.get(reverse("inventory:model_list"))
    assert b"churn-v2" not in listing.content


def test_viewer_sees_no_edit_controls_and_is_refused_on_post(client, model, viewer):
    login(client, viewer)
    page = client.get(reverse("inventory:model_detail", args=[model.pk])).content.decode()
    assert "Register a version" not in page and ">Edit<" not in page
    assert client.get(reverse("inventory:model_edit", args=[model.pk])).status_code == 403
    response = client.post(reverse("inventory:model_edit", args=[model.pk]), {"name": "hijacked"})
    assert response.status_code == 403
    model.refresh_from_db()
    assert model.name == "churn-v2"


def test_contributor_registers_a_model(client, team, contributor):
    response = login(client, contributor).post(
        reverse("inventory:model_create"), model_form(team, contributor)
    )
    created = MLModel.objects.get(name="fraud-screen")
    assert response.status_code == 302 and response["Location"] == reverse(
        "inventory:model_detail", args=[created.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Model &#x27;fraud-screen&#x27; registered." in detail
    assert "carl.contributor" in detail  # the history names who registered it


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 201}, "name", "at most 200 characters"),
        ({"team": 999999}, "team", "Select a valid choice"),
        ({"stage": "launched"}, "stage", "Select a valid choice"),
    ],
)
def test_bad_model_input_is_a_form_error_and_writes_nothing(
    client, team, contributor, override, field, message
):
    response = login(client, contributor).post(
        reverse("inventory:model_create"), model_form(team, contributor, override)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not MLModel.objects.filter(name="fraud-screen").exists()


def test_team_of_another_member_is_not_offered(client, team, other_team, contributor):
    response = login(client, contributor).post(
        reverse("inventory:model_create"), model_form(other_team, contributor)
    )
    assert "team" in response.context["form"].errors
    assert not MLModel.objects.exists()


def test_duplicate_name_shows_a_form_error(client, model, team, contributor):
    response = login(client, contributor).post(
        reverse("inventory:model_create"), model_form(team, contributor, {"name": "churn-v2"})
    )
    assert response.status_code == 200
    assert "This team already has a model with that name." in response.content.decode()
    assert MLModel.objects.filter(name="churn-v2").count() == 1


def test_duplicate_version_label_shows_a_form_error(client, model, contributor):
    ModelVersionFactory(model=model, label="1.0.0")
    response = login(client, contributor).post(
        reverse("inventory:version_create", args=[model.pk]), {"label": "1.0.0", "status": "registered"}
    )
    assert response.status_code == 200
    assert "already has a version labelled" in " ".join(response.context["form"].errors["label"])
    assert model.versions.count() == 1


def test_version_with_bad_json_is_a_form_error(client, model, contributor):
    url = reverse("inventory:version_create", args=[model.pk])
    response = login(client, contributor).post(
        url, {"label": "2.0.0", "status": "registered", "hyperparameters": "[1, 2"}
    )
    assert "Not valid JSON" in " ".join(response.context["form"].errors["hyperparameters"])
    response = client.post(url, {"label": "2.0.0", "status": "registered", "hyperparameters": "[1, 2]"})
    assert "Enter a JSON object" in " ".join(response.context["form"].errors["hyperparameters"])
    assert not ModelVersion.objects.exists()


def test_version_registered_and_shown(client, model, contributor):
    response = login(client, contributor).post(
        reverse("inventory:version_create", args=[model.pk]),
        {
            "label": "2.0.0",
            "status": "validated",
            "hyperparameters": '{"depth": 4}',
            "code_reference": "git:abc",
        },
    )
    assert response.status_code == 302
    assert model.versions.get().hyperparameters == {"depth": 4}
    assert "git:abc" in client.get(response["Location"]).content.decode()


def test_consent_status_shows_on_the_model_page(client, model, contributor):
    source = DataSourceFactory(name="crm-events")
    consent = ConsentRecordFactory(data_source=source, reference="marketing-2024", purpose="churn-prediction")
    DataSourceUseFactory(model=model, data_source=source, purpose="churn-prediction")
    url = reverse("inventory:model_detail", args=[model.pk])
    assert (
        "Consent &#x27;marketing-2024&#x27; valid until"
        in login(client, contributor).get(url).content.decode()
    )
    consent.withdrawn_at = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    consent.save()
    assert "Consent &#x27;marketing-2024&#x27; withdrawn on 2026-03-02" in client.get(url).content.decode()


def test_model_list_filters_and_search(client, team, contributor):
    MLModelFactory(team=team, owner=contributor, name="churn-v2", stage="production")
    MLModelFactory(team=team, owner=contributor, name="fraud-screen", stage="development")
    login(client, contributor)
    page = client.get(reverse("inventory:model_list"), {"stage": "production"}).content.decode()
    assert "churn-v2" in page and "fraud-screen" not in page
    page = client.get(reverse("inventory:model_list"), {"q": "FRAUD"}).content.decode()
    assert "fraud-screen" in page and "churn-v2" not in page
    page = client.get(reverse("inventory:model_list"), {"stage": "nonsense"}).content.decode()
    assert "Select a valid choice" in page or "churn-v2" in page  # a bad filter never crashes


@pytest.mark.parametrize("count", [3, 30])
def test_model_list_queries_do_not_grow_with_rows(client, team, contributor, count):
    for i in range(count):
        model = MLModelFactory(team=team, owner=contributor, name=f"m-{i:03d}")
        ModelVersionFactory(model=model)
    login(client, contributor)
    client.get(reverse("inventory:model_list"))  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("inventory:model_list"))
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 8, [q["sql"] for q in ctx.captured_queries]


def test_model_detail_queries_are_bounded(client, model, contributor):
    for i in range(10):
        source = DataSourceFactory()
        ConsentRecordFactory(data_source=source)
        DataSourceUseFactory(model=model, data_source=source)
        ModelVersionFactory(model=model, label=f"{i}.0")
    login(client, contributor)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("inventory:model_detail", args=[model.pk])).status_code == 200
    # 20 before the promotion gate; its panel (deployments, requests, waivers, environments) and the header's
    # "Waiting for me" count add a fixed few; the model's tags and the versions' tags and aliases three; the
    # history of tags, version tags and aliases three more (issue 20).
    assert len(ctx.captured_queries) <= 32, [q["sql"] for q in ctx.captured_queries]


def test_data_source_pages_and_consent_flow(client, team, maintainer, contributor):
    login(client, maintainer)
    response = client.post(
        reverse("inventory:data_source_create"),
        {
            "name": "crm-events",
            "team": team.pk,
            "steward": maintainer.pk,
            "contains_personal_data": "on",
            "sensitivity": "confidential",
            "legal_basis": "consent",
        },
    )
    assert response.status_code == 302
    source_url = response["Location"]
    source_pk = int(source_url.rstrip("/").split("/")[-1])
    bad = client.post(
        reverse("inventory:consent_create", args=[source_pk]),
        {"reference": "c-1", "purpose": "churn", "obtained_on": "2026-05-01", "expires_on": "2026-04-01"},
    )
    assert (
        bad.status_code == 200
        and "Consent must expire after the day it was obtained." in bad.content.decode()
    )
    assert not ConsentRecord.objects.exists()
    ok = client.post(
        reverse("inventory:consent_create", args=[source_pk]),
        {"reference": "c-1", "purpose": "churn", "obtained_on": "2026-05-01", "expires_on": "2027-05-01"},
    )
    assert ok.status_code == 302
    consent = ConsentRecord.objects.get()
    withdraw_url = reverse("inventory:consent_withdraw", args=[source_pk, consent.pk])
    confirm_page = client.get(withdraw_url).content.decode()
    assert "will be flagged" in confirm_page
    unconfirmed = client.post(withdraw_url, {"reason": "DSR-7"})
    assert unconfirmed.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is None  # nothing happens without the confirmation box
    assert client.post(withdraw_url, {"reason": "DSR-7", "confirm": "on"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == maintainer
    page = client.get(source_url).content.decode()
    assert "Withdrawn" in page and "DSR-7" in page


def test_contributor_who_is_not_steward_cannot_record_consent(client, team, maintainer, contributor):
    source = DataSourceFactory(team=team, steward=maintainer)
    login(client, contributor)
    assert client.get(reverse("inventory:consent_create", args=[source.pk])).status_code == 403
    response = client.post(
        reverse("inventory:consent_create", args=[source.pk]),
        {"reference": "c", "purpose": "p", "obtained_on": "2026-01-01"},
    )
    assert response.status_code == 403 and not ConsentRecord.objects.exists()


def test_data_source_list_is_bounded_and_filterable(client, contributor):
    for i in range(12):
        source = DataSourceFactory(name=f"s-{i:02d}", contains_personal_data=i % 2 == 0)
        ConsentRecordFactory(data_source=source)
    login(client, contributor)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("inventory:data_source_list"), {"contains_personal_data": "false"})
    assert page.status_code == 200 and len(ctx.captured_queries) <= 8
    body = page.content.decode()
    assert "s-01" in body and "s-00" not in body
