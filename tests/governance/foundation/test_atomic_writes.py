"""Every write that touches several rows is atomic (issue 9): the second write fails, nothing of the first
remains.

The failure is injected by patching an internal callee to raise (the history writer, a save, a bulk insert):
the failure is the thing under test. Each test checks the rows the first write would have left behind.
"""

from __future__ import annotations

import dataclasses
import datetime
from unittest import mock

import pytest
from django.db import transaction
from simple_history.models import HistoricalRecords

from assessments import services as assessment_services
from assessments.content import released
from assessments.content.loader import load_framework, load_released
from assessments.models import Answer, Assessment, Dimension, Framework, Question
from governance.checks import engine
from governance.checks import services as check_services
from governance.checks.models import CheckResult, CheckRun, CheckRunChunk
from governance.foundation import writes
from governance.inventory import services as inventory
from governance.inventory.models import ConsentRecord, HistoricalMLModel, MLModel
from governance.reports import services as report_services
from governance.reports.models import Report
from governance.risks import services as risk_services
from governance.risks.models import Risk, RiskAcceptance, RiskReview
from tests.factories import ConsentRecordFactory, DataSourceFactory, MLModelFactory

pytestmark = pytest.mark.django_db


class Injected(RuntimeError):
    """The fault: a write that fails after an earlier one in the same service call succeeded."""


def history_fails():
    """The history row (written after the record, in the same save) cannot be stored."""
    return mock.patch.object(HistoricalRecords, "create_historical_record", side_effect=Injected("history"))


def fail_on(kind: type, real=writes.validated_save):
    """validated_save that fails for instances of `kind` only (the second write of a service)."""

    def save(instance, **kwargs):
        if isinstance(instance, kind):
            raise Injected(f"saving {kind.__name__}")
        return real(instance, **kwargs)

    return save


@pytest.fixture
def model(team, contributor, maintainer):
    return MLModelFactory(team=team, owner=contributor, stage="production")


@pytest.fixture
def risk(model, contributor):
    return risk_services.risk_create(
        actor=contributor,
        model=model,
        title="Wrong predictions",
        category="wrong_prediction",
        owner=contributor,
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=3,
        residual_impact=3,
    )


def test_ownership_transfer_without_its_history_is_not_kept(model, maintainer, contributor):
    history = HistoricalMLModel.objects.filter(id=model.pk).count()
    with history_fails(), pytest.raises(Injected):
        inventory.model_transfer_ownership(actor=maintainer, model=model, new_owner=maintainer)
    model.refresh_from_db()
    assert model.owner == contributor
    assert HistoricalMLModel.objects.filter(id=model.pk).count() == history


def test_retiring_a_model_without_its_history_is_not_kept(model, maintainer):
    with history_fails(), pytest.raises(Injected):
        inventory.model_update(actor=maintainer, model=model, stage=MLModel.Stage.RETIRED)
    assert MLModel.objects.get(pk=model.pk).stage == MLModel.Stage.PRODUCTION


def test_consent_withdrawal_without_its_history_is_not_kept(team, maintainer):
    consent = ConsentRecordFactory(data_source=DataSourceFactory(team=team, steward=maintainer))
    with history_fails(), pytest.raises(Injected):
        inventory.consent_withdraw(actor=maintainer, consent=consent, reason="DSAR-17")
    consent = ConsentRecord.objects.get(pk=consent.pk)
    assert consent.withdrawn_at is None and consent.withdrawn_by is None and consent.withdrawal_reason == ""


def test_review_is_not_kept_when_the_risk_cannot_be_rescheduled(risk, contributor):
    due = risk.next_review_due
    with mock.patch.object(risk_services, "validated_save", fail_on(Risk)), pytest.raises(Injected):
        risk_services.risk_review_record(actor=contributor, risk=risk, notes="quarterly")
    assert not RiskReview.objects.filter(risk=risk).exists()
    risk.refresh_from_db()
    assert risk.next_review_due == due and risk.last_reviewed_on is None


def test_acceptance_is_not_kept_when_the_treatment_cannot_be_set(risk, maintainer):
    expires = datetime.date.today() + datetime.timedelta(days=90)
    with mock.patch.object(risk_services, "validated_save", fail_on(Risk)), pytest.raises(Injected):
        risk_services.acceptance_record(
            actor=maintainer, risk=risk, justification="Within appetite for a quarter.", expires_on=expires
        )
    assert not RiskAcceptance.objects.filter(risk=risk).exists()
    assert Risk.objects.get(pk=risk.pk).treatment == Risk.Treatment.OPEN


