"""A populated MLflow SQLite store for benchmarks, built in seconds and cached under var/bench/.

Loading 10,000 models through MLflow's REST API takes tens of minutes, so the rows are written straight into
the SQLite file instead: MLflow's own `mlflow db upgrade` (from the server venv, bin/mlflow-venv) creates the
schema once per MLflow version, then one sqlite3 transaction bulk-inserts registered models (with `team`
and `owner` tags shaped like org-10k's team slugs and usernames, so MLflow's tag filter matches the product's
team filter), versions (with tags), aliases and, `with_runs`, one run a version with metrics, latest metrics
and params. Column lists are read from the created schema, so a column MLflow adds with a default is left to
its default and a new required column fails loudly instead of writing a store MLflow cannot read.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

TEAMS = 50  # org-10k's team count: `scale-team-01` .. `scale-team-50`
USERS = 500  # and its users, `scale-user-00001` ..
METRICS = ("auc", "f1", "accuracy")
WORKSPACE = "default"


def mlflow_executable() -> Path:
    """The server venv's `mlflow`, created on first use by the repository's bin/mlflow-venv."""
    script = Path(settings.BASE_DIR) / "bin" / "mlflow-venv"
    done = subprocess.run(["/bin/bash", str(script)], capture_output=True, text=True, check=True)  # noqa: S603
    return Path(done.stdout.split()[-1])


def mlflow_version(executable: Path) -> str:
    """Read from the venv's installed metadata (no import of mlflow, which takes seconds)."""
    venv = executable.parent.parent
    for meta in sorted(venv.glob("lib/python*/site-packages/mlflow-*.dist-info")):
        return meta.name.removeprefix("mlflow-").removesuffix(".dist-info")
    raise RuntimeError(f"no mlflow installed in {venv}")


def cache_dir() -> Path:
    path = Path(settings.VAR_DIR) / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def schema_store(executable: Path, version: str) -> Path:
    """An empty store with MLflow's schema, made by MLflow's own migrations once per version."""
    path = cache_dir() / f"mlflow-{version}-schema.db"
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.unlink(missing_ok=True)
        subprocess.run(  # noqa: S603 - the venv's mlflow, fixed arguments
            [str(executable), "db", "upgrade", f"sqlite:///{partial}"], capture_output=True, check=True
        )
        partial.replace(path)
    return path


def populated_store(*, models: int, versions_per_model: int, with_runs: bool) -> Path:
    """A SQLite file MLflow's server opens as `--backend-store-uri sqlite:///<path>`; reused when present.

    Models are `bench-model-00000` ..; version v of every model has alias `v{v}`, the latest also `champion`.
    Treat the file as read-only, or copy it first: the next caller gets the same file.
    """
    if models < 0 or versions_per_model < 0:
        raise ValueError("models and versions_per_model cannot be negative")
    executable = mlflow_executable()
    version = mlflow_version(executable)
    runs = "runs" if with_runs else "noruns"
    path = cache_dir() / f"mlflow-{version}-{models}x{versions_per_model}-{runs}.db"
    if path.exists():
        return path
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(schema_store(executable, version).read_bytes())
    with sqlite3.connect(partial) as db:
        _Loader(db).load(models=models, versions_per_model=versions_per_model, with_runs=with_runs)
    db.close()
    partial.replace(path)
    return path


