"""Which runs a sync reads (docs/mlflow.md): a model whose listing matches the last import and whose runs had
ended is not read again, except by a sync that reads every run (at least one a day, or --all-runs)."""

from __future__ import annotations

import datetime

import pytest

from governance.inventory.models import ModelVersion
from governance.mlflow_sync import services
from governance.mlflow_sync.models import ImportedVersion, MlflowConnector, SyncRun

from .fake import FakeRegistry

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(team, contributor):
    fake = FakeRegistry(page_size=1000)
    tags = {"team": team.slug, "owner": contributor.username}
    fake.add_model("fraud", tags=tags)
    fake.add_version("fraud", 1, run_id="r1", metrics={"auc": 0.9})
    fake.add_model("churn", tags=tags)
    fake.add_version("churn", 1, run_id="c1", metrics={"auc": 0.7}, status="RUNNING")
    return fake


@pytest.fixture
def conn(db):
    return MlflowConnector.objects.create(name="Lab", tracking_uri="http://127.0.0.1:9")


def sync(conn, registry, **kwargs) -> SyncRun:
    registry.calls.clear()
    return services.sync_now(
        actor=None, connector=conn, trigger=SyncRun.Trigger.COMMAND, client=registry, **kwargs
    )


def metrics(name: str) -> dict:
    return ModelVersion.objects.get(model__name=name, label="1").validation_metrics


def test_an_ended_run_under_an_unchanged_listing_is_not_read_again(conn, registry):
    first = sync(conn, registry)
    assert first.all_runs_read and first.created == 4
    registry.runs["r1"]["metrics"]["auc"] = 0.95  # logged to a finished run, nothing else changed
    registry.runs["c1"]["metrics"]["auc"] = 0.75  # its run still running: read at every sync
    again = sync(conn, registry)
    assert again.status == SyncRun.Status.SUCCEEDED, again.error
    assert not again.all_runs_read
    assert any("Runs of 1 versions not read again" in n for n in again.notes)
    assert metrics("fraud") == {"auc": 0.9} and metrics("churn") == {"auc": 0.75}
    assert again.unchanged == 2 and again.updated == 2  # churn and its version
    full = sync(conn, registry, all_runs=True)
    assert full.all_runs_read and metrics("fraud") == {"auc": 0.95}


def test_a_listing_change_reads_the_models_runs(conn, registry):
    sync(conn, registry)
    registry.runs["r1"]["metrics"]["auc"] = 0.95
    registry.models["fraud"]["versions"]["1"]["tags"]["data"] = "2026-q4"
    run = sync(conn, registry)
    assert metrics("fraud") == {"auc": 0.95}
    assert run.updated == 2  # fraud and its version


def test_every_run_is_read_again_once_a_day(conn, registry):
    sync(conn, registry)
    registry.runs["r1"]["metrics"]["auc"] = 0.95
    sync(conn, registry)
    assert metrics("fraud") == {"auc": 0.9}
    SyncRun.objects.update(started_at=datetime.datetime.now(tz=datetime.UTC) - services.RUNS_REREAD_EVERY)
    late = sync(conn, registry)
    assert late.all_runs_read and metrics("fraud") == {"auc": 0.95}


def test_nothing_changed_upstream_reads_no_run_at_all(conn, registry):
    registry.runs["c1"]["status"] = "FINISHED"
    sync(conn, registry)
    sync(conn, registry)
    assert "search_runs" not in registry.calls and "search_experiments" not in registry.calls


def test_imports_from_before_the_bookkeeping_get_it_without_a_change(conn, registry):
    registry.runs["c1"]["status"] = "FINISHED"
    sync(conn, registry)
    for row in ImportedVersion.objects.all():
        row.imported = {k: v for k, v in row.imported.items() if k not in ("listing", "settled")}
        row.save()
    catching_up = sync(conn, registry)
    assert "search_runs" in registry.calls and catching_up.unchanged == 4 and catching_up.updated == 0
    assert all(set(r.imported) >= {"listing", "settled"} for r in ImportedVersion.objects.all())
    sync(conn, registry)
    assert "search_runs" not in registry.calls
