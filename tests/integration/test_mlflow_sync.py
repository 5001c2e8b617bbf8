"""Against a real `mlflow server` (its own venv, SQLite store) and through the real Celery worker: the
inventory follows MLflow's registry, a second sync changes nothing, local edits are never clobbered, the
verdict is written back, and a dead or refusing server fails the sync with nothing written."""

from __future__ import annotations

import pytest
from mlflow.tracking import MlflowClient

from governance.inventory.models import (
    Evaluation,
    MLModel,
    ModelTag,
    ModelVersion,
    VersionAlias,
    VersionTag,
)
from governance.mlflow_sync import services
from governance.mlflow_sync.models import ImportedModel, MlflowConnector, SyncConflict, SyncRun
from governance.mlflow_sync.tasks import sync_run_task
from tests.factories import MLModelFactory
from tests.mlflow_server import MlflowServer, free_port, mlflow_executable

pytestmark = [pytest.mark.integration]
SYNC_TIMEOUT = 90.0


@pytest.fixture(scope="module")
def mlflow_exe():
    return mlflow_executable()


@pytest.fixture
def mlflow(mlflow_exe, tmp_path):
    server = MlflowServer(tmp_path / "mlflow")
    server.start(mlflow_exe)
    yield server
    server.stop()


def history_count() -> int:
    return sum(
        m.history.count() for m in (MLModel, ModelVersion, ModelTag, VersionTag, VersionAlias, Evaluation)
    )


def seed(client: MlflowClient) -> dict:
    experiment = client.create_experiment("credit")
    runs = {}
    for name, auc in (("a", 0.91), ("b", 0.93)):
        run = client.create_run(experiment)
        client.log_metric(run.info.run_id, "auc", auc)
        client.log_metric(run.info.run_id, "f1", auc - 0.1)
        client.log_param(run.info.run_id, "max_depth", "6")
        client.set_terminated(run.info.run_id)
        runs[name] = run.info.run_id
    client.create_registered_model(
        "fraud-scorer", tags={"team": "credit-risk", "owner": "carl.contributor", "domain": "cards"},
        description="Scores card transactions for fraud.",
    )  # fmt: skip
    for key in ("a", "b"):
        client.create_model_version(
            "fraud-scorer", source=f"s3://models/fraud/{key}", run_id=runs[key], tags={"data": "2026-q3"}
        )
    client.set_registered_model_alias("fraud-scorer", "champion", "2")
    client.create_registered_model("orphan-model", description="No team tag.")
    return runs


def connector(uri: str, **extra) -> MlflowConnector:
    return MlflowConnector.objects.create(name="Lab MLflow", tracking_uri=uri, **extra)


def sync(worker, conn: MlflowConnector) -> SyncRun:
    run = services.sync_request(actor=None, connector=conn, trigger=SyncRun.Trigger.COMMAND)
    worker.result(sync_run_task.delay(run.pk), timeout=SYNC_TIMEOUT)
    run.refresh_from_db()
    return run


def test_sync_imports_is_idempotent_follows_upstream_and_never_clobbers(worker, mlflow, team, contributor):
    client = MlflowClient(tracking_uri=mlflow.uri, registry_uri=mlflow.uri)
    runs = seed(client)
    conn = connector(mlflow.uri, write_back=True)

    first = sync(worker, conn)
    assert first.status == SyncRun.Status.SUCCEEDED, first.error
    model = MLModel.objects.get(name="fraud-scorer")
    assert (model.team, model.owner, model.purpose) == (
        team,
        contributor,
        "Scores card transactions for fraud.",
    )
    assert dict(model.tags.values_list("key", "value")) == {
        "team": "credit-risk", "owner": "carl.contributor", "domain": "cards"
    }  # fmt: skip
    versions = {v.label: v for v in model.versions.all()}
    assert set(versions) == {"1", "2"}
    assert versions["1"].code_reference == f"MLflow run {runs['a']}"
    assert versions["1"].artifact_uri == "s3://models/fraud/1".replace("/1", "/a")
    assert versions["2"].hyperparameters == {"max_depth": "6"}
    assert versions["2"].validation_metrics == {"auc": 0.93, "f1": pytest.approx(0.83)}
    assert dict(versions["1"].tags.values_list("key", "value")) == {"data": "2026-q3"}
    assert VersionAlias.objects.get(model=model, name="champion").version == versions["2"]
    evaluation = Evaluation.objects.get(version=versions["1"], metric_name="auc")
    assert evaluation.quality == 0.91 and evaluation.origin_detail == f"from MLflow run {runs['a']}"
    assert model.history.first().history_user.username == services.SYSTEM_USERNAME
    assert first.unmapped == 1 and first.unmapped_records.get().mlflow_name == "orphan-model"
    assert first.created == 3  # the model and its two versions
    # Write-back: governance's verdict is on the MLflow versions.
    upstream = client.get_model_version("fraud-scorer", "1").tags
    assert upstream["governance.gate"] == "not promoted"
    assert upstream["governance.out_of_policy"] == "false"
    assert upstream["governance.checks"] == "unchecked"
    assert first.written_back == 6

    # A second sync with nothing changed upstream changes nothing here.
    before = history_count()
    second = sync(worker, conn)
    assert second.status == SyncRun.Status.SUCCEEDED, second.error
    assert (second.created, second.updated, second.conflicts, second.written_back) == (0, 0, 0, 0)
    assert second.unchanged == 3
    assert history_count() == before

    # An upstream tag change flows in; a local edit is never clobbered.
    client.set_registered_model_tag("fraud-scorer", "domain", "cards-eu")
    client.update_registered_model("fraud-scorer", description="Now also scores wire transfers.")
    client.set_model_version_tag("fraud-scorer", "1", "data", "2026-q4")
    tag = model.tags.get(key="owner")
    tag.value = "someone.else"
    tag.save()
    client.set_registered_model_tag("fraud-scorer", "owner", "carl.contributor2")
    third = sync(worker, conn)
    assert third.status == SyncRun.Status.SUCCEEDED, third.error
    assert model.tags.get(key="domain").value == "cards-eu"
    assert versions["1"].tags.get(key="data").value == "2026-q4"
    model.refresh_from_db()
    assert model.purpose == "Scores card transactions for fraud."  # a governance field: never written
    assert model.tags.get(key="owner").value == "someone.else"
    fields = set(third.conflict_records.values_list("field", flat=True))
    assert {"purpose", "tag owner", "owner"} <= fields
    assert ImportedModel.objects.filter(connector=conn).count() == 1


