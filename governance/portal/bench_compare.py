"""The inventory API against MLflow's registry, side by side over HTTP (`make bench-compare`, issue 24).

Two real servers on free loopback ports, each with two worker processes: this product under gunicorn on
the org-10k PostgreSQL database, and `mlflow server` (from bin/mlflow-venv) on a SQLite store holding the
same number of registered models and versions (governance/mlflow_sync/bench_store.py, cached). Requests
are interleaved (product, MLflow, product, MLflow ...) so both see the same machine load; every request
opens its own connection, as a script with `requests.get` would. The figures go to their own marked section
of docs/benchmarks.md.
"""

from __future__ import annotations

import base64
import datetime
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.utils import timezone

from governance.api.models import ApiToken
from governance.api.services import token_create
from governance.foundation.bench_docs import write_marked_section
from governance.inventory.models import MLModel, ModelVersion
from governance.mlflow_sync.bench_store import cache_dir, mlflow_executable, populated_store
from governance.teams.models import Team

SECTION = "bench_compare"
BENCH_USER = "bench-compare-admin"
STARTUP_TIMEOUT = 180.0
MLFLOW_API = "/api/2.0/mlflow"


@dataclass
class Case:
    name: str
    product: str
    mlflow: str | None
    target: float | None  # MLflow ÷ product at least this
    product_ms: list[float] = field(default_factory=list)
    mlflow_ms: list[float] = field(default_factory=list)
    product_bytes: int = 0
    mlflow_bytes: int = 0
    after_write: bool = False  # a model is updated before each product request: its caches start cold


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


