"""Issue 17 item 7: one rule for mitigations in the service, so the API is no weaker than the page.

The API took an owner from another team and changed the mitigations of a closed risk; the page's status
form changed them too. Now the owner is an active contributor or maintainer of the model's team (the people
the page offers) and a closed risk's mitigations are final, whichever way the change comes.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.risks import services
from governance.risks.models import Mitigation

pytestmark = pytest.mark.django_db


@pytest.fixture
def risk(rated_risk):
    return rated_risk


@pytest.fixture
def mitigation(risk, contributor):
    return services.mitigation_add(
        actor=contributor, risk=risk, description="Weekly drift check", owner=contributor
    )


def _post(client, risk, owner):
    body = {"risk": risk.pk, "description": "Retrain monthly", "owner": owner.pk}
    return client.post("/api/v1/mitigations/", body, content_type="application/json")


def test_the_api_accepts_exactly_the_owners_the_page_offers(
    client, risk, maintainer, contributor, viewer, outsider, gov_admin
):
    client.force_login(maintainer)
    form = client.get(reverse("risks:mitigation_add", args=[risk.pk])).context["form"]
    offered = set(form.fields["owner"].queryset.values_list("pk", flat=True))
    for person in (maintainer, contributor, viewer, outsider, gov_admin):
        response = _post(client, risk, person)
        assert (response.status_code == 201) == (person.pk in offered), (person.username, response.content)
        if response.status_code == 400:
            assert "owner" in response.json()["error"]["fields"]
    assert offered == {maintainer.pk, contributor.pk}
    assert set(Mitigation.objects.values_list("owner_id", flat=True)) == offered


def test_the_owner_cannot_be_changed_to_another_teams_member(client, mitigation, maintainer, outsider):
    client.force_login(maintainer)
    response = client.patch(
        f"/api/v1/mitigations/{mitigation.pk}/", {"owner": outsider.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "owner" in response.json()["error"]["fields"]
    with pytest.raises(ValidationError):
        services.mitigation_update(actor=maintainer, mitigation=mitigation, owner=outsider)
    assert Mitigation.objects.get().owner_id == mitigation.owner_id


def test_a_closed_risks_mitigations_cannot_be_changed_by_the_api(client, risk, mitigation, maintainer):
    services.risk_close(actor=maintainer, risk=risk, reason="Model retired")
    client.force_login(maintainer)
    for change in (
        {"status": "done"},
        {"description": "Rewritten after closing"},
        {"due_date": "2030-01-01"},
    ):
        response = client.patch(
            f"/api/v1/mitigations/{mitigation.pk}/", change, content_type="application/json"
        )
        assert response.status_code == 400, (change, response.content)
        assert "closed" in response.json()["error"]["detail"] + str(
            response.json()["error"].get("fields", "")
        )
    assert _post(client, risk, maintainer).status_code == 400
    unchanged = Mitigation.objects.get()
    assert (unchanged.status, unchanged.description, unchanged.due_date) == (
        "planned",
        "Weekly drift check",
        None,
    )


def test_a_closed_risks_mitigations_cannot_be_changed_by_the_status_form(
    client, risk, mitigation, maintainer
):
    services.risk_close(actor=maintainer, risk=risk, reason="Model retired")
    client.force_login(maintainer)
    url = reverse("risks:mitigation_status", args=[risk.pk, mitigation.pk])
    response = client.post(url, {"status": "done"}, follow=True)
    assert response.status_code == 200
    assert "closed" in response.content.decode()  # the refusal is shown, not a server error
    assert Mitigation.objects.get().status == Mitigation.Status.PLANNED


def test_an_owner_who_left_the_team_does_not_block_a_status_change(risk, mitigation, contributor, maintainer):
    contributor.memberships.all().delete()
    updated = services.mitigation_update(actor=maintainer, mitigation=mitigation, status="in_progress")
    assert updated.status == "in_progress" and updated.owner_id == contributor.pk


def test_another_teams_risk_in_a_body_is_refused_as_a_missing_one(client, risk, outsider):
    """Issue 17 item 11 for request bodies: no 404-versus-400 answer tells that the risk exists."""
    client.force_login(outsider)
    answers = []
    for risk_id in (risk.pk, risk.pk + 1000):
        for path, body in (
            ("/api/v1/mitigations/", {"description": "Probe", "owner": outsider.pk}),
            ("/api/v1/acceptances/", {"justification": "Probing the register.", "expires_on": "2030-01-01"}),
        ):
            response = client.post(path, {**body, "risk": risk_id}, content_type="application/json")
            answers.append((path, response.status_code, response.json()["error"]["fields"]["risk"]))
    assert [a[1] for a in answers] == [400] * 4
    assert answers[0][2][0].replace(str(risk.pk), "") == answers[2][2][0].replace(str(risk.pk + 1000), "")
