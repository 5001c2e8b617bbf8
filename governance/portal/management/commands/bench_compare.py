"""`manage.py bench_compare`: the inventory API beside MLflow's registry (portal/bench_compare.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from governance.inventory.models import MLModel
from governance.portal import bench_compare


class Command(BaseCommand):
    help = "Time the inventory API against `mlflow server` over HTTP; write docs/benchmarks.md's section."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeats", type=int, default=60)
        parser.add_argument("--page", type=int, default=50, help="The deep page compared with the first.")
        parser.add_argument("--no-write", action="store_true", help="Print only; do not touch the docs.")

    def handle(self, *args, repeats: int, page: int, no_write: bool, **options) -> None:
        if repeats < 1 or page < 2:
            raise CommandError("--repeats must be at least 1 and --page at least 2.")
        if MLModel.objects.count() < 100 * page:
            raise CommandError(f"Too little data for page {page}: run `manage.py seed_scale` first.")
        try:
            cases, facts = bench_compare.run(repeats=repeats, page=page)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        section = bench_compare.markdown(cases, facts, repeats=repeats)
        self.stdout.write(section)
        if not no_write:
            path = bench_compare.write(section)
            self.stdout.write(self.style.SUCCESS(f"Written to {path}"))
