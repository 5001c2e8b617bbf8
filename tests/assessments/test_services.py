"""Writes to assessments: who may, one open draft, answers only to the framework's questions, submitted
assessments locked, and nothing written whenever a write is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import services
from assessments.models import Answer, Assessment, Question
from assessments.selectors import assessment_result, framework_spec
from assessments.services import AnswerInput

from .conftest import answer_all, level_one

pytestmark = pytest.mark.django_db


def first_question(framework, **filters):
    return Question.objects.filter(dimension__framework=framework, **filters).order_by(
        "dimension__order", "order"
    )[0]


def counts():
    return (
        Assessment.objects.count(),
        Answer.objects.count(),
        Assessment.history.count(),
        Answer.history.count(),
    )


@pytest.mark.parametrize("who", ["contributor", "maintainer", "gov_admin"])
def test_editors_start_an_assessment_recorded_in_the_history(team, levels, who, request):
    actor = request.getfixturevalue(who)
    assessment = services.assessment_start(actor=actor, team=team, framework=levels)
    assert assessment.status == "draft" and assessment.started_by == actor and assessment.assessor is None
    [record] = assessment.history.all()
    assert record.history_user == actor and record.history_change_reason == "Started"


@pytest.mark.parametrize("who", ["viewer", "auditor", "outsider"])
def test_readers_and_other_teams_cannot_start(team, levels, who, request):
    with pytest.raises(PermissionDenied):
        services.assessment_start(actor=request.getfixturevalue(who), team=team, framework=levels)
    assert counts() == (0, 0, 0, 0)


def test_a_second_open_draft_is_refused_with_a_clear_message(
    team, levels, test_score, contributor, maintainer
):
    first = services.assessment_start(actor=contributor, team=team, framework=levels)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        services.assessment_start(actor=maintainer, team=team, framework=levels)
    message = refused.value.message_dict["framework"][0]
    assert "Credit Risk already has an open draft of Google MLOps levels v2" in message
    assert "carl.contributor" in message and "Continue or submit it" in message
    assert counts() == before
    # Another framework, or the same one once the draft is submitted, may start.
    services.assessment_start(actor=maintainer, team=team, framework=test_score)
    services.assessment_submit(actor=contributor, assessment=first)
    services.assessment_start(actor=maintainer, team=team, framework=levels)
    assert Assessment.objects.filter(team=team, framework=levels).count() == 2


def test_the_database_also_holds_one_open_draft_per_team_and_framework(team, levels, contributor):
    services.assessment_start(actor=contributor, team=team, framework=levels)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            team=team, framework=levels, started_by=contributor, started_at=timezone.now()
        )


def test_a_superseded_framework_version_takes_no_new_assessment(team, levels, contributor):
    levels.is_active = False
    levels.save()
    with pytest.raises(ValidationError, match="superseded"):
        services.assessment_start(actor=contributor, team=team, framework=levels)
    assert not Assessment.objects.exists()


def test_answers_are_saved_updated_and_unchanged_ones_skipped(team, levels, contributor, maintainer):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    q1, q2 = Question.objects.filter(dimension__framework=levels, dimension__key="data").order_by("order")[:2]
    changed = services.answers_save(
        actor=contributor,
        assessment=draft,
        answers=[AnswerInput(q1.pk, "yes", "  https://wiki/x  "), AnswerInput(q2.pk, "partial")],
    )
    assert changed == 2
    assert Answer.objects.get(question=q1).evidence == "https://wiki/x"
    changed = services.answers_save(
        actor=maintainer,
        assessment=draft,
        answers=[AnswerInput(q1.pk, "yes", "https://wiki/x"), AnswerInput(q2.pk, "no")],
    )
    assert changed == 1
    answer = Answer.objects.get(question=q2)
    assert (answer.value, answer.answered_by) == ("no", maintainer)
    assert [r.history_user for r in answer.history.order_by("history_date")] == [contributor, maintainer]


def test_an_answer_to_another_frameworks_question_is_refused_and_nothing_is_written(
    team, levels, test_score, contributor
):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    ours, theirs = first_question(levels), first_question(test_score)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        services.answers_save(
            actor=contributor,
            assessment=draft,
            answers=[AnswerInput(ours.pk, "yes"), AnswerInput(theirs.pk, "automated")],
        )
    assert f"not part of Google MLOps levels v2: #{theirs.pk}" in refused.value.message_dict["question"][0]
    assert counts() == before  # not even the valid answer
    with pytest.raises(ValidationError, match="not part of"):
        services.answers_save(actor=contributor, assessment=draft, answers=[AnswerInput(999999, "yes")])


@pytest.mark.parametrize(
    ("framework", "value"), [("levels", "automated"), ("test_score", "yes"), ("levels", "")]
)
def test_a_value_the_framework_does_not_offer_is_refused(team, contributor, framework, value, request):
    fw = request.getfixturevalue(framework)
    draft = services.assessment_start(actor=contributor, team=team, framework=fw)
    before = counts()
    with pytest.raises(ValidationError, match="is not an answer"):
        services.answer_save(actor=contributor, assessment=draft, question=first_question(fw), value=value)
    assert counts() == before


def test_the_same_question_twice_in_one_save_is_refused(team, levels, contributor):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    q = first_question(levels)
    with pytest.raises(ValidationError, match="answered twice"):
        services.answers_save(
            actor=contributor, assessment=draft, answers=[AnswerInput(q.pk, "yes"), AnswerInput(q.pk, "no")]
        )
    assert not Answer.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "auditor", "outsider"])
def test_readers_cannot_answer_or_submit(team, levels, contributor, who, request):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    actor, before = request.getfixturevalue(who), counts()
    with pytest.raises(PermissionDenied):
        services.answer_save(actor=actor, assessment=draft, question=first_question(levels), value="yes")
    with pytest.raises(PermissionDenied):
        services.assessment_submit(actor=actor, assessment=draft)
    assert counts() == before
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_submitting_records_the_assessor_time_and_result(team, levels, contributor, maintainer):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    answer_all(draft, contributor, level_one)
    submitted = services.assessment_submit(actor=maintainer, assessment=draft)
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.assessor == maintainer
    assert timezone.now() - submitted.submitted_at < datetime.timedelta(minutes=1)
    assert (submitted.overall_level, submitted.overall_score) == (1, 1.0)
    recomputed = assessment_result(assessment=submitted, spec=framework_spec(framework=levels))
    assert submitted.result == recomputed.snapshot()
    latest = submitted.history.first()
    assert latest.history_user == maintainer and latest.history_change_reason == "Submitted"


def test_a_submitted_assessment_never_changes(team, levels, contributor, maintainer):
    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    question = first_question(levels)
    services.answer_save(actor=contributor, assessment=draft, question=question, value="no")
    assessment = services.assessment_submit(actor=contributor, assessment=draft)
    before, snapshot = counts(), assessment.result
    for attempt in (
        lambda: services.answer_save(actor=maintainer, assessment=assessment, question=question, value="yes"),
        lambda: services.answers_save(actor=maintainer, assessment=assessment, answers=[]),
        lambda: services.assessment_submit(actor=maintainer, assessment=assessment),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "is locked: nobody can change it" in refused.value.messages[0]
    # A stale copy of the draft is refused too: the service re-reads the row under a lock.
    with pytest.raises(ValidationError, match="locked"):
        services.answer_save(actor=maintainer, assessment=draft, question=question, value="yes")
    assert counts() == before
    assessment.refresh_from_db()
    assert assessment.assessor == contributor and assessment.result == snapshot
    assert Answer.objects.get(question=question).value == "no"


def test_the_model_itself_refuses_an_answer_to_a_submitted_assessment(team, levels, contributor):
    assessment = services.assessment_start(actor=contributor, team=team, framework=levels)
    services.assessment_submit(actor=contributor, assessment=assessment)
    answer = Answer(
        assessment=assessment,
        question=first_question(levels),
        value="yes",
        answered_by=contributor,
        answered_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="locked"):
        answer.full_clean()


def test_times_may_be_back_dated_but_not_in_the_future(team, levels, contributor):
    past = timezone.now() - datetime.timedelta(days=90)
    draft = services.assessment_start(actor=contributor, team=team, framework=levels, at=past)
    assert draft.started_at == past and draft.history.get().history_date == past
    with pytest.raises(ValidationError, match="before it started"):
        services.assessment_submit(actor=contributor, assessment=draft, at=past - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="future"):
        services.assessment_submit(
            actor=contributor, assessment=draft, at=timezone.now() + datetime.timedelta(hours=1)
        )
    assert Assessment.objects.get().status == "draft"
