"""`manage.py sync_mlflow [--connector ID] [--all-runs]`: sync one connector, or every enabled one, in this
process; --all-runs reads every version's run even where the listing is unchanged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from governance.mlflow_sync.models import MlflowConnector, SyncRun
from governance.mlflow_sync.services import sync_now


class Command(BaseCommand):
    help = "Sync inventory from MLflow connectors now (all enabled ones, or --connector ID)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--connector", type=int, help="The connector's id (see the MLflow page).")
        parser.add_argument(
            "--all-runs", action="store_true", help="Read every version's run, not only the changed ones."
        )

    def handle(self, *args, connector: int | None = None, all_runs: bool = False, **options) -> None:
        if connector is not None:
            connectors = list(MlflowConnector.objects.filter(pk=connector))
            if not connectors:
                raise CommandError(f"No MLflow connector with id {connector}.")
        else:
            connectors = list(MlflowConnector.objects.filter(enabled=True))
            if not connectors:
                self.stdout.write("No enabled MLflow connector.")
        failed = False
        for item in connectors:
            try:
                run = sync_now(actor=None, connector=item, trigger=SyncRun.Trigger.COMMAND, all_runs=all_runs)
            except ValidationError as exc:
                raise CommandError(f"{item}: {' '.join(exc.messages)}") from exc
            self.stdout.write(
                f"{item}: sync #{run.pk} {run.status}: {run.created} created, {run.updated} updated, "
                f"{run.unchanged} unchanged, {run.conflicts} conflicts, {run.unmapped} unmapped"
                + (f"; error: {run.error}" if run.error else "")
            )
            failed |= run.status == SyncRun.Status.FAILED
        if failed:
            raise CommandError("At least one sync failed (see above).")
