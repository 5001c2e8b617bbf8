"""The admin: frameworks read-mostly, assessments never deleted, a submitted one read-only."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Question
from tests.factories import UserFactory

from .conftest import level_one, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_frameworks_are_read_mostly(admin_client, levels):
    assert admin_client.get(reverse("admin:assessments_framework_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:assessments_framework_add")).status_code == 403
    page = admin_client.get(reverse("admin:assessments_framework_change", args=[levels.pk])).content.decode()
    assert 'name="is_active"' in page and 'name="name"' not in page
    question = Question.objects.filter(dimension__framework=levels).first()
    page = admin_client.get(reverse("admin:assessments_question_change", args=[question.pk])).content.decode()
    assert 'name="text"' not in page and "Save" not in page
    assert (
        admin_client.get(reverse("admin:assessments_question_delete", args=[question.pk])).status_code == 403
    )


def test_a_submitted_assessment_is_read_only_and_never_deleted(admin_client, team, levels, contributor):
    assessment = submitted(team, levels, contributor, level_one)
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="answers-0-value"' not in page and "Yes" in page  # answers shown, not editable
    assert 'type="submit" value="Save"' not in page
    answer = Answer.objects.filter(assessment=assessment).first()
    response = admin_client.post(
        url, {"answers-TOTAL_FORMS": "1", "answers-0-id": answer.pk, "answers-0-value": "no"}
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.value == answer.history.earliest().value
    assert (
        admin_client.get(reverse("admin:assessments_assessment_delete", args=[assessment.pk])).status_code
        == 403
    )
    history = admin_client.get(reverse("admin:assessments_assessment_history", args=[assessment.pk]))
    assert history.status_code == 200 and "Submitted" in history.content.decode()


def test_a_draft_shows_its_answers_editable(admin_client, team, levels, contributor):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    services.answer_save(
        actor=contributor,
        assessment=draft,
        question=Question.objects.filter(dimension__framework=levels).first(),
        value="yes",
    )
    page = admin_client.get(reverse("admin:assessments_assessment_change", args=[draft.pk])).content.decode()
    assert 'name="answers-0-value"' in page
    assert admin_client.get(reverse("admin:assessments_assessment_add")).status_code == 403