def test_acceptance_does_not_save_a_stale_copy_of_the_risk(risk, maintainer, contributor):
    """The service re-reads the risk under its lock: an edit made since the caller read it survives."""
    stale = Risk.objects.get(pk=risk.pk)
    risk_services.risk_update(actor=contributor, risk=risk, title="Wrong predictions for thin files")
    risk_services.acceptance_record(
        actor=maintainer,
        risk=stale,
        justification="Within appetite for a quarter.",
        expires_on=datetime.date.today() + datetime.timedelta(days=90),
    )
    risk.refresh_from_db()
    assert risk.title == "Wrong predictions for thin files" and risk.treatment == Risk.Treatment.ACCEPT


def test_standard_risks_are_added_all_or_none(model, contributor):
    real, calls = risk_services.risk_create, []

    def third_fails(**kwargs):
        calls.append(kwargs["category"])
        if len(calls) == 3:
            raise Injected("third risk")
        return real(**kwargs)

    with mock.patch.object(risk_services, "risk_create", third_fails), pytest.raises(Injected):
        risk_services.risks_add_standard(actor=contributor, model=model)
    assert len(calls) == 3
    assert not Risk.objects.filter(model=model).exists()


@pytest.fixture
def draft(team, contributor):
    load_released()
    levels = Framework.objects.get(key="google-mlops-levels", is_active=True)
    return assessment_services.assessment_start(actor=contributor, team=team, framework=levels)


def test_answers_of_one_page_are_saved_all_or_none(draft, contributor):
    questions = list(Question.objects.filter(dimension__framework=draft.framework).order_by("id")[:3])
    real, calls = assessment_services._save, []

    def last_fails(instance, **kwargs):
        calls.append(instance)
        if len(calls) == 3:
            raise Injected("third answer")
        return real(instance, **kwargs)

    inputs = [assessment_services.AnswerInput(question_id=q.pk, value="yes") for q in questions]
    with mock.patch.object(assessment_services, "_save", last_fails), pytest.raises(Injected):
        assessment_services.answers_save(actor=contributor, assessment=draft, answers=inputs)
    assert not Answer.objects.filter(assessment=draft).exists()


def test_submission_without_its_history_leaves_the_draft_open(draft, contributor):
    with history_fails(), pytest.raises(Injected):
        assessment_services.assessment_submit(actor=contributor, assessment=draft)
    draft = Assessment.objects.get(pk=draft.pk)
    assert draft.status == Assessment.Status.DRAFT and draft.assessor is None and draft.result == {}


def test_a_framework_version_is_loaded_all_or_none(db):
    content = dataclasses.replace(released()[0], key="atomic-probe", version=1)
    real, calls = Question.objects.bulk_create, []

    def second_dimension_fails(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise Injected("second dimension's questions")
        return real(objs, *args, **kwargs)

    with mock.patch.object(Question.objects, "bulk_create", second_dimension_fails), pytest.raises(Injected):
        load_framework(content, Framework=Framework, Dimension=Dimension, Question=Question)
    assert not Framework.objects.filter(key="atomic-probe").exists()
    assert not Dimension.objects.filter(framework__key="atomic-probe").exists()


def test_a_chunk_writes_its_results_and_its_marker_together(model, gov_admin):
    run = check_services.check_run_create(
        actor=gov_admin, scope=CheckRun.Scope.MODEL, model=model, enqueue=False
    )
    chunks = engine.run_prepare(run_id=run.pk)
    assert len(chunks) == 1
    index, model_ids = chunks[0]
    with (
        mock.patch.object(CheckRunChunk.objects, "bulk_create", side_effect=Injected("chunk marker")),
        pytest.raises(Injected),
    ):
        engine.chunk_execute(run_id=run.pk, index=index, model_ids=model_ids)
    assert not CheckResult.objects.filter(run=run).exists()  # a retry writes them again, once
    assert engine.chunk_execute(run_id=run.pk, index=index, model_ids=model_ids) is True
    assert CheckResult.objects.filter(run=run).count() > 0
    assert CheckRun.objects.get(pk=run.pk).status == CheckRun.Status.SUCCEEDED


@pytest.mark.parametrize("what", ["report", "check run"])
def test_work_rolled_back_with_its_caller_is_never_queued(
    what, model, gov_admin, django_capture_on_commit_callbacks
):
    """The queue hears of a report or run only when its row commits: a rolled-back request sends nothing."""

    class CallerFails(Exception):
        pass

    def request() -> None:
        if what == "report":
            report_services.report_request(actor=gov_admin, kind=Report.Kind.MODEL_DOSSIER, model=model)
        else:
            check_services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.MODEL, model=model)
        raise CallerFails  # the caller's own later write fails

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(CallerFails),
        transaction.atomic(),
    ):
        request()
    assert callbacks == []
    assert not Report.objects.exists() and not CheckRun.objects.exists()
