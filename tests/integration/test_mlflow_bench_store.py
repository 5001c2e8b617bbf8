"""The bench store written straight into SQLite is one MLflow's own server and client read as their own:
counts, tag filters, versions with their runs, aliases, metrics and params."""

from __future__ import annotations

import shutil

import pytest
from mlflow.tracking import MlflowClient

from governance.mlflow_sync.bench_store import populated_store
from tests.mlflow_server import MlflowServer, mlflow_executable

pytestmark = [pytest.mark.integration]


@pytest.fixture
def served(tmp_path):
    store = populated_store(models=30, versions_per_model=3, with_runs=True)
    again = populated_store(models=30, versions_per_model=3, with_runs=True)
    assert again == store  # cached: the second call reuses the file
    server = MlflowServer(tmp_path / "mlflow")
    server.workdir.mkdir(parents=True)
    shutil.copyfile(store, server.workdir / "mlflow.db")
    server.start(mlflow_executable())
    yield MlflowClient(tracking_uri=server.uri, registry_uri=server.uri)
    server.stop()


def all_models(client: MlflowClient, filter_string: str = "") -> list:
    found, token = [], None
    while True:
        page = client.search_registered_models(filter_string, max_results=7, page_token=token)
        found += page
        token = page.token
        if not token:
            return found


def test_mlflow_reads_the_bench_store(served):
    client = served
    models = all_models(client)
    assert len(models) == 30
    assert len({m.name for m in models}) == 30
    team = all_models(client, "tags.team = 'scale-team-01'")
    assert {m.name for m in team} == {"bench-model-00000"}  # 30 models over 50 teams: one each
    assert team[0].tags["owner"] == "scale-user-00001"

    model = client.get_registered_model("bench-model-00007")
    assert model.aliases == {"v1": "1", "v2": "2", "v3": "3", "champion": "3"}
    version = client.get_model_version("bench-model-00007", "2")
    assert version.status == "READY"
    assert version.tags == {"data": "2026-q3"}
    assert client.get_model_version_by_alias("bench-model-00007", "champion").version == "3"

    run = client.get_run(version.run_id)
    assert run.data.metrics["auc"] == pytest.approx(0.7)
    assert run.data.params == {"depth": "5", "lr": "0.1"}
    experiment = client.get_experiment_by_name("bench")
    runs = client.search_runs([experiment.experiment_id], "metrics.auc > 0.75", max_results=1000)
    assert len(runs) == 30  # version 3 of each model: auc 0.8
    assert len(client.search_model_versions("name = 'bench-model-00007'")) == 3