def test_environment_alias_moved_upstream_is_a_conflict_and_out_of_policy(worker, mlflow, team, contributor):
    client = MlflowClient(tracking_uri=mlflow.uri, registry_uri=mlflow.uri)
    seed(client)
    client.set_registered_model_alias("fraud-scorer", "production", "1")
    conn = connector(mlflow.uri)
    run = sync(worker, conn)
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    conflict = run.conflict_records.get(kind=SyncConflict.Kind.ENVIRONMENT_ALIAS)
    assert conflict.out_of_policy and conflict.upstream_value == "1"
    assert not VersionAlias.objects.filter(name="production").exists()


def test_name_collision_and_deleted_run_are_recorded(worker, mlflow, team, other_team, contributor, outsider):
    client = MlflowClient(tracking_uri=mlflow.uri, registry_uri=mlflow.uri)
    runs = seed(client)
    theirs = MLModelFactory(team=other_team, owner=outsider, name="fraud-scorer")
    client.delete_run(runs["a"])
    client.create_registered_model("churn", tags={"team": "credit-risk", "owner": "carl.contributor"})
    client.create_model_version("churn", source="s3://models/churn/1", run_id=runs["a"])
    client.set_registered_model_tag("churn", "ns:odd/key name", "ok")
    client.set_registered_model_tag("churn", "note", "bell\x07inside")
    client.set_registered_model_tag("churn", "long", "v" * 900)
    run = sync(worker, connector(mlflow.uri))
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    collision = run.conflict_records.get(kind=SyncConflict.Kind.NAME_COLLISION)
    assert collision.mlflow_name == "fraud-scorer" and "Fraud" in collision.detail
    theirs.refresh_from_db()
    assert theirs.versions.count() == 0 and not hasattr(theirs, "mlflow_import")
    deleted = run.conflict_records.get(kind=SyncConflict.Kind.DELETED_RUN)
    assert deleted.mlflow_name == "churn" and deleted.upstream_value == runs["a"]
    churn = MLModel.objects.get(name="churn")
    assert churn.versions.get().validation_metrics == {}
    assert len(churn.tags.get(key="long").value) == 500
    assert not churn.tags.filter(key="note").exists()
    assert churn.tags.get(key="ns:odd/key name").value == "ok"
    assert any("cut to 500" in n for n in run.notes) and any("skipped" in n for n in run.notes)


def test_mlflow_down_fails_the_sync_with_the_reason_and_writes_nothing(worker, reference_data):
    conn = connector(f"http://127.0.0.1:{free_port()}")
    before = history_count()
    run = sync(worker, conn)
    assert run.status == SyncRun.Status.FAILED
    assert "Could not read the MLflow server" in run.error
    assert history_count() == before and not ImportedModel.objects.exists()


def test_missing_credentials_variable_fails_the_sync(worker, mlflow, reference_data):
    run = sync(worker, connector(mlflow.uri, token_env="NO_SUCH_MLFLOW_TOKEN_VARIABLE"))
    assert run.status == SyncRun.Status.FAILED
    assert "NO_SUCH_MLFLOW_TOKEN_VARIABLE is not set" in run.error


def test_wrong_credentials_fail_the_sync_and_right_ones_read_the_server(
    worker, mlflow_exe, tmp_path, monkeypatch, reference_data
):
    server = MlflowServer(tmp_path / "mlflow-auth", admin_password="Walk-pass-2026x")
    server.start(mlflow_exe)
    try:
        conn = connector(server.uri, username_env="LAB_MLFLOW_USER", password_env="LAB_MLFLOW_PASSWORD")
        # The worker took its environment when it started, so this test runs the same service in this process.
        monkeypatch.setenv("LAB_MLFLOW_USER", "admin")
        monkeypatch.setenv("LAB_MLFLOW_PASSWORD", "wrong-password")
        refused = services.sync_now(actor=None, connector=conn, trigger=SyncRun.Trigger.COMMAND)
        assert refused.status == SyncRun.Status.FAILED
        assert "refused the credentials" in refused.error and "wrong-password" not in refused.error
        monkeypatch.setenv("LAB_MLFLOW_PASSWORD", "Walk-pass-2026x")
        accepted = services.sync_now(actor=None, connector=conn, trigger=SyncRun.Trigger.COMMAND)
        assert accepted.status == SyncRun.Status.SUCCEEDED, accepted.error
        stored = str(list(MlflowConnector.objects.values())) + str(list(MlflowConnector.history.values()))
        assert (
            "LAB_MLFLOW_PASSWORD" in stored and "Walk-pass-2026x" not in stored
        )  # the name, never the secret
    finally:
        server.stop()
