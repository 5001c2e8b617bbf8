"""Issue 16, assessment honesty: N/A needs a justification, the result shows its coverage, the headline level
is the five technical dimensions' with governance beside it, and submitted results stay as stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments import scoring, selectors, services
from assessments.models import Answer, Assessment, Question

from .conftest import answer_all, submitted

pytestmark = pytest.mark.django_db


def technical_one_governance_zero(q) -> str:
    if q.dimension.key == "governance":
        return "no"
    return "yes" if q.level == 1 else "no"


def test_scoring_keeps_the_dimensions_beside_the_headline_out_of_it():
    dims = [
        scoring.DimensionSpec("data", "Data", (scoring.QuestionSpec("d1", 1), scoring.QuestionSpec("d2", 2))),
        scoring.DimensionSpec("governance", "Governance", (scoring.QuestionSpec("g1", 1),)),
    ]
    answers = {"d1": "yes", "d2": "no", "g1": "no"}
    legacy = scoring.score_levels(dims, answers)
    assert legacy.overall_level == 0 and legacy.beside == ()
    result = scoring.score_levels(dims, answers, beside=scoring.BESIDE_HEADLINE)
    assert (result.overall_level, result.overall_score) == (1, 1.0)
    assert [(d.key, d.level) for d in result.beside] == [("governance", 0)]
    assert result.snapshot()["headline"] == "technical"


def test_a_new_submission_headlines_the_technical_dimensions(client, team, levels, contributor):
    assessment = submitted(team, levels, contributor, technical_one_governance_zero)
    assert assessment.overall_level == 1 and assessment.result["beside"] == ["governance"]
    client.force_login(contributor)
    page = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    assert 'id="headline"' in page and 'id="beside-governance"' in page


def test_an_assessment_submitted_before_the_rule_is_shown_as_it_was_stored(client, team, levels, contributor):
    assessment = submitted(team, levels, contributor, technical_one_governance_zero)
    # As the product stored it before issue 16: every dimension in the headline, no rule marker.
    legacy = scoring.score(
        scoring.LEVELS,
        selectors.framework_spec(framework=levels).scoring_dimensions(),
        {a.question_id: a.value for a in assessment.answers.all()},
    )
    Assessment.objects.filter(pk=assessment.pk).update(overall_level=0, result=legacy.snapshot())
    assessment.refresh_from_db()
    report = selectors.assessment_report(assessment=assessment)
    assert report.result.overall_level == assessment.overall_level == 0 and report.result.beside == ()
    client.force_login(contributor)
    page = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    assert (
        'id="beside-governance"' not in page and "Scored by the rule in force when it was submitted" in page
    )


def test_not_applicable_needs_a_one_line_justification(team, levels, contributor):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    question = Question.objects.filter(dimension__framework=levels).first()
    with pytest.raises(ValidationError, match="why this does not apply"):
        services.answer_save(actor=contributor, assessment=draft, question=question, value="na")
    with pytest.raises(ValidationError):
        services.answer_save(
            actor=contributor, assessment=draft, question=question, value="na", evidence="n/a"
        )
    answer = services.answer_save(
        actor=contributor, assessment=draft, question=question, value="na", evidence="특징 공유 없음"
    )
    assert answer.value == "na"


def test_an_unjustified_na_from_before_the_rule_blocks_submission(team, levels, contributor):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    question = Question.objects.filter(dimension__framework=levels).first()
    Answer.objects.create(
        assessment=draft, question=question, value="na", answered_by=contributor, answered_at=draft.started_at
    )
    with pytest.raises(ValidationError, match=question.key):
        services.assessment_submit(actor=contributor, assessment=draft)
    assert not Assessment.objects.get(pk=draft.pk).is_submitted


def test_the_fill_form_asks_for_the_justification_and_labels_extensions(client, team, levels, contributor):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    client.force_login(contributor)
    url = reverse("assessments:fill_dimension", args=[draft.pk, "governance"])
    question = Question.objects.get(dimension__framework=levels, key="gov-owner")
    page = client.get(url).content.decode()
    assert ">Extension</span>" in page
    response = client.post(url, {f"q{question.pk}": "na", "action": "stay"})
    assert response.status_code == 200 and "why this does not apply" in response.content.decode()
    assert not draft.answers.exists()


def test_the_result_shows_answer_coverage(client, team, levels, contributor):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    answer_all(
        draft, contributor, lambda q: "na" if q.key == "gov-owner" else "yes" if q.level == 1 else None
    )
    client.force_login(contributor)
    page = client.get(reverse("assessments:detail", args=[draft.pk])).content.decode()
    level_one = Question.objects.filter(dimension__framework=levels, level=1).count()
    total = Question.objects.filter(dimension__framework=levels).count()
    assert (
        f"Answer coverage: <strong>{level_one - 1}</strong> answered, <strong>1</strong> not applicable, "
        f"<strong>{total - level_one}</strong> unanswered, of {total} questions." in page
    )
