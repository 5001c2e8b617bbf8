"""The assessments API: read-only, visible per team, scores computed by the scoring rules, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Question
from tests.factories import MembershipFactory, TeamFactory, UserFactory

from ..conftest import answer_all, level_one, submitted

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_gets_401_in_the_error_shape(levels):
    for path in ("/api/v1/frameworks/", "/api/v1/assessments/", "/api/v1/team-maturity/"):
        response = api().get(path)
        assert response.status_code == 401 and response.json()["error"]["status"] == 401


def test_frameworks_carry_dimensions_questions_and_answer_choices(viewer, levels):
    body = api(viewer).get("/api/v1/frameworks/", {"key": "google-mlops-levels"}).json()
    # v1 stays listed (its assessments keep pointing at it); v2 is the active one since issue 16.
    assert sorted((f["version"], f["is_active"]) for f in body["results"]) == [(1, False), (2, True)]
    [framework] = [f for f in body["results"] if f["is_active"]]
    assert framework["kind"] == "levels" and framework["version"] == 2
    assert [c["value"] for c in framework["answer_choices"]] == ["yes", "partial", "no", "na"]
    assert [d["key"] for d in framework["dimensions"]][:2] == ["data", "experimentation"]
    first = framework["dimensions"][0]["questions"][0]
    assert first["key"] == "data-prep-as-code" and first["level"] == 1 and first["evidence_hint"]
    assert sum(len(d["questions"]) for d in framework["dimensions"]) == 43


def test_assessments_with_answers_and_scores(team, levels, contributor, viewer):
    assessment = submitted(team, levels, contributor, level_one)
    body = api(viewer).get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert body["status"] == "submitted" and body["assessor"]["username"] == "carl.contributor"
    assert body["question_count"] == 43 and body["answered"] == 43 and len(body["answers"]) == 43
    scores = body["scores"]
    assert (scores["overall_level"], scores["overall_score"], scores["band"]) == (1, 1.0, None)
    data = scores["dimensions"][0]
    assert (data["key"], data["level"], data["score"], data["applicable"]) == ("data", 1, 1.0, 7)
    level_2 = set(
        Question.objects.filter(dimension__key="data", dimension__framework=levels, level=2).values_list(
            "pk", flat=True
        )
    )
    assert set(data["next_steps"]) == level_2
    assert body["answers"][0] == {
        "question": body["answers"][0]["question"],
        "question_key": "data-prep-as-code",
        "dimension_key": "data",
        "value": "yes",
        "evidence": "evidence for data-prep-as-code",
        "answered_by": {
            "id": contributor.pk,
            "username": "carl.contributor",
            "name": contributor.get_full_name(),
        },
        "answered_at": body["answers"][0]["answered_at"],
    }


def test_ml_test_score_assessment_reports_its_band(team, test_score, contributor):
    assessment = submitted(team, test_score, contributor, lambda q: "manual")
    scores = api(contributor).get(f"/api/v1/assessments/{assessment.pk}/").json()["scores"]
    assert (scores["overall_level"], scores["overall_score"], scores["band"]) == (None, 3.5, "(3, 5]")
    assert [d["score"] for d in scores["dimensions"]] == [3.5] * 4


def test_another_teams_assessment_is_404_and_absent_from_lists(team, levels, contributor, outsider, auditor):
    assessment = submitted(team, levels, contributor, level_one)
    assert api(outsider).get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404
    assert api(outsider).get("/api/v1/assessments/").json()["count"] == 0
    assert api(auditor).get("/api/v1/assessments/").json()["count"] == 1


def test_filters(team, levels, test_score, contributor):
    submitted(team, levels, contributor, level_one)
    services.assessment_start(actor=contributor, team=team, framework=test_score)
    client = api(contributor)
    assert client.get("/api/v1/assessments/", {"status": "draft"}).json()["count"] == 1
    assert client.get("/api/v1/assessments/", {"framework_key": "google-mlops-levels"}).json()["count"] == 1
    assert client.get("/api/v1/assessments/", {"team": team.pk}).json()["count"] == 2
    response = client.get("/api/v1/assessments/", {"status": "nonsense"})
    assert response.status_code == 400 and "status" in response.json()["error"]["fields"]


def test_team_maturity_is_the_latest_submitted_per_framework(
    team, other_team, levels, test_score, contributor, outsider
):
    submitted(team, levels, contributor, lambda q: "no", days_ago=50)
    latest = submitted(team, levels, contributor, level_one, days_ago=5)
    submitted(team, test_score, contributor, lambda q: "automated", days_ago=5)
    services.assessment_start(actor=contributor, team=team, framework=levels)
    body = api(contributor).get(f"/api/v1/team-maturity/{team.pk}/").json()
    assert body["team"]["slug"] == "credit-risk"
    by_key = {f["framework"]["key"]: f for f in body["frameworks"]}
    assert by_key["google-mlops-levels"]["assessment_id"] == latest.pk
    assert (
        by_key["google-mlops-levels"]["overall_level"],
        by_key["google-mlops-levels"]["overall_score"],
    ) == (1, 1.0)
    assert [d["level"] for d in by_key["google-mlops-levels"]["dimensions"]] == [1] * 6
    assert (by_key["ml-test-score"]["overall_score"], by_key["ml-test-score"]["band"]) == (7.0, "> 5")
    assert api(outsider).get(f"/api/v1/team-maturity/{team.pk}/").status_code == 404
    assert [r["team"]["slug"] for r in api(outsider).get("/api/v1/team-maturity/").json()["results"]] == [
        "fraud"
    ]


def test_the_api_is_read_only(team, levels, contributor, gov_admin):
    assessment = submitted(team, levels, contributor, level_one)
    client = api(gov_admin)
    assert client.post("/api/v1/assessments/", {}, format="json").status_code == 405
    assert (
        client.patch(f"/api/v1/assessments/{assessment.pk}/", {"status": "draft"}, format="json").status_code
        == 405
    )
    assert client.delete(f"/api/v1/assessments/{assessment.pk}/").status_code == 405
    assert client.post("/api/v1/frameworks/", {}, format="json").status_code == 405


@pytest.fixture
def many_teams(levels, auditor):
    for i in range(10):
        team = TeamFactory(name=f"Team {i:02d}", slug=f"team-{i:02d}")
        member = UserFactory(username=f"member{i:02d}")
        MembershipFactory(user=member, team=team, role="contributor")
        submitted(team, levels, member, level_one, days_ago=20)
        draft = services.assessment_start(actor=member, team=team, framework=levels)
        answer_all(draft, member, lambda q: "partial" if q.level == 1 else None)
    return auditor


def queries(client, path, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("path", ["/api/v1/assessments/", "/api/v1/team-maturity/", "/api/v1/frameworks/"])
def test_list_queries_are_constant_in_page_size(many_teams, path):
    client = api(many_teams)
    client.get(path)  # the first request also reads the user's groups, cached on the user afterwards
    small, n_small = queries(client, path, page_size=1)
    large, n_large = queries(client, path, page_size=10)
    assert n_small == 1 and n_large == (3 if path == "/api/v1/frameworks/" else 10)
    assert small == large, (path, small, large)
    assert large <= 7