class _Loader:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.now = int(time.time() * 1000)

    def columns(self, table: str) -> dict[str, tuple[bool, bool]]:
        """{column: (required, has_default)} from the created schema."""
        info = self.db.execute(f'PRAGMA table_info("{table}")').fetchall()
        if not info:
            raise RuntimeError(f"MLflow's schema has no table {table!r}")
        return {row[1]: (bool(row[3]), row[4] is not None) for row in info}

    def insert(self, table: str, rows: Iterable[dict]) -> None:
        """executemany over the columns both the rows and the schema have; a required column we do not fill
        (a schema change) is an error."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        schema = self.columns(table)
        unknown = sorted(set(first) - set(schema))
        if unknown:
            raise RuntimeError(f"MLflow's {table} has no column(s) {unknown}")
        missing = sorted(c for c, (req, dflt) in schema.items() if req and not dflt and c not in first)
        if missing:
            raise RuntimeError(f"MLflow's {table} needs column(s) {missing} the bench store does not fill")
        names = list(first)
        sql = (
            f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '  # noqa: S608
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        self.db.executemany(sql, ([r[n] for n in names] for r in (first, *rows)))

    def load(self, *, models: int, versions_per_model: int, with_runs: bool) -> None:
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        names = [f"bench-model-{i:05d}" for i in range(models)]
        stamp = self.now
        self.insert("registered_models", (
            {"name": n, "creation_time": stamp + i, "last_updated_time": stamp + i,
             "description": f"Benchmark model {i}", "workspace": WORKSPACE}
            for i, n in enumerate(names)
        ))  # fmt: skip
        self.insert("registered_model_tags", (
            {"key": key, "value": value, "name": n, "workspace": WORKSPACE}
            for i, n in enumerate(names)
            for key, value in (("team", f"scale-team-{i % TEAMS + 1:02d}"),
                               ("owner", f"scale-user-{i % USERS + 1:05d}"), ("domain", "bench"))
        ))  # fmt: skip
        run_ids = {(n, v): uuid.uuid4().hex for n in names for v in range(1, versions_per_model + 1)}
        if with_runs:
            self._runs(run_ids)
        self.insert("model_versions", (
            {"name": n, "version": v, "creation_time": stamp + v, "last_updated_time": stamp + v,
             "description": "", "user_id": "bench", "current_stage": "None",
             "source": f"mlflow-artifacts:/1/{run_ids[n, v]}/artifacts/model" if with_runs else f"s3://bench/{n}/{v}",
             "run_id": run_ids[n, v] if with_runs else None, "status": "READY", "status_message": None,
             "run_link": None, "storage_location": None, "workspace": WORKSPACE}
            for n in names for v in range(1, versions_per_model + 1)
        ))  # fmt: skip
        self.insert("model_version_tags", (
            {"key": "data", "value": f"2026-q{v % 4 + 1}", "name": n, "version": v, "workspace": WORKSPACE}
            for n in names for v in range(1, versions_per_model + 1)
        ))  # fmt: skip
        self.insert("registered_model_aliases", (
            {"alias": alias, "version": v, "name": n, "workspace": WORKSPACE}
            for n in names for v in range(1, versions_per_model + 1)
            for alias in ((f"v{v}", "champion") if v == versions_per_model else (f"v{v}",))
        ))  # fmt: skip

    def _runs(self, run_ids: dict[tuple[str, int], str]) -> None:
        stamp = self.now
        self.insert("experiments", (
            {"experiment_id": eid, "name": name, "artifact_location": f"mlflow-artifacts:/{eid}",
             "lifecycle_stage": "active", "creation_time": stamp, "last_update_time": stamp,
             "workspace": WORKSPACE}
            for eid, name in ((0, "Default"), (1, "bench"))
        ))  # fmt: skip
        self.insert("runs", (
            {"run_uuid": rid, "name": f"{n}-v{v}", "source_type": "LOCAL", "source_name": "bench",
             "entry_point_name": "", "user_id": "bench", "status": "FINISHED", "start_time": stamp,
             "end_time": stamp + 1000, "source_version": "", "lifecycle_stage": "active",
             "artifact_uri": f"mlflow-artifacts:/1/{rid}/artifacts", "experiment_id": 1}
            for (n, v), rid in run_ids.items()
        ))  # fmt: skip
        metric_rows = [
            {"key": key, "value": 0.5 + v / 10 + k / 100, "timestamp": stamp, "step": 0, "is_nan": 0,
             "run_uuid": rid}
            for (_, v), rid in run_ids.items() for k, key in enumerate(METRICS)
        ]  # fmt: skip
        self.insert("metrics", metric_rows)
        self.insert("latest_metrics", metric_rows)
        self.insert("params", (
            {"key": key, "value": value, "run_uuid": rid}
            for (_, v), rid in run_ids.items() for key, value in (("depth", str(v + 3)), ("lr", "0.1"))
        ))  # fmt: skip
        self.insert("tags", (
            {"key": "mlflow.runName", "value": f"{n}-v{v}", "run_uuid": rid}
            for (n, v), rid in run_ids.items()
        ))  # fmt: skip
