"""Starting a run while the broker is down records it as waiting for the queue; recovery sends it (once) when
the queue is back, and sends again runs that stopped making progress. The worker side is in
tests/integration/faults/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.celery import app as celery_app
from governance.checks import engine, services, tasks
from governance.checks.models import CheckRun, CheckRunChunk
from governance.foundation.dispatch import RECOVERY_MAX_ATTEMPTS
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_broker(monkeypatch):
    # A real refused connection (nothing listens on port 1). Celery caches its producer pool with the broker
    # address it first used; hide the cached pools for this test (monkeypatch restores them afterwards).
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)


@pytest.fixture
def sent(monkeypatch):
    """The run ids handed to the queue (the broker itself is exercised by the integration tests)."""
    ids: list[int] = []
    monkeypatch.setattr(tasks.run_start, "delay", lambda run_id: ids.append(run_id))
    return ids


def test_unreachable_broker_leaves_the_run_queued_and_waiting(
    gov_admin, unreachable_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL)
    run.refresh_from_db()
    assert run.status == CheckRun.Status.QUEUED and run.errors == []
    assert run.dispatched_at is None and run.waiting_for_queue


def test_the_page_and_the_api_say_the_run_waits_for_the_queue(client, gov_admin, unreachable_broker):
    client.force_login(gov_admin)
    response = client.post(reverse("checks:start"), {"scope": "all", "confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "the task queue is unavailable: it is queued and will start when the queue is back" in page
    assert "Waiting for the task queue" in page
    run = CheckRun.objects.get()
    assert "waiting for the task queue" in client.get(reverse("checks:runs")).content.decode()
    again = client.post(reverse("checks:start"), {"scope": "all", "confirm": "yes"}, follow=True)
    assert (
        f"Check run #{run.pk} over all models is still in progress (waiting for the task queue)."
        in again.content.decode()
    )

    body = client.post(
        "/api/v1/check-runs/",
        {"scope": "model", "model": MLModelFactory().pk},
        content_type="application/json",  # the API takes JSON only (issue 15.14)
    ).json()
    assert body["status"] == "queued" and body["waiting_for_queue"] is True


def test_recovery_sends_a_waiting_run_once(gov_admin, sent):
    run = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL, enqueue=False)
    assert run.waiting_for_queue
    assert services.runs_recover() == [run.pk]
    assert services.runs_recover() == []  # claimed: a second recovery (or the original send) does nothing
    services._enqueue(run.pk)
    assert sent == [run.pk]
    run.refresh_from_db()
    assert run.dispatched_at is not None and run.recovery_count == 0 and not run.waiting_for_queue


def test_a_recovery_that_cannot_publish_puts_the_run_back(gov_admin, unreachable_broker):
    run = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL, enqueue=False)
    assert services.runs_recover() == []
    run.refresh_from_db()
    assert run.waiting_for_queue and run.status == CheckRun.Status.QUEUED


def test_a_stale_run_is_sent_again_until_it_is_given_up(gov_admin, sent):
    MLModelFactory.create_batch(3)
    run = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL, enqueue=False)
    services._enqueue(run.pk)
    chunks = engine.run_prepare(run_id=run.pk, chunk_size=2)
    engine.chunk_execute(run_id=run.pk, index=chunks[0][0], model_ids=chunks[0][1])  # then its worker died
    assert services.runs_recover(stale_after=datetime.timedelta(minutes=5)) == []  # progress is recent

    for attempt in range(1, RECOVERY_MAX_ATTEMPTS + 1):
        assert services.runs_recover(stale_after=datetime.timedelta(0)) == [run.pk]
        run.refresh_from_db()
        assert run.recovery_count == attempt and run.status == CheckRun.Status.RUNNING
    assert services.runs_recover(stale_after=datetime.timedelta(0)) == []
    run.refresh_from_db()
    assert run.status == CheckRun.Status.FAILED
    assert "made no progress after it was sent again 5 times" in run.errors[-1]["message"]
    assert sent == [run.pk] * (1 + RECOVERY_MAX_ATTEMPTS)


def test_a_recovered_start_reuses_the_frozen_plan_and_finalises_once(gov_admin):
    models = MLModelFactory.create_batch(5)
    run = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL, enqueue=False)
    chunks = engine.run_prepare(run_id=run.pk, chunk_size=2)
    assert [ids for _, ids in chunks] == [
        [m.pk for m in models[:2]],
        [m.pk for m in models[2:4]],
        [models[4].pk],
    ]
    for index, ids in chunks[:2]:
        engine.chunk_execute(run_id=run.pk, index=index, model_ids=ids)
    MLModelFactory()  # added after the run started: not part of it
    models[0].stage = "retired"
    models[0].save()
    assert engine.run_prepare(run_id=run.pk, chunk_size=3) == chunks[2:]  # same split, only what is missing
    assert engine.chunk_execute(run_id=run.pk, index=2, model_ids=chunks[2][1]) is True
    assert engine.chunk_execute(run_id=run.pk, index=2, model_ids=chunks[2][1]) is False  # re-delivered
    assert engine.run_prepare(run_id=run.pk) == []
    run.refresh_from_db()
    assert run.status == CheckRun.Status.SUCCEEDED and run.model_count == 5
    assert CheckRunChunk.objects.filter(run=run).count() == 3
    total = run.pass_count + run.warn_count + run.fail_count + run.not_applicable_count
    assert total == run.results.count() == run.results.values("check_key", "model").distinct().count()


def test_a_run_whose_chunks_are_all_written_is_finalised_by_a_recovered_start(gov_admin):
    MLModelFactory.create_batch(2)
    run = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL, enqueue=False)
    (index, ids), *_ = engine.run_prepare(run_id=run.pk, chunk_size=5)
    engine._chunk_write(
        run=run, index=index, model_ids=ids
    )  # written, then the worker died before finalising
    CheckRun.objects.filter(pk=run.pk).update(dispatched_at=timezone.now() - datetime.timedelta(hours=1))
    assert engine.run_prepare(run_id=run.pk) == []
    run.refresh_from_db()
    assert run.status == CheckRun.Status.SUCCEEDED and run.finished_at is not None
