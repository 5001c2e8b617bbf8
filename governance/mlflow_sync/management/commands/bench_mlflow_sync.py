"""`manage.py bench_mlflow_sync [--models N] [--tracking-uri URI]`: first sync and unchanged re-sync."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from governance.mlflow_sync.bench import run_bench


class Command(BaseCommand):
    help = "Time a first MLflow sync of N models x 3 versions and an unchanged re-sync (local mlflow server)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--models", type=int, default=10_000)
        parser.add_argument("--tracking-uri", help="An already loaded server instead of starting one.")

    def handle(self, *args, models: int, tracking_uri: str | None = None, **options) -> None:
        for line in run_bench(models=models, uri=tracking_uri):
            self.stdout.write(line)
            self.stdout.flush()
