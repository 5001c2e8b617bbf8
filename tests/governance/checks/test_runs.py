"""Runs: who may start which, chunked execution, idempotent re-delivery, crashing checks, the schedule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_celery_beat.models import PeriodicTask

from governance.celery import app as celery_app
from governance.checks import engine, registry, services, tasks
from governance.checks.models import CheckPolicy, CheckResult, CheckRun, CheckRunChunk
from governance.checks.registry import Category, Severity, all_checks

from .conftest import make_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def models(team, other_team, owner, outsider):
    made = [make_model(team, owner, f"credit-{i}") for i in range(4)]
    made.append(make_model(other_team, outsider, "card-fraud"))
    made.append(make_model(team, owner, "legacy", stage="retired"))
    return made


def test_who_may_start_which_run(models, gov_admin, contributor, viewer, outsider, team):
    assert services.check_run_create(actor=gov_admin, scope="all", enqueue=False).scope == "all"
    with pytest.raises(PermissionDenied):
        services.check_run_create(actor=contributor, scope="all", enqueue=False)
    assert services.check_run_create(actor=contributor, scope="team", team=team, enqueue=False).team == team
    with pytest.raises(PermissionDenied):
        services.check_run_create(actor=viewer, scope="model", model=models[0], enqueue=False)
    with pytest.raises(PermissionDenied):
        services.check_run_create(actor=outsider, scope="model", model=models[0], enqueue=False)
    with pytest.raises(ValidationError, match="still in progress"):
        services.check_run_create(actor=contributor, scope="team", team=team, enqueue=False)


def test_policy_is_frozen_on_the_run(models, gov_admin):
    CheckPolicy.objects.update(fairness_ratio_min=0.7)
    run = services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
    assert run.policy["fairness_ratio_min"] == 0.7 and run.policy["psi_fail"] == 0.25


def test_whole_run_in_chunks_writes_one_result_per_check_and_model(models, gov_admin):
    run = services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
    run = engine.run_execute_inline(run_id=run.pk, chunk_size=2)
    checks = len(all_checks())
    assert (run.status, run.model_count, run.chunks_total) == (
        "succeeded",
        5,
        3,
    )  # the retired one is left out
    assert CheckResult.objects.filter(run=run).count() == 5 * checks
    assert run.pass_count + run.warn_count + run.fail_count + run.not_applicable_count == 5 * checks
    assert run.errors == [] and run.finished_at >= run.started_at


def test_a_redelivered_chunk_never_duplicates(models, gov_admin):
    run = services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
    chunks = engine.run_prepare(run_id=run.pk, chunk_size=2)
    engine.chunk_execute(run_id=run.pk, index=0, model_ids=chunks[0][1])
    before = CheckResult.objects.filter(run=run).count()
    engine.chunk_execute(run_id=run.pk, index=0, model_ids=chunks[0][1])  # re-delivered after completion
    CheckRunChunk.objects.filter(
        run=run, index=0
    ).delete()  # or lost its chunk record: rewritten, no duplicate
    engine.chunk_execute(run_id=run.pk, index=0, model_ids=chunks[0][1])
    assert CheckResult.objects.filter(run=run).count() == before
    assert engine.run_prepare(run_id=run.pk, chunk_size=2) == chunks[1:]  # a repeated start skips done chunks
    for index, ids in chunks[1:]:
        engine.chunk_execute(run_id=run.pk, index=index, model_ids=ids)
    assert CheckRun.objects.get(pk=run.pk).status == "succeeded"


def test_a_crashing_check_is_an_error_on_the_run_and_the_others_complete(models, gov_admin, monkeypatch):
    def broken(data):
        yield from ()
        raise ZeroDivisionError("no groups to divide by")

    monkeypatch.setitem(
        registry._REGISTRY,
        "zz.broken",
        registry.Check("zz.broken", "Broken", Category.RISK, Severity.LOW, "Fix it.", broken),
    )
    run = services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
    run = engine.run_execute_inline(run_id=run.pk, chunk_size=3)
    assert run.status == "succeeded"
    assert run.errors == [
        {"check": "zz.broken", "message": "ZeroDivisionError: no groups to divide by", "chunk": 0},
        {"check": "zz.broken", "message": "ZeroDivisionError: no groups to divide by", "chunk": 1},
    ]
    assert not CheckResult.objects.filter(run=run, check_key="zz.broken").exists()
    assert CheckResult.objects.filter(run=run).count() == 5 * (len(all_checks()) - 1)


def test_tasks_run_a_whole_run_through_celery(models, contributor, team, django_capture_on_commit_callbacks):
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run = services.check_run_create(actor=contributor, scope="team", team=team)
    finally:
        celery_app.conf.task_always_eager = previous
    run.refresh_from_db()
    assert (run.status, run.model_count) == ("succeeded", 4)


def test_a_task_that_gives_up_marks_the_run_failed(models, gov_admin, monkeypatch):
    run = services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
    tasks.run_start.on_failure(RuntimeError("broker gone"), "task-id", (run.pk,), {}, None)
    run.refresh_from_db()
    assert run.status == "failed" and "broker gone" in run.errors[-1]["message"]


def test_nightly_schedule_is_created_by_migration_and_starts_an_all_run(models, monkeypatch):
    task = PeriodicTask.objects.get(task="checks.run_scheduled")
    assert task.enabled and task.crontab.hour == "3"
    run = CheckRun.objects.get(pk=tasks.run_scheduled.run())
    assert (run.scope, run.trigger, run.requested_by) == ("all", "schedule", None)
