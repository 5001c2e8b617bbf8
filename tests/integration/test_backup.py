"""Backup and restore on PostgreSQL (docs/backup.md): the project's export/import through the commands with a
real flush between them, and pg_dump -Fc / pg_restore of the same data into a fresh database."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import time
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from governance.portal import backup
from governance.reports.models import Report
from governance.reports.services import report_build
from tests.conftest import IN_CI
from tests.governance.portal.backup_support import assert_same, rehash, seed_demo_with_extras, snapshot

pytestmark = [pytest.mark.integration]


@pytest.fixture
def demo_org(transactional_db, reference_data, settings, tmp_path):
    """The demo organisation committed to the test database, with one report PDF filed under MEDIA_ROOT."""
    from assessments.content.loader import load_released

    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_released()
    seed_demo_with_extras()
    report = Report.objects.get(kind=Report.Kind.ORGANISATION)
    assert report_build(report_id=report.pk).status == Report.Status.SUCCEEDED


def _run(command: str, *args: str) -> tuple[str, float]:
    out = io.StringIO()
    started = time.perf_counter()
    call_command(command, *args, stdout=out)
    return out.getvalue(), time.perf_counter() - started


def test_export_flush_import_restores_every_record(demo_org, tmp_path):
    before = snapshot()
    path = tmp_path / "org.json"
    output, export_seconds = _run("export_org", "--output", str(path))
    assert f"Exported {sum(len(rows) for rows in before.values())} records" in output

    call_command("flush", interactive=False, verbosity=0)
    assert backup.user_data_counts() == {}

    output, import_seconds = _run("import_org", "--input", str(path))

    assert "counts match the manifest" in output and "not in MEDIA_ROOT" not in output
    assert_same(before, snapshot())
    assert backup.report_files_check() == ([], [])
    print(f"demo org: {len(before)} models, export {export_seconds:.2f} s, import {import_seconds:.2f} s")

    # The sequences were reset: new rows get ids after the restored ones.
    from governance.teams.models import Team

    assert Team.objects.create(name="New team", slug="new-team").pk > max(
        r["id"] for r in before["teams.team"]
    )


def test_failed_import_on_postgresql_leaves_the_flushed_database_empty(demo_org, tmp_path):
    document = backup.build_export()
    broken = json.loads(json.dumps(next(r for r in document["records"] if r["model"] == "risks.risk")))
    broken["pk"], broken["fields"]["model"] = 999_999, 888_888  # a risk on a model that does not exist
    document["records"].append(broken)
    document = rehash(document)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(backup.BackupError, match="nothing was imported"):
        backup.import_document(document)
    assert backup.user_data_counts() == {}
    assert not Report.objects.exists()


def test_missing_report_file_is_named_after_import(demo_org, tmp_path, settings):
    document = backup.build_export()
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)

    summary = backup.import_document(document)

    assert summary.report_files_missing == [Report.objects.get(kind=Report.Kind.ORGANISATION).file.name]


def _require(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        message = f"{binary} not found (apt-get install postgresql-client)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    return path


def _major(text: str) -> int:
    return int(re.search(r"(\d+)(?:\.\d+)?", text).group(1))


def _table_counts(conninfo: dict) -> dict[str, int]:
    with psycopg.connect(**conninfo) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def test_pg_dump_and_pg_restore_round_trip(demo_org, tmp_path):
    pg_dump, pg_restore = _require("pg_dump"), _require("pg_restore")
    db = connection.settings_dict
    server_major = connection.cursor().connection.info.server_version // 10000
    dump_major = _major(subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout)
    assert dump_major >= server_major, f"pg_dump {dump_major} cannot dump a PostgreSQL {server_major} server"

    host = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    env = {"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    dump = tmp_path / "governance.dump"
    subprocess.run([pg_dump, "-Fc", *host, "-d", db["NAME"], "-f", str(dump)], check=True, env=env)

    target = f"restore_check_{uuid.uuid4().hex[:10]}"
    conninfo = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or "postgres",
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(**conninfo, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(
            [pg_restore, *host, "--no-owner", "--exit-on-error", "-d", target, str(dump)], check=True, env=env
        )
        original = _table_counts({**conninfo, "dbname": db["NAME"]})
        restored = _table_counts({**conninfo, "dbname": target})
    finally:
        with psycopg.connect(**conninfo, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    assert restored == original
    assert original["inventory_mlmodel"] > 0 and original["assessments_historicalanswer"] > 0