class Server:
    """A child process group on a loopback port, stopped with its workers."""

    def __init__(self, name: str, command: list[str], port: int, env: dict, log: Path, health: str) -> None:
        self.name, self.command, self.port, self.env, self.log, self.health = (
            name,
            command,
            port,
            env,
            log,
            health,
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our venvs' executables, fixed arguments
            self.command, stdout=self.log.open("ab"), stderr=subprocess.STDOUT, env=self.env,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited {self.process.returncode}; see {self.log}")
            try:
                if get(self.port, self.health)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {STARTUP_TIMEOUT:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# Each timed request starts on a settled machine: on two cores, what a server still does after its answer
# (MLflow's worker keeps busy after the last byte of a large search) would otherwise land on the next request.
SETTLE = float(os.environ.get("BENCH_SETTLE_SECONDS", "0.05"))

RETRIES: dict[int, int] = {}  # port -> requests retried after a dropped connection


def timed(port: int, path: str, headers: dict | None = None) -> tuple[float, int]:
    """One timed GET; a connection the server dropped or left unanswered for a minute (a worker recycled
    under load) is retried, up to twice, and counted in the report: the retried attempt is the one timed."""
    for attempt in range(3):
        started = time.perf_counter()
        try:
            status, body = get(port, path, headers)
            break
        except OSError:  # dropped or timed out (RemoteDisconnected and TimeoutError are OSErrors)
            if attempt == 2:
                raise
            RETRIES[port] = RETRIES.get(port, 0) + 1
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"GET {path} on port {port}: HTTP {status}: {body[:300]!r}")
    return elapsed, len(body)


@contextmanager
def servers(workdir: Path, *, models: int, versions: int) -> Iterator[tuple[Server, Server]]:
    store = populated_store(models=models, versions_per_model=versions, with_runs=True)
    db = workdir / "mlflow.db"
    shutil.copyfile(store, db)  # the cached file stays untouched by the server
    mlflow = Server(
        "mlflow server",
        [str(mlflow_executable()), "server", "--backend-store-uri", f"sqlite:///{db}",
         "--default-artifact-root", str(workdir / "artifacts"), "--host", "127.0.0.1",
         "--port", str(port := free_port()), "--workers", "2"],
        port, dict(os.environ), workdir / "mlflow.log", "/health",
    )  # fmt: skip
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "false", "SECURE_SSL_REDIRECT": "false"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    product = Server(
        "gunicorn",
        [str(gunicorn), "governance.wsgi", "-c", "python:governance.gunicorn_conf", "--workers", "2",
         "--bind", f"127.0.0.1:{(gport := free_port())}",
         "--chdir", str(settings.BASE_DIR), "--access-logfile", "-", "--log-level", "warning"],
        gport, env, workdir / "gunicorn.log", "/healthz",
    )  # fmt: skip
    try:
        mlflow.start()
        product.start()
        yield product, mlflow
    finally:
        product.stop()
        mlflow.stop()
        for log in (mlflow.log, product.log):  # kept for a look after a failed run
            if log.exists():
                shutil.copyfile(log, cache_dir() / f"last-{log.name}")


def mlflow_page_token(offset: int) -> str:
    """MLflow's search page token is base64 JSON {"offset": n} (mlflow.utils.search_utils)."""
    return base64.b64encode(json.dumps({"offset": offset}).encode()).decode()


def build_cases(*, port: int, headers: dict, page: int) -> list[Case]:
    team = (
        Team.objects.filter(slug__startswith="scale-team-").order_by("slug").first() or Team.objects.first()
    )
    sample = MLModel.objects.filter(team=team).order_by("name").first()
    first = "/api/v1/models/?page_size=100"
    cases = [
        Case("list, 100 a page", first, f"{MLFLOW_API}/registered-models/search?max_results=100", 3.0),
        Case(
            "list filtered by team",
            f"/api/v1/models/?page_size=100&team={team.pk}",
            f"{MLFLOW_API}/registered-models/search?"
            + urlencode({"max_results": 100, "filter": f"tags.team = '{team.slug}'"}),
            3.0,
        ),
        Case(
            "one model",
            f"/api/v1/models/{sample.pk}/",
            f"{MLFLOW_API}/registered-models/get?name=bench-model-00042",
            2.0,
        ),
        Case(
            f"page {page} of the list (page number)",
            f"{first}&page={page}",
            f"{MLFLOW_API}/registered-models/search?"
            + urlencode({"max_results": 100, "page_token": mlflow_page_token(100 * (page - 1))}),
            None,
        ),
    ]
    cases += [
        Case(f"{case.name}, first read after a write", case.product, case.mlflow, None, after_write=True)
        for case in cases[:1] + cases[2:3]
    ]
    cursor = cursor_for_page(port=port, headers=headers, page=page)
    if cursor is not None:
        cases.append(
            Case(f"page {page} of the list (cursor)", f"{first}&{urlencode({'cursor': cursor})}", None, None)
        )
    return cases


def _round(case: Case, i: int, product: Server, mlflow: Server, headers: dict, sample: MLModel) -> None:
    # Alternate who goes first, so neither always follows the other's cache misses.
    order = [(product, case.product, case.product_ms), (mlflow, case.mlflow, case.mlflow_ms)]
    for server, path, into in order if i % 2 == 0 else reversed(order):
        if not path:
            continue
        if case.after_write and server is product:
            touch(sample)
        time.sleep(SETTLE)  # the previous request's after-work (either server's) is done
        ms, size = timed(server.port, path, headers if server is product else None)
        into.append(ms)
        if server is product:
            case.product_bytes = size
        else:
            case.mlflow_bytes = size


def touch(model: MLModel) -> None:
    """A committed write to the models table (as an edit would be): every web process's cached rows and
    counts of models are stale from here (foundation/freshness.py)."""
    MLModel.objects.filter(pk=model.pk).update(updated_at=F("updated_at"))


def cursor_for_page(*, port: int, headers: dict, page: int) -> str | None:
    """Follow `next_cursor` from the first page to the cursor of page `page`; None without cursor paging."""
    path, cursor = "/api/v1/models/?page_size=100", None
    for _ in range(page - 1):
        status, body = get(port, path, headers)
        cursor = json.loads(body).get("next_cursor") if status == 200 else None
        if not cursor:
            return None
        path = f"/api/v1/models/?{urlencode({'page_size': 100, 'cursor': cursor})}"
    return cursor


def run(*, repeats: int, warmups: int = 5, page: int = 50) -> tuple[list[Case], dict]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"is_superuser": True, "is_staff": True}
    )
    # The bench user's earlier tokens are revoked (as manage.py bench does): a user holds at most 20.
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _, key = token_create(
        user=user, name=f"bench-compare {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M}"
    )
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    models, versions = MLModel.objects.count(), ModelVersion.objects.count()
    per_model = max(1, round(versions / models)) if models else 3
    facts = {
        "models": models,
        "versions": versions,
        "mlflow_models": models,
        "mlflow_versions": per_model * models,
    }
    with (
        tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp,
        servers(Path(tmp), models=models, versions=per_model) as (product, mlflow),
    ):
        cases = build_cases(port=product.port, headers=headers, page=page)
        sample = MLModel.objects.order_by("pk").first()
        for _ in range(warmups):
            for case in cases:
                timed(product.port, case.product, headers)
                if case.mlflow:
                    timed(mlflow.port, case.mlflow)
        # The steady state first, then the first reads after a write: a write empties every web process's
        # kept rows, so the two must not be interleaved.
        for phase in ([c for c in cases if not c.after_write], [c for c in cases if c.after_write]):
            for case in phase:  # warm-ups of this phase
                timed(product.port, case.product, headers)
            for i in range(repeats):
                for case in phase:
                    _round(case, i, product, mlflow, headers, sample)
        facts["retries"] = {"product": RETRIES.get(product.port, 0), "mlflow": RETRIES.get(mlflow.port, 0)}
    return cases, facts


