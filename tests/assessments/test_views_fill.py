"""Starting, filling and submitting through the pages: roles, form errors, messages, and nothing written when
a request is refused."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Assessment, Question

from .conftest import submitted

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def dimension_questions(framework, key):
    return list(Question.objects.filter(dimension__framework=framework, dimension__key=key).order_by("order"))


@pytest.fixture
def draft(team, levels, contributor):
    return services.assessment_start(actor=contributor, team=team, framework=levels)


def fill_url(assessment, dimension="data"):
    return reverse("assessments:fill_dimension", args=[assessment.pk, dimension])


@pytest.mark.parametrize("who", ["viewer", "auditor", "outsider"])
def test_readers_get_403_on_every_writing_page_and_write_nothing(client, team, levels, draft, who, request):
    """Readers of the team are refused; to another team's member the pages do not exist (issue 17 item 11)."""
    login(client, request.getfixturevalue(who))
    refused = 404 if who == "outsider" else 403
    question = dimension_questions(levels, "data")[0]
    for url, data in (
        (reverse("assessments:start", args=[team.slug]), {"framework": levels.pk}),
        (fill_url(draft), {f"q{question.pk}": "yes"}),
        (reverse("assessments:submit", args=[draft.pk]), {"confirm": "on"}),
    ):
        assert client.get(url).status_code == refused
        assert client.post(url, data).status_code == refused
    assert Assessment.objects.count() == 1 and not Answer.objects.exists()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_contributor_starts_an_assessment(client, team, levels, contributor):
    login(client, contributor)
    page = client.get(reverse("assessments:start", args=[team.slug])).content.decode()
    assert "Google MLOps levels (version 1)" in page and "ML Test Score (version 1)" in page
    response = client.post(reverse("assessments:start", args=[team.slug]), {"framework": levels.pk})
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:fill", args=[assessment.pk])
    response = client.get(response["Location"])
    assert response["Location"] == fill_url(assessment, "data")
    page = client.get(response["Location"]).content.decode()
    assert "Google MLOps levels assessment started for Credit Risk." in page
    assert "0 of 39 answered" in page


def test_a_second_draft_is_a_form_error_with_a_link_to_the_first(client, team, levels, draft, maintainer):
    response = login(client, maintainer).post(
        reverse("assessments:start", args=[team.slug]), {"framework": levels.pk}
    )
    assert response.status_code == 200
    assert "already has an open draft" in " ".join(response.context["form"].errors["framework"])
    assert reverse("assessments:fill", args=[draft.pk]) in response.content.decode()
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize("data", [{}, {"framework": 999999}, {"framework": "x"}])
def test_a_missing_or_unknown_framework_is_a_form_error(client, team, contributor, levels, data):
    response = login(client, contributor).post(reverse("assessments:start", args=[team.slug]), data)
    assert response.status_code == 200 and "framework" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_fill_save_resume_and_progress(client, levels, draft, contributor):
    login(client, contributor)
    data_qs = dimension_questions(levels, "data")
    form = {f"q{q.pk}": "yes" for q in data_qs[:4]}
    form[f"q{data_qs[0].pk}_evidence"] = "https://git.example.org/pipelines/prep"
    form[f"q{data_qs[4].pk}"] = "partial"
    response = client.post(fill_url(draft), {**form, "action": "next"})
    assert response["Location"] == fill_url(draft, "experimentation")
    page = client.get(response["Location"]).content.decode()
    assert "Data saved (5 answers changed)." in page and "5 of 39 answered" in page
    assert Answer.objects.get(question=data_qs[0]).evidence == "https://git.example.org/pipelines/prep"
    # Coming back resumes at the first dimension with an unanswered question, with the answers kept.
    response = client.get(reverse("assessments:fill", args=[draft.pk]))
    assert response["Location"] == fill_url(draft, "data")
    page = client.get(fill_url(draft)).content.decode()
    assert f'name="q{data_qs[0].pk}" value="yes" id="id_q{data_qs[0].pk}_0" checked' in page
    assert "https://git.example.org/pipelines/prep</textarea>" in page
    response = client.post(fill_url(draft), {f"q{data_qs[4].pk}": "no", "action": "stay"})
    assert response["Location"] == fill_url(draft)
    assert Answer.objects.get(question=data_qs[4]).value == "no"
    assert Answer.objects.filter(assessment=draft).count() == 5  # blank questions keep their answers


def test_evidence_without_an_answer_and_an_unknown_value_are_form_errors(client, levels, draft, contributor):
    login(client, contributor)
    q1, q2 = dimension_questions(levels, "data")[:2]
    response = client.post(fill_url(draft), {f"q{q1.pk}_evidence": "see wiki", f"q{q2.pk}": "automated"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Choose an answer for this evidence" in errors[f"q{q1.pk}"][0]
    assert "Select a valid choice" in errors[f"q{q2.pk}"][0]
    assert "Nothing was saved." in response.content.decode()
    assert not Answer.objects.exists()


def test_evidence_is_limited_in_length(client, levels, draft, contributor):
    q = dimension_questions(levels, "data")[0]
    response = login(client, contributor).post(
        fill_url(draft), {f"q{q.pk}": "yes", f"q{q.pk}_evidence": "x" * 2001}
    )
    assert "at most 2000 characters" in response.context["form"].errors[f"q{q.pk}_evidence"][0]
    assert not Answer.objects.exists()


def test_an_unknown_dimension_is_404(client, draft, contributor):
    assert login(client, contributor).get(fill_url(draft, "astrology")).status_code == 404


def test_submit_confirmation_lists_unanswered_questions_then_locks(
    client, levels, draft, contributor, maintainer
):
    login(client, contributor)
    data_qs = dimension_questions(levels, "data")
    client.post(fill_url(draft), {f"q{q.pk}": "yes" for q in data_qs})
    page = client.get(reverse("assessments:submit", args=[draft.pk])).content.decode()
    assert "32 questions not answered" in page
    assert data_qs[0].text not in page  # answered ones are not listed
    assert Question.objects.get(dimension__framework=levels, key="exp-tracked").text in page
    response = client.post(reverse("assessments:submit", args=[draft.pk]), {})
    assert "confirm" in response.context["form"].errors
    assert Assessment.objects.get().status == "draft"
    response = login(client, maintainer).post(
        reverse("assessments:submit", args=[draft.pk]), {"confirm": "on"}
    )
    assert response["Location"] == reverse("assessments:detail", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Assessment submitted and locked: overall level 0." in page
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.assessor == maintainer


def test_a_submitted_assessment_cannot_be_changed_through_the_pages(client, team, levels, contributor):
    assessment = submitted(team, levels, contributor, lambda q: "no")
    question = dimension_questions(levels, "data")[0]
    login(client, contributor)
    for url, data in (
        (fill_url(assessment), {f"q{question.pk}": "yes"}),
        (reverse("assessments:submit", args=[assessment.pk]), {"confirm": "on"}),
        (reverse("assessments:fill", args=[assessment.pk]), None),
    ):
        response = client.post(url, data) if data else client.get(url)
        assert response["Location"] == reverse("assessments:detail", args=[assessment.pk])
    page = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    assert "is locked: nobody can change it" in page
    assert Answer.objects.get(assessment=assessment, question=question).value == "no"
    assert Answer.history.filter(assessment_id=assessment.pk, history_type="~").count() == 0
