"""`manage.py export_org --output FILE`: the whole organisation as one JSON document with a manifest."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.portal import backup


class Command(BaseCommand):
    help = (
        "Export every governance record (users, teams, inventory, consent, risks, assessments, checks, "
        "reports metadata, API token hashes and the history) to one JSON file. See docs/backup.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help="The file to write (replaced atomically).")

    def handle(self, *args, output: str, **options) -> None:
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        started = time.perf_counter()
        document = backup.build_export()
        size = backup.write_export(document, path)
        manifest = document["manifest"]
        if options["verbosity"] > 1:
            for label, count in manifest["counts"].items():
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {manifest['total']} records of {len(manifest['counts'])} models to {path} "
                f"({size / 1024:.0f} KiB, SHA-256 {manifest['sha256'][:12]}…) "
                f"in {time.perf_counter() - started:.2f} s."
            )
        )
        self.stdout.write(
            "It holds password hashes and personal data: store it as you store database dumps. Copy "
            "MEDIA_ROOT/reports too (the PDF files are not in it)."
        )