TIMES = "\u00d7"  # the multiplication sign, spelled out for the linter


def markdown(cases: list[Case], facts: dict, *, repeats: int) -> str:
    load = os.getloadavg()
    per_model = facts["mlflow_versions"] // max(1, facts["mlflow_models"])
    lines = [
        f"<!-- {SECTION}:start -->",
        "## Side by side with MLflow's registry over HTTP",
        "",
        "Made by `make bench-compare` (`manage.py bench_compare`). This product under gunicorn "
        f"(2 sync workers) on PostgreSQL holding org-10k ({facts['models']:,} models, "
        f"{facts['versions']:,} versions), and `mlflow server` (2 workers, SQLite) holding "
        f"{facts['mlflow_models']:,} registered models {TIMES} {per_model} versions with their runs, both on "
        f"loopback ports of this machine. {repeats} interleaved rounds after warm-ups; each request "
        "opens its own connection; times are wall-clock from send to the last byte.",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} (the cores are shared with other work)",
        "",
        "| request | product median ms | product p95 ms | MLflow median ms | MLflow p95 ms "
        "| MLflow ÷ product | target | product KiB | MLflow KiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for c in cases:
        pm, mm = median(c.product_ms), median(c.mlflow_ms)
        ratio = f"{mm / pm:.2f}" if c.mlflow_ms else "—"
        target = f"≥ {c.target:g}{TIMES}" if c.target else "—"
        mlflow = f"{mm:.1f} | {p95(c.mlflow_ms):.1f}" if c.mlflow_ms else "— | —"
        mkib = f"{c.mlflow_bytes / 1024:.1f}" if c.mlflow_ms else "—"
        lines.append(
            f"| {c.name} | {pm:.1f} | {p95(c.product_ms):.1f} | {mlflow} | {ratio} | {target} "
            f"| {c.product_bytes / 1024:.1f} | {mkib} |"
        )
    first = median(cases[0].product_ms)
    lines.append("")
    if any(c.after_write for c in cases):
        lines.append(
            '- Rows "first read after a write": a model is updated (committed) before each of the product\'s '
            "requests, so the rows and counts each web process keeps are read from the database again "
            '(docs/decisions.md, "Data safety"); the other rows are the steady state between writes.'
        )
    for c in cases:
        if c.name.startswith("page "):
            share = median(c.product_ms) / first
            lines.append(f"- {c.name}: {share:.2f}{TIMES} the first page's median (target ≤ 1.10{TIMES}).")
    for c in cases:
        spread = p95(c.product_ms) / median(c.product_ms)
        lines.append(f"- {c.name}: product p95 ÷ median {spread:.2f} (target ≤ 3).")
    retries = facts.get("retries", {})
    lines.append(
        f"- Requests retried after a dropped connection: product {retries.get('product', 0)}, "
        f"MLflow {retries.get('mlflow', 0)}."
    )
    lines.append(f"<!-- {SECTION}:end -->")
    return "\n".join(lines) + "\n"


def write(section: str, path: Path | None = None) -> Path:
    path = path or Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
    write_marked_section(path, SECTION, section)
    return path
