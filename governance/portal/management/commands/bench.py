"""Measure the pages and endpoints the design sets targets for, and write docs/benchmarks.md.

Requests go through Django's full stack in-process (middleware, auth, views, serializers, SQL), without a
network or a WSGI server in front: the figures are the application's own cost. Run it on the org-10k data
set (`manage.py seed_scale`) on PostgreSQL; `make bench` does both.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from assessments.models import Assessment
from governance.api.models import ApiToken
from governance.api.services import token_create
from governance.foundation.bench_docs import marked_sections
from governance.inventory.models import ConsentRecord, DataSource, MLModel, ModelVersion
from governance.risks.models import Risk
from governance.teams.models import Team

BENCH_USER = "bench-admin"


@dataclass
class Result:
    name: str
    target: str
    median_ms: float
    p95_ms: float
    queries: int
    repeats: int


def _measure(name: str, target: str, request: Callable[[], object], repeats: int) -> Result:
    for _ in range(3):  # warm caches and connections
        request()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = request()
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise CommandError(f"{name}: HTTP {response.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        request()
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Result(name, target, statistics.median(timings), p95, len(ctx.captured_queries), repeats)


def _uncached(request: Callable[[], object]) -> Callable[[], object]:
    """The request as the first one after a write: the per-user counts caches (foundation.freshness) off."""

    def call() -> object:
        with override_settings(COUNTS_CACHE=False):
            return request()

    return call


def _memory_gib() -> str:
    try:
        with open("/proc/meminfo") as handle:
            kib = int(handle.readline().split()[1])
        return f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


class Command(BaseCommand):
    help = "Benchmark the inventory API and pages; write the figures to docs/benchmarks.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeats", type=int, default=50)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"))
        parser.add_argument("--no-write", action="store_true", help="Print only; do not touch the docs.")
        parser.add_argument("--no-check-run", action="store_true", help="Leave out the full check run.")
        parser.add_argument("--no-reports", action="store_true", help="Leave out the PDF reports.")
        parser.add_argument(
            "--only",
            default="",
            help="Measure only the request cases whose name contains this text (case-insensitive), e.g. "
            "`--only dashboard`; implies --no-write and leaves out the check run, gate and reports.",
        )

    def handle(
        self,
        *args,
        repeats: int,
        output: str,
        no_write: bool,
        no_check_run: bool = False,
        no_reports: bool = False,
        only: str = "",
        **options,
    ) -> None:
        model_count = MLModel.objects.count()
        if model_count < 100:
            raise CommandError("Too little data to measure: run `manage.py seed_scale` first.")
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility maps, as autovacuum keeps them in production: after a bulk
            # seed or reset the planner would otherwise guess row counts and skip index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        user, _ = get_user_model().objects.get_or_create(
            username=BENCH_USER, defaults={"is_superuser": True, "is_staff": True}
        )
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        _, key = token_create(user=user, name=f"bench {timezone.now():%Y-%m-%d %H:%M}")
        sample = (
            MLModel.objects.filter(data_uses__isnull=False).order_by("id").first() or MLModel.objects.first()
        )

        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, DEBUG=False):
            api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
            web = Client()
            web.force_login(user)
            # A team member's dashboard: the same page over their teams' models only.
            member = get_user_model().objects.filter(memberships__isnull=False, is_active=True).first()
            web_member = Client()
            if member is not None:
                web_member.force_login(member)
            cases = [
                (
                    "API models list, 100 a page",
                    "≤ 10 queries, median < 50 ms",
                    lambda: api.get("/api/v1/models/", {"page_size": 100}),
                ),
                (
                    "API models list, 100 a page, page 50",
                    "≤ 10 queries, median < 50 ms",
                    lambda: api.get("/api/v1/models/", {"page_size": 100, "page": 50}),
                ),
                ("API model detail", "", lambda: api.get(f"/api/v1/models/{sample.pk}/")),
                ("Web models list (25 a page)", "", lambda: web.get("/models/")),
                ("Web model detail", "", lambda: web.get(f"/models/{sample.pk}/")),
                ("Web dashboard (governance admin, every team)", "median ≤ 50 ms", lambda: web.get("/")),
                (
                    "Web dashboard (governance admin, every team), counts not cached",
                    "",
                    _uncached(lambda: web.get("/")),
                ),
            ]
            if member is not None:
                cases += [
                    ("Web dashboard (team member)", "median ≤ 30 ms", lambda: web_member.get("/")),
                    (
                        "Web dashboard (team member), counts not cached",
                        "",
                        _uncached(lambda: web_member.get("/")),
                    ),
                ]
            if only:
                cases = [case for case in cases if only.casefold() in case[0].casefold()]
                if not cases:
                    raise CommandError(f"No case matches --only {only!r}.")
            results = [_measure(name, target, request, repeats) for name, target, request in cases]

        counts = {
            "teams": Team.objects.count(),
            "models": model_count,
            "versions": ModelVersion.objects.count(),
            "data sources": DataSource.objects.count(),
            "consents": ConsentRecord.objects.count(),
            "risks": Risk.objects.count(),
            "assessments": Assessment.objects.count(),
        }
        report = self._report(results, counts)
        if only:  # a partial run: print it, never rewrite the figures of the whole bench
            self.stdout.write(report)
            return
        if not no_check_run:
            from governance.checks.bench import measure_full_run

            figure = measure_full_run(actor=user)
            report += (
                "\n## Full check run\n\n"
                + "\n".join(
                    [
                        f"- {figure.models:,} models, {figure.results:,} results, {figure.chunks} chunks, "
                        f"one worker with {figure.concurrency} processes: **{figure.seconds:.1f} s** wall, "
                        f"queued to finished (design target < 15 s); {figure.errors} check error(s).",
                        "- SQL queries per check per chunk (largest chunk; the same for any chunk size): "
                        + ", ".join(f"{k} {n}" for k, n in sorted(figure.queries_per_check.items())),
                    ]
                )
                + "\n"
            )
        from governance.promotions.bench import markdown as gate_markdown
        from governance.promotions.bench import measure_gate

        report += gate_markdown(measure_gate(repeats=repeats))
        if not no_reports:
            from governance.reports.bench import markdown, measure_reports

            report += markdown(measure_reports(model_id=sample.pk))
        self.stdout.write(report)
        if not no_write:
            # Other bench commands' marked sections (bench_metrics, bench_compare) are theirs to rewrite.
            old = Path(output).read_text() if Path(output).exists() else ""
            kept = [report, *marked_sections(old)]
            Path(output).write_text("\n\n".join(part.rstrip("\n") for part in kept) + "\n")
            self.stdout.write(self.style.SUCCESS(f"Written to {output}"))

    def _report(self, results: list[Result], counts: dict[str, int]) -> str:
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()" if vendor == "postgresql" else "SELECT sqlite_version()")
            db_version = cursor.fetchone()[0].split(" on ")[0]
        lines = [
            "# Benchmarks",
            "",
            "Made by `make bench` (`manage.py seed_scale` then `manage.py bench`). Requests run through",
            "Django's whole stack in-process (middleware, token authentication, views, serializers, SQL)",
            "with no network or WSGI server in front; each figure is over the stated number of repeats",
            "after three warm-ups.",
            "",
            f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {_memory_gib()} memory,"
            f" Python {platform.python_version()}, {platform.system()} {platform.release()}",
            f"- Database: {db_version}",
            "- Data: " + ", ".join(f"{n:,} {label}" for label, n in counts.items()),
            "- Load average (1 / 5 / 15 min) at the end: {:.1f} / {:.1f} / {:.1f} (the cores may be shared; "
            "wall times stretch with it)".format(*os.getloadavg()),
            "",
            "| measurement | median ms | p95 ms | SQL queries | repeats | design target |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        lines += [
            f"| {r.name} | {r.median_ms:.1f} | {r.p95_ms:.1f} | {r.queries} | {r.repeats} "
            f"| {r.target or '—'} |"
            for r in results
        ]
        return "\n".join(lines) + "\n"
