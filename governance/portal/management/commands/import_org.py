"""`manage.py import_org --input FILE`: restore an export into an empty, migrated database, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.portal import backup


class Command(BaseCommand):
    help = (
        "Import a file made by export_org into a freshly migrated database: verifies the format, version, "
        "SHA-256 and schema, loads everything in one transaction, resets sequences and checks the counts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", required=True, help="The export file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Discard the governance records already in this database (in the same transaction).",
        )

    def handle(self, *args, input: str, replace: bool, **options) -> None:
        try:
            summary = backup.import_document(backup.read_export(Path(input)), replace=replace)
        except backup.BackupError as exc:
            raise CommandError(f"Import refused: {exc}") from exc
        if options["verbosity"] > 1:
            for label, count in summary.counts.items():
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary.total} records of {len(summary.counts)} models in "
                f"{summary.seconds:.2f} s; counts match the manifest."
            )
        )
        if summary.report_files_missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(summary.report_files_missing)} report PDF(s) are not in MEDIA_ROOT yet "
                    f"(e.g. {summary.report_files_missing[0]}): copy MEDIA_ROOT/reports from the backup."
                )
            )
        if summary.report_files_changed:
            self.stdout.write(
                self.style.ERROR(
                    f"{len(summary.report_files_changed)} report PDF(s) differ from their recorded SHA-256: "
                    + ", ".join(summary.report_files_changed[:5])
                )
            )
