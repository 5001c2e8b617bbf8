"""Reading a tracking server's registry through MLflow's own client (mlflow-skinny), as plain values.

The whole listing is read before anything is written: a server that fails half-way leaves nothing
half-imported. Runs are fetched in batches of run ids (`search_runs`), never one call per version, and only
for the models the caller does not call settled (docs/mlflow.md, "Which runs a sync reads"). The model and
version listings run side by side, and so do the run batches (the server answers with several workers).
Credentials come from the environment variables the connector names, set for the client only while it
talks to the server (MLflow's client reads MLFLOW_TRACKING_* from the environment).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

MODELS_PAGE = 1000  # MLflow's most for search_registered_models
VERSIONS_PAGE = 5_000  # fewer round trips than 1,000 (MLflow allows up to 200,000), each well in the timeout
RUNS_BATCH = 500  # run ids per search_runs call (an IN filter; MLflow pages at 1000)
THREADS = 2  # concurrent listing requests: MLflow's server runs more than one worker
SETTLED_STATUSES = frozenset({"FINISHED", "FAILED", "KILLED"})  # a run that no longer logs
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
    run_status: str = ""  # not fingerprinted: only tells whether the run may still change

    @property
    def run_settled(self) -> bool:
        """Nothing more to read from the run: none, deleted, or ended."""
        return not self.run_id or self.run_missing or self.run_status in SETTLED_STATUSES


@dataclass
class UpstreamModel:
    name: str
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> version
    versions: list[UpstreamVersion] = field(default_factory=list)
    # The listing matches the last import and its runs had ended: runs not read, the model is unchanged.
    settled: bool = False


@dataclass
class Listing:
    models: list[UpstreamModel]
    seconds: float = 0.0  # time spent waiting on the server
    runs_read: int = 0
    runs_skipped: int = 0  # versions of settled models, whose runs were not read


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
        raise UpstreamError(
            _("Environment variable %(names)s is not set on this server.") % {"names": ", ".join(missing)}
        )
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
    """Fail soon on a dead server (MLflow retries for minutes by default), yet give a loaded server time for
    a page of thousands of versions."""
    keys = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1", "MLFLOW_HTTP_REQUEST_TIMEOUT": "60"}
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


def read_registry(
    connector: Any,
    *,
    client: Any | None = None,
    settled: Callable[[list[UpstreamModel]], set[str]] | None = None,
) -> Listing:
    """Every registered model with its versions, tags, aliases and runs' metrics and parameters.

    `settled` names the models whose runs need not be read (it reads the database, not the server; its
    time is not counted as waiting on MLflow)."""
    started = time.perf_counter()
    own = 0.0
    try:
        with credentials(connector), _timeouts():
            client = client or client_for(connector)
            with ThreadPoolExecutor(max_workers=THREADS) as pool:
                models_job = pool.submit(_models, client)
                versions_job = pool.submit(_versions, client)
                models = models_job.result()
                _attach_versions(models, versions_job.result())
            if settled is not None:
                mark = time.perf_counter()
                quiet = settled(models)
                own = time.perf_counter() - mark
                for model in models:
                    model.settled = model.name in quiet
            wanted = [v for m in models if not m.settled for v in m.versions if v.run_id]
            _attach_runs(client, wanted)
    except UpstreamError:
        raise
    except Exception as exc:  # the client raises MlflowException, requests' errors, OSError...
        raise UpstreamError(_describe(exc)) from exc
    skipped = sum(len(m.versions) for m in models if m.settled)
    return Listing(
        models=models,
        seconds=time.perf_counter() - started - own,
        runs_read=len({v.run_id for v in wanted}),
        runs_skipped=skipped,
    )


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


def _versions(client: Any) -> list[tuple[str, UpstreamVersion]]:
    found, token = [], None
    while True:
        page = client.search_model_versions(max_results=VERSIONS_PAGE, page_token=token)
        for mv in page:
            version = UpstreamVersion(
                version=str(mv.version),
                description=mv.description or "",
                source=mv.source or "",
                run_id=mv.run_id or "",
                tags=dict(mv.tags or {}),
                created_ms=mv.creation_timestamp,
            )
            found.append((mv.name, version))
        token = page.token
        if not token:
            return found


def _attach_versions(models: list[UpstreamModel], versions: list[tuple[str, UpstreamVersion]]) -> None:
    by_name = {m.name: m for m in models}
    for name, version in versions:
        model = by_name.get(name)
        if model is None:  # registered after the model listing: the next sync takes it
            continue
        model.versions.append(version)
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
    batches = [run_ids[start : start + RUNS_BATCH] for start in range(0, len(run_ids), RUNS_BATCH)]
    found: dict[str, Any] = {}
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for runs in pool.map(lambda batch: _runs(client, experiment_ids, batch), batches):
            found.update(runs)
    for version in versions:
        run = found.get(version.run_id)
        if run is None:
            version.run_missing = True
            continue
        version.metrics = {k: float(v) for k, v in (run.data.metrics or {}).items()}
        version.params = {k: str(v) for k, v in (run.data.params or {}).items()}
        version.run_status = str(getattr(run.info, "status", "") or "")


def _runs(client: Any, experiment_ids: list[str], batch: list[str]) -> dict[str, Any]:
    quoted = ", ".join("'" + r.replace("'", "") + "'" for r in batch)
    found, token = {}, None
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
            return found


def _experiment_ids(client: Any) -> list[str]:
    ids, token = [], None
    while True:
        page = client.search_experiments(max_results=1000, page_token=token)
        ids += [e.experiment_id for e in page]
        token = page.token
        if not token:
            return ids
