"""Bench the prediction-set metrics against a plain pandas + Fairlearn + scipy script (see bench.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance.predictions import bench


class Command(BaseCommand):
    help = "Compute 1M-row reference and live sets on one and two worker processes; write docs/benchmarks.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--rounds", type=int, default=3, help="Rounds per configuration (median kept).")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"))
        parser.add_argument("--no-write", action="store_true", help="Print the section only.")
        parser.add_argument("--no-floor", action="store_true", help="Skip the floor script (trial runs).")

    def handle(
        self, *args, rows: int, rounds: int, output: str, no_write: bool, no_floor: bool, **options
    ) -> None:
        if not settings.REDIS_URL:
            raise CommandError("The bench runs real workers: set REDIS_URL (and DATABASE_URL to PostgreSQL).")
        if rows < 1_000:
            raise CommandError("--rows must be at least 1000.")
        if rounds < 1:
            raise CommandError("--rounds must be at least 1.")
        section = bench.report(bench.bench(rows=rows, rounds=rounds, floor=not no_floor))
        self.stdout.write(section)
        if not no_write:
            bench.write_section(Path(output), section)
            self.stdout.write(self.style.SUCCESS(f"Written to {output}"))
