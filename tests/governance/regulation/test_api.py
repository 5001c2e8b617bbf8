import pytest
from rest_framework.test import APIClient

from governance.regulation.models import Attestation, Classification
from tests.factories import MLModelFactory

from .conftest import eu_answers

pytestmark = pytest.mark.django_db

BASE = "/api/v1/regulation/models/"


@pytest.fixture
def api():
    return APIClient()


def test_answers_then_read_back_with_obligations(api, model, contributor):
    api.force_authenticate(contributor)
    response = api.post(
        f"{BASE}{model.pk}/answers/",
        {"framework": "eu_ai_act", "answers": eu_answers(annex_iii={"value": ["5b"], "note": "loans"})},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["category"] == "high"
    body = api.get(f"{BASE}{model.pk}/").json()
    assert body["eu_ai_act"]["category"] == "high"
    assert {o["key"] for o in body["obligations"]} >= {"eu_art9", "eu_art10", "eu_art14", "eu_art15"}
    assert body["needs_obligations"] is True
    assert body["nist_coverage"]["by_function"]["GOVERN"][1] == 19
    assert "MAP 5.1" in body["nist_coverage"]["uncovered"]  # no risk rated, Art. 9 missing


def test_strict_inputs_are_4xx_and_write_nothing(api, model, contributor):
    api.force_authenticate(contributor)
    for payload in (
        {"framework": "eu_ai_act", "answers": eu_answers(bogus=True)},
        {"framework": "eu_ai_act", "answers": eu_answers(), "extra": 1},
        {"framework": "mars", "answers": {}},
        {"framework": "eu_ai_act", "answers": "yes"},
        {"framework": "eu_ai_act", "answers": eu_answers(p_manipulation=1)},
    ):
        assert api.post(f"{BASE}{model.pk}/answers/", payload, format="json").status_code == 400
    assert (
        api.post(
            f"{BASE}{model.pk}/attestations/",
            {"obligation": "eu_art73", "status": "satisfied", "note": "x", "valid_days": "5"},
            format="json",
        ).status_code
        == 400
    )
    assert api.get(f"{BASE}?bogus=1").status_code == 400
    assert not Classification.objects.exists() and not Attestation.objects.exists()


def test_per_team_permissions(api, model, viewer, outsider, contributor):
    api.force_authenticate(outsider)
    assert api.get(f"{BASE}{model.pk}/").status_code == 404
    assert (
        api.post(
            f"{BASE}{model.pk}/answers/", {"framework": "eu_ai_act", "answers": eu_answers()}, format="json"
        ).status_code
        == 404
    )
    assert model.pk not in [row["model"] for row in api.get(BASE).json()["results"]]
    api.force_authenticate(viewer)
    assert api.get(f"{BASE}{model.pk}/").status_code == 200
    assert (
        api.post(
            f"{BASE}{model.pk}/answers/", {"framework": "eu_ai_act", "answers": eu_answers()}, format="json"
        ).status_code
        == 403
    )
    api.force_authenticate(contributor)
    response = api.post(
        f"{BASE}{model.pk}/attestations/",
        {
            "obligation": "eu_art73",
            "status": "satisfied",
            "note": "Procedure INC-7 in force.",
            "evidence_url": "https://wiki.example/inc-7",
            "valid_days": 30,
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["obligation"] == "eu_art73"


def test_list_takes_a_fixed_number_of_queries(api, team, contributor, django_assert_max_num_queries):
    for _ in range(15):
        MLModelFactory(team=team, owner=contributor)
    api.force_authenticate(contributor)
    with django_assert_max_num_queries(20):
        response = api.get(BASE)
    assert response.status_code == 200 and response.json()["count"] == 15
