"""The connector pages: who sees them, Sync now for governance admins only, pagination and empty states;
the sync_mlflow command and the beat dispatcher."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from governance.mlflow_sync import tasks
from governance.mlflow_sync.models import MlflowConnector, SyncConflict, SyncRun, UnmappedModel

pytestmark = pytest.mark.django_db


@pytest.fixture
def conn(db):
    return MlflowConnector.objects.create(
        name="Lab", tracking_uri="http://127.0.0.1:9", token_env="LAB_TOKEN"
    )


def test_empty_states(client, gov_admin):
    client.force_login(gov_admin)
    assert "No MLflow connector yet" in client.get("/mlflow/").content.decode()
    conn = MlflowConnector.objects.create(name="Lab", tracking_uri="http://127.0.0.1:9")
    page = client.get(f"/mlflow/{conn.pk}/").content.decode()
    assert "No sync yet" in page and "Sync now" in page
    run = SyncRun.objects.create(connector=conn, trigger="command", status="succeeded")
    page = client.get(f"/mlflow/syncs/{run.pk}/").content.decode()
    assert "No conflict in this sync" in page and "Every model of this sync was mapped" in page


def test_pages_show_runs_conflicts_and_unmapped_never_a_secret(
    client, auditor, conn, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setenv("LAB_TOKEN", "s3cr3t-value")
    for i in range(30):
        SyncRun.objects.create(connector=conn, trigger="schedule", status="succeeded", created=i)
    run = SyncRun.objects.create(connector=conn, trigger="button", status="failed", error="Could not read")
    SyncConflict.objects.create(run=run, kind="environment_alias", mlflow_name="fraud", out_of_policy=True)
    UnmappedModel.objects.create(run=run, mlflow_name="orphan", reason="no 'team' tag")
    client.force_login(auditor)
    with django_assert_max_num_queries(12):
        page = client.get(f"/mlflow/{conn.pk}/").content.decode()
    assert "Page 1 of 2" in page and "LAB_TOKEN" in page and "s3cr3t-value" not in page
    assert "connector_sync" not in page and "/sync/" not in page  # auditors read, never start
    detail = client.get(f"/mlflow/syncs/{run.pk}/").content.decode()
    assert "Out of policy" in detail and "orphan" in detail and "Could not read" in detail


def test_team_members_may_not_see_connectors(client, contributor, conn):
    client.force_login(contributor)
    assert client.get("/mlflow/").status_code == 403
    assert client.get(f"/mlflow/{conn.pk}/").status_code == 403
    assert client.post(f"/mlflow/{conn.pk}/sync/").status_code == 403
    assert not SyncRun.objects.exists()


def test_sync_now_is_for_governance_admins_and_queues_one_run(client, gov_admin, auditor, conn):
    client.force_login(auditor)
    assert client.post(f"/mlflow/{conn.pk}/sync/").status_code == 403
    client.force_login(gov_admin)
    with mock.patch.object(tasks.sync_run_task, "delay") as delay, pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda f, *a, **k: f())
        response = client.post(f"/mlflow/{conn.pk}/sync/")
        again = client.post(f"/mlflow/{conn.pk}/sync/", follow=True)
    assert response.status_code == 302
    run = SyncRun.objects.get()
    assert (run.trigger, run.requested_by, run.status) == ("button", gov_admin, "queued")
    delay.assert_called_once_with(run.pk)
    assert "already queued" in again.content.decode()


def test_command_reports_a_dead_server_as_a_failed_sync(conn):
    conn.token_env = ""
    conn.save()
    with pytest.raises(CommandError, match="failed"):
        call_command("sync_mlflow", connector=conn.pk)
    run = SyncRun.objects.get()
    assert run.status == "failed" and "Could not read the MLflow server" in run.error
    with pytest.raises(CommandError, match="No MLflow connector"):
        call_command("sync_mlflow", connector=999)


def test_command_names_a_missing_credentials_variable(conn, monkeypatch):
    monkeypatch.delenv("LAB_TOKEN", raising=False)
    with pytest.raises(CommandError):
        call_command("sync_mlflow", connector=conn.pk)
    assert "LAB_TOKEN is not set" in SyncRun.objects.get().error


def test_dispatcher_queues_only_due_connectors(conn):
    later = MlflowConnector.objects.create(
        name="Hourly", tracking_uri="http://127.0.0.1:9", last_started_at=timezone.now()
    )
    manual = MlflowConnector.objects.create(
        name="Manual", tracking_uri="http://127.0.0.1:9", interval_minutes=0
    )
    with mock.patch.object(tasks, "queue_run") as queue:
        queued = tasks.dispatch_due_task()
    assert [SyncRun.objects.get(pk=pk).connector for pk in queued] == [conn]
    assert queue.call_count == 1
    assert later.is_due(timezone.now() + datetime.timedelta(minutes=61)) and not manual.is_due()
