"""Reading a tracking server's registry through MLflow's own client (mlflow-skinny), as plain values.

The whole listing is read before anything is written: a server that fails half-way leaves nothing
half-imported. Runs are fetched in batches of run ids (`search_runs`), never one call per version.
Credentials come from the environment variables the connector names, set for the client only while it
talks to the server (MLflow's client reads MLFLOW_TRACKING_* from the environment).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MODELS_PAGE = 1000
VERSIONS_PAGE = 1000
RUNS_BATCH = 500  # run ids per search_runs call (an IN filter; MLflow pages at 1000)
_ENV_LOCK = threading.Lock()


class UpstreamError(Exception):
    """The server could not be read: unreachable, refused the credentials, or answered nonsense."""


@dataclass
class UpstreamVersion:
    version: str
    description: str = ""
    source: str = ""
    run_id: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    created_ms: int | None = None
    # Filled from the run, when it still exists.
    metrics: dict[str, float] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    run_missing: bool = False


@dataclass
class UpstreamModel:
    name: str
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> version
    versions: list[UpstreamVersion] = field(default_factory=list)


@dataclass
class Listing:
    models: list[UpstreamModel]
    seconds: float = 0.0  # time spent waiting on the server


@contextlib.contextmanager
def credentials(connector: Any) -> Iterator[None]:
    """MLFLOW_TRACKING_USERNAME/PASSWORD/TOKEN from the named variables, for this block only."""
    wanted = {
        "MLFLOW_TRACKING_USERNAME": connector.username_env,
        "MLFLOW_TRACKING_PASSWORD": connector.password_env,
        "MLFLOW_TRACKING_TOKEN": connector.token_env,
    }
    missing = [name for name in wanted.values() if name and name not in os.environ]
    if missing:
        raise UpstreamError(f"Environment variable {', '.join(missing)} is not set on this server.")
    with _ENV_LOCK:
        saved = {key: os.environ.get(key) for key in wanted}
        try:
            for key, name in wanted.items():
                if name:
                    os.environ[key] = os.environ[name]
                else:
                    os.environ.pop(key, None)
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def client_for(connector: Any) -> Any:
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=connector.tracking_uri, registry_uri=connector.tracking_uri)


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "401" in text or "403" in text or "Unauthorized" in text or "PERMISSION_DENIED" in text:
        return f"The server refused the credentials: {text[:300]}"
    return f"Could not read the MLflow server: {text[:300]}"


def _timeouts() -> contextlib.AbstractContextManager:
    """Fail fast on a dead server: MLflow retries for minutes by default."""
    keys = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1", "MLFLOW_HTTP_REQUEST_TIMEOUT": "20"}
    return _env(keys)


@contextlib.contextmanager
def _env(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update({k: v for k, v in values.items() if os.environ.get(k) is None})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)


def read_registry(connector: Any, *, client: Any | None = None) -> Listing:
    """Every registered model with its versions, tags, aliases and runs' metrics and parameters."""
    started = time.perf_counter()
    try:
        with credentials(connector), _timeouts():
            client = client or client_for(connector)
            models = _models(client)
            _attach_versions(client, models)
            _attach_runs(client, [v for m in models for v in m.versions if v.run_id])
    except UpstreamError:
        raise
    except Exception as exc:  # the client raises MlflowException, requests' errors, OSError...
        raise UpstreamError(_describe(exc)) from exc
    return Listing(models=models, seconds=time.perf_counter() - started)


def _models(client: Any) -> list[UpstreamModel]:
    models, token = [], None
    while True:
        page = client.search_registered_models(max_results=MODELS_PAGE, page_token=token)
        for rm in page:
            aliases = rm.aliases or {}
            models.append(
                UpstreamModel(
                    name=rm.name,
                    description=rm.description or "",
                    tags=dict(rm.tags or {}),
                    aliases={str(k): str(v) for k, v in dict(aliases).items()},
                )
            )
        token = page.token
        if not token:
            return models


def _attach_versions(client: Any, models: list[UpstreamModel]) -> None:
    by_name = {m.name: m for m in models}
    token = None
    while True:
        page = client.search_model_versions(max_results=VERSIONS_PAGE, page_token=token)
        for mv in page:
            model = by_name.get(mv.name)
            if model is None:  # registered after the model listing: the next sync takes it
                continue
            model.versions.append(
                UpstreamVersion(
                    version=str(mv.version),
                    description=mv.description or "",
                    source=mv.source or "",
                    run_id=mv.run_id or "",
                    tags=dict(mv.tags or {}),
                    created_ms=mv.creation_timestamp,
                )
            )
        token = page.token
        if not token:
            break
    for model in models:
        model.versions.sort(key=lambda v: int(v.version) if v.version.isdigit() else 0)


def _attach_runs(client: Any, versions: list[UpstreamVersion]) -> None:
    """Runs by id in batches; a run that is deleted (or purged) is marked missing, its figures empty."""
    if not versions:
        return
    experiment_ids = _experiment_ids(client)
    if not experiment_ids:  # no experiment left: every run is gone
        for version in versions:
            version.run_missing = True
        return
    run_ids = sorted({v.run_id for v in versions})
    found: dict[str, Any] = {}
    for start in range(0, len(run_ids), RUNS_BATCH):
        batch = run_ids[start : start + RUNS_BATCH]
        quoted = ", ".join("'" + r.replace("'", "") + "'" for r in batch)
        token = None
        while True:
            page = client.search_runs(
                experiment_ids=experiment_ids,
                filter_string=f"attributes.run_id IN ({quoted})",
                max_results=len(batch),
                page_token=token,
            )
            for run in page:
                found[run.info.run_id] = run
            token = page.token
            if not token:
                break
    for version in versions:
        run = found.get(version.run_id)
        if run is None:
            version.run_missing = True
            continue
        version.metrics = {k: float(v) for k, v in (run.data.metrics or {}).items()}
        version.params = {k: str(v) for k, v in (run.data.params or {}).items()}


def _experiment_ids(client: Any) -> list[str]:
    ids, token = [], None
    while True:
        page = client.search_experiments(max_results=1000, page_token=token)
        ids += [e.experiment_id for e in page]
        token = page.token
        if not token:
            return ids
