"""The MLflow sync bench: a local `mlflow server` (from bin/mlflow-venv) loaded with N registered models of
3 versions each, then a first sync and an unchanged re-sync, with the share of time spent waiting on MLflow
and the SQL queries per batch of the re-sync.

Loading goes through MLflow's REST API (about ten calls per model), which is what limits N here: the issue's
10,000 x 3 takes MLflow itself tens of minutes to load on this machine, so the default N is smaller.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from governance.teams.models import Membership, Team

from . import services
from .models import MlflowConnector, SyncRun

ROOT = Path(settings.BASE_DIR)


@dataclass
class Figure:
    label: str
    seconds: float
    mlflow_seconds: float
    queries: int
    run: SyncRun

    def line(self) -> str:
        share = self.mlflow_seconds / self.seconds if self.seconds else 0
        r = self.run
        return (
            f"{self.label}: {self.seconds:.2f} s wall, {self.mlflow_seconds:.2f} s waiting on MLflow "
            f"({share:.0%}), {self.queries} SQL queries; created {r.created}, updated {r.updated}, "
            f"unchanged {r.unchanged}, conflicts {r.conflicts}, status {r.status} {r.error}"
        )


def start_server(workdir: Path) -> tuple[subprocess.Popen, str]:
    script = ["/bin/bash", str(ROOT / "bin" / "mlflow-venv")]  # the repository's own script
    exe = subprocess.run(script, capture_output=True, text=True, check=True).stdout.split()[-1]  # noqa: S603
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uri = f"http://127.0.0.1:{port}"
    command = [exe, "server", "--backend-store-uri", f"sqlite:///{workdir / 'mlflow.db'}",
               "--default-artifact-root", str(workdir / "artifacts"), "--host", "127.0.0.1",
               "--port", str(port), "--workers", "1"]  # fmt: skip
    log = (workdir / "server.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 - the venv's mlflow, fixed arguments
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{uri}/health", timeout=2):  # noqa: S310 - loopback
                return process, uri
        except OSError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError(f"mlflow server did not start; see {workdir / 'server.log'}")


def load(uri: str, *, models: int, team: str, owner: str, prefix: str) -> float:
    """N registered models x 3 versions, each version with its run (3 metrics, 2 parameters)."""
    from mlflow.entities import Metric, Param
    from mlflow.tracking import MlflowClient

    logging.getLogger("mlflow").setLevel(logging.WARNING)  # one "waiting for version" line per version
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    started = time.perf_counter()
    experiment = client.create_experiment("bench")
    now = int(time.time() * 1000)
    for i in range(models):
        name = f"{prefix}-{i:05d}"
        client.create_registered_model(name, tags={"team": team, "owner": owner}, description=f"Bench {i}")
        for v in range(3):
            run = client.create_run(experiment).info.run_id
            client.log_batch(
                run,
                metrics=[Metric(k, 0.5 + v / 10, now, 0) for k in ("auc", "f1", "accuracy")],
                params=[Param("depth", str(v + 3)), Param("lr", "0.1")],
            )
            client.create_model_version(name, source=f"s3://bench/{name}/{v}", run_id=run)
    return time.perf_counter() - started


def measure(connector: MlflowConnector, label: str) -> Figure:
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(counting):
        run = services.sync_now(actor=None, connector=connector, trigger=SyncRun.Trigger.COMMAND)
    return Figure(label, time.perf_counter() - started, run.mlflow_seconds, count[0], run)


def run_bench(*, models: int, uri: str | None = None) -> list[str]:
    team, _ = Team.objects.get_or_create(slug="bench-mlflow", defaults={"name": "Bench MLflow"})
    owner, _ = get_user_model().objects.get_or_create(username="bench-mlflow-owner")
    Membership.objects.get_or_create(user=owner, team=team, defaults={"role": Membership.Role.MAINTAINER})
    lines = []
    process = None
    with tempfile.TemporaryDirectory(prefix="bench-mlflow-") as tmp:
        try:
            if uri is None:
                process, uri = start_server(Path(tmp))
                prefix = f"bench-{time.time():.0f}"  # names no earlier bench run imported
                seconds = load(uri, models=models, team=team.slug, owner=owner.username, prefix=prefix)
                lines.append(f"loaded {models} registered models x 3 versions into MLflow in {seconds:.1f} s")
            connector = MlflowConnector.objects.create(
                name=f"bench {time.time():.0f}", tracking_uri=uri, interval_minutes=0
            )
            first = measure(connector, "first sync")
            again = measure(connector, "unchanged re-sync")
            batches = max(1, -(-models // services.BATCH_SIZE))
            lines += [first.line(), again.line(), f"re-sync: {again.queries / batches:.0f} queries per batch "
                      f"of {services.BATCH_SIZE} models ({batches} batches)"]  # fmt: skip
        finally:
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
    return lines
