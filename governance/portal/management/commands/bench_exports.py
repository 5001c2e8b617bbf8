"""Measure the exports and the audit log (issue 23): the CSV of every model (first byte, total, peak memory
at two sizes), the XLSX of the same set, and the audit log's first page (median, queries).

Runs on whatever database is configured; `--models N` first tops the synthetic team "bench-exports" up to N
models (created with their history rows, so the audit log has them too). On org-10k (`make bench` data) the
models are already there and nothing is added when `--models 0` is given.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from simple_history.utils import bulk_create_with_history

from governance.inventory.models import MLModel
from governance.teams.models import GOVERNANCE_ADMIN_GROUP, Team

USER = "bench-exports-admin"


class Command(BaseCommand):
    help = "Benchmark CSV/XLSX exports of the models and the audit log's first page."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--models", type=int, default=10_000, help="Top the model count up to this.")
        parser.add_argument("--repeats", type=int, default=10)

    def handle(self, *args, models: int, repeats: int, **options) -> None:
        user = self._admin()
        if models:
            self._top_up(models, user)
        total = MLModel.objects.count()
        client = Client()
        client.force_login(user)
        with override_settings(ALLOWED_HOSTS=["testserver", "localhost"], SECURE_SSL_REDIRECT=False):
            first, whole, rows, _ = self._csv(client, "/api/v1/models/?format=csv")
            # Memory in separate passes: tracemalloc slows every allocation, so it never runs while timing.
            _, _, small_rows, small_peak = self._csv(
                client, "/api/v1/models/?format=csv&stage=production", trace=True
            )
            _, _, _, peak = self._csv(client, "/api/v1/models/?format=csv", trace=True)
            start = time.perf_counter()
            response = client.get("/api/v1/models/?format=xlsx")
            size = sum(len(chunk) for chunk in response.streaming_content)
            xlsx = time.perf_counter() - start
            audit, queries = self._audit(client, repeats)
        self.stdout.write(f"models in the database: {total}")
        self.stdout.write(f"CSV of {rows} models: first byte {first * 1000:.0f} ms, complete {whole:.2f} s")
        self.stdout.write(
            f"CSV peak traced memory: {peak / 1024 / 1024:.1f} MiB for {rows} rows, "
            f"{small_peak / 1024 / 1024:.1f} MiB for {small_rows} rows"
        )
        self.stdout.write(f"XLSX of the same set: {xlsx:.2f} s ({size / 1024 / 1024:.1f} MiB)")
        self.stdout.write(f"audit log first page: median {audit:.1f} ms over {repeats}, {queries} queries")

    def _admin(self):
        user, _ = get_user_model().objects.get_or_create(username=USER, defaults={"is_active": True})
        group, _ = Group.objects.get_or_create(name=GOVERNANCE_ADMIN_GROUP)
        user.groups.add(group)
        return user

    def _top_up(self, wanted: int, user) -> None:
        team, _ = Team.objects.get_or_create(slug="bench-exports", defaults={"name": "Bench exports"})
        missing = wanted - MLModel.objects.count()
        if missing <= 0:
            return
        start = MLModel.objects.filter(team=team).count()
        stages = ["development", "staging", "production", "proposed"]
        batch = [
            MLModel(
                name=f'bench model {start + n} =HYPERLINK("x") 모델',
                team=team,
                owner=user,
                purpose="-Synthetic model for the export benchmark; scores applicants.",
                stage=stages[n % 4],
            )
            for n in range(missing)
        ]
        bulk_create_with_history(batch, MLModel, batch_size=1000, default_user=user)
        self.stdout.write(f"added {missing} models")

    def _csv(self, client: Client, url: str, *, trace: bool = False) -> tuple[float, float, int, int]:
        reset_queries()
        if trace:
            gc.collect()  # garbage of the previous pass would count against this one
            tracemalloc.start()
        start = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url}: HTTP {response.status_code}")
        # "First byte" is taken at the first data row, not at the BOM (which is sent before any query).
        first, lines = 0.0, 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            if not first and lines >= 2:
                first = time.perf_counter() - start
        whole = time.perf_counter() - start
        peak = 0
        if trace:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return first, whole, max(lines - 1, 0), peak

    def _audit(self, client: Client, repeats: int) -> tuple[float, int]:
        timings = []
        for _ in range(repeats + 2):
            start = time.perf_counter()
            response = client.get("/api/v1/audit-log/")
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise CommandError(f"audit log: HTTP {response.status_code}")
        with CaptureQueriesContext(connection) as ctx:
            client.get("/api/v1/audit-log/")
        return statistics.median(timings[2:]), len(ctx.captured_queries)
