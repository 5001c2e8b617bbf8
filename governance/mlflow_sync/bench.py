"""The MLflow sync bench: a local `mlflow server` (from bin/mlflow-venv, two workers) serving a copy of a
populated store of N registered models x 3 versions with their runs (bench_store.populated_store: written
straight into MLflow's SQLite schema in seconds, cached under var/bench/), then a first sync, an unchanged
re-sync, and an unchanged re-sync that reads every run (as the daily one does), with the share of time spent
waiting on MLflow and the SQL queries per batch.

The store's models carry `team` tags `scale-team-01`.. and `owner` tags `scale-user-00001`..: the bench
makes those teams and users (each user a maintainer of the team its models name), so every model maps.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from governance.teams.models import Membership, Team

from . import bench_store, services
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


def start_server(workdir: Path, store: Path, *, workers: int = 2) -> tuple[subprocess.Popen, str]:
    exe = str(bench_store.mlflow_executable())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uri = f"http://127.0.0.1:{port}"
    command = [exe, "server", "--backend-store-uri", f"sqlite:///{store}",
               "--default-artifact-root", str(workdir / "artifacts"), "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers)]  # fmt: skip
    log = (workdir / "server.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 - the venv's mlflow, fixed arguments
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{uri}/health", timeout=2):  # noqa: S310 - loopback
                return process, uri
        except OSError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError(f"mlflow server did not start; see {workdir / 'server.log'}")


def warm_up(uri: str, *, workers: int = 2) -> float:
    """One small call of each kind per server worker before timing: a fresh server opens its store on
    the first request of each worker (tens of seconds on a 10,000-model SQLite file), no part of a sync."""
    from concurrent.futures import ThreadPoolExecutor

    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri, registry_uri=uri)

    def calls(_: int) -> None:
        client.search_registered_models(max_results=1)
        client.search_model_versions(max_results=1)
        client.search_experiments(max_results=1)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(calls, range(workers * 2)))
    return time.perf_counter() - started


def people() -> None:
    """The teams and owners the bench store's tags name, each owner a maintainer of the team of its models."""
    User = get_user_model()
    teams = {}
    for t in range(1, bench_store.TEAMS + 1):
        slug = f"scale-team-{t:02d}"
        teams[t], _ = Team.objects.get_or_create(slug=slug, defaults={"name": f"Scale team {t:02d}"})
    users = {u.username: u for u in User.objects.filter(username__startswith="scale-user-")}
    missing = [f"scale-user-{k:05d}" for k in range(1, bench_store.USERS + 1)]
    User.objects.bulk_create([User(username=n) for n in missing if n not in users])
    users = {u.username: u for u in User.objects.filter(username__in=missing)}
    # Model i names owner i % USERS + 1, team i % TEAMS + 1: owner k's models are of team (k-1) % TEAMS + 1.
    Membership.objects.bulk_create(
        [
            Membership(
                user=users[f"scale-user-{k:05d}"],
                team=teams[(k - 1) % bench_store.TEAMS + 1],
                role=Membership.Role.MAINTAINER,
            )
            for k in range(1, bench_store.USERS + 1)
        ],
        ignore_conflicts=True,
    )
    Membership.objects.filter(
        user__username__startswith="scale-user-", team__slug__startswith="scale-team-"
    ).update(role=Membership.Role.MAINTAINER)


def measure(connector: MlflowConnector, label: str, *, all_runs: bool = False) -> Figure:
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(counting):
        run = services.sync_now(
            actor=None, connector=connector, trigger=SyncRun.Trigger.COMMAND, all_runs=all_runs
        )
    return Figure(label, time.perf_counter() - started, run.mlflow_seconds, count[0], run)


def run_bench(*, models: int, uri: str | None = None) -> Iterator[str]:
    """Yields each figure as soon as it is measured."""
    from governance.inventory.models import MLModel

    if uri is None and MLModel.objects.filter(name__startswith="bench-model-").exists():
        raise RuntimeError("The bench store's models are already imported here: run it on a fresh database.")
    people()
    process = None
    with tempfile.TemporaryDirectory(prefix="bench-mlflow-") as tmp:
        try:
            if uri is None:
                started = time.perf_counter()
                cached = bench_store.populated_store(models=models, versions_per_model=3, with_runs=True)
                store = Path(tmp) / "mlflow.db"
                shutil.copyfile(cached, store)  # the server writes; the cached file stays as built
                process, uri = start_server(Path(tmp), store)
                yield (
                    f"store of {models} registered models x 3 versions with runs ready and served in "
                    f"{time.perf_counter() - started:.1f} s ({cached.name}); server warmed up in "
                    f"{warm_up(uri):.1f} s"
                )
            connector = MlflowConnector.objects.create(
                name=f"bench {time.time():.0f}", tracking_uri=uri, interval_minutes=0
            )
            batches = max(1, -(-models // services.BATCH_SIZE))
            for label, all_runs in (
                ("first sync", False),
                ("unchanged re-sync", False),
                ("unchanged re-sync reading every run", True),
            ):
                figure = measure(connector, label, all_runs=all_runs)
                yield figure.line()
                yield (
                    f"  {figure.queries / batches:.1f} queries per batch of {services.BATCH_SIZE} models "
                    f"({batches} batches)"
                )
        finally:
            if process is not None:
                stop_server(process)


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:  # a loaded machine: uvicorn's workers may not stop in time
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
