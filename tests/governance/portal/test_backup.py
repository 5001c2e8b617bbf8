"""Export and import of an organisation (governance/portal/backup.py) on the plain tier.

The demo organisation is seeded and exported once per module inside a transaction that is then rolled back:
that rollback is the wipe. Each test imports the document into the emptied test database. The same round
trip through the commands, with a real flush, on PostgreSQL is in tests/integration/test_backup.py.
"""

from __future__ import annotations

import copy
import json
import stat

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from governance.inventory.models import HistoricalMLModel, MLModel
from governance.portal import backup
from governance.risks.models import RiskMatrix
from governance.teams.models import Team

from .backup_support import assert_same, rehash, seed_demo_with_extras, snapshot


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """(export document, snapshot of every record) of the demo organisation; the database is unchanged."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast:
        try:
            with transaction.atomic():
                backup_ready_reference_data()
                seed_demo_with_extras()
                document, before = backup.build_export(), snapshot()
                raise _Rollback
        except _Rollback:
            pass
    return document, before


def backup_ready_reference_data() -> None:
    """What the data migrations load; a transactional test earlier in the run may have flushed it."""
    from django.contrib.auth.models import Group

    from assessments.content.loader import load_released
    from governance.risks.matrix import DEFAULT_MATRIX

    load_released()
    for name in ("governance admin", "auditor"):
        Group.objects.get_or_create(name=name)
    if not RiskMatrix.objects.filter(is_default=True).exists():
        RiskMatrix.objects.create(is_default=True, **DEFAULT_MATRIX)


def reference_state() -> dict[str, list]:
    return {
        "matrices": list(RiskMatrix.objects.order_by("pk").values_list("pk", "name", "grid")),
        "models": list(MLModel.objects.values_list("pk", flat=True)),
        "governance": backup.user_data_counts(),
    }


def test_export_manifest_describes_the_records(demo):
    document, before = demo
    manifest = document["manifest"]
    assert manifest["format"] == backup.FORMAT and manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["sha256"] == backup.payload_digest(document["records"])
    assert manifest["counts"] == {label: len(rows) for label, rows in before.items()}
    assert manifest["total"] == len(document["records"]) == sum(len(rows) for rows in before.values())
    for label in ("inventory.historicalmlmodel", "assessments.answer", "checks.checkresult", "api.apitoken"):
        assert manifest["counts"][label] > 0
    assert "auth.permission" not in manifest["counts"] and "sessions.session" not in manifest["counts"]
    tokens = [r for r in document["records"] if r["model"] == "api.apitoken"]
    assert tokens and all(len(r["fields"]["key_hash"]) == 64 for r in tokens)  # the hash, never a key


def test_import_restores_every_record_field_by_field(db, demo):
    document, before = demo
    assert backup.user_data_counts() == {}

    summary = backup.import_document(copy.deepcopy(document))

    assert summary.total == document["manifest"]["total"]
    assert_same(before, snapshot())
    # People can log in again, and the history still names who did what.
    assert authenticate(username="mina.park", password="demo-pass-2026") is not None
    retired = HistoricalMLModel.objects.filter(stage="retired").select_related("history_user").first()
    assert retired is not None and retired.history_user is not None
    # Sequences continue after the restored ids: a new row does not collide.
    team = Team.objects.create(name="After restore", slug="after-restore")
    assert team.pk > max(row["id"] for row in before["teams.team"])


def test_tampered_file_is_refused_and_writes_nothing(db, demo):
    document = copy.deepcopy(demo[0])
    consent = next(r for r in document["records"] if r["model"] == "inventory.consentrecord")
    consent["fields"]["purpose"] = "anything at all"
    state = reference_state()

    with pytest.raises(backup.BackupError, match="SHA-256 in the manifest"):
        backup.import_document(document)
    assert reference_state() == state


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["manifest"].update(format_version=99), "format version 99"),
        (lambda d: d["manifest"].update(format="something-else"), "not an organisation export"),
        (lambda d: d.pop("manifest"), "no manifest"),
        (lambda d: d["manifest"]["counts"].update({"teams.team": 1}), "counts per model"),
        (lambda d: d["manifest"]["migrations"]["inventory"].append("0099_future"), "0099_future"),
    ],
    ids=["version", "format", "no-manifest", "counts", "newer-schema"],
)
def test_wrong_manifest_is_refused(db, demo, change, message):
    document = copy.deepcopy(demo[0])
    change(document)
    with pytest.raises(backup.BackupError, match=message):
        backup.import_document(document)
    assert backup.user_data_counts() == {}


def test_non_empty_database_is_refused_unless_replace(db, demo, team):
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.import_document(copy.deepcopy(demo[0]))
    assert Team.objects.filter(pk=team.pk, name="Credit Risk").exists()

    backup.import_document(copy.deepcopy(demo[0]), replace=True)
    assert_same(demo[1], snapshot())


@pytest.mark.parametrize("where", ["middle", "end"])
def test_import_failing_halfway_leaves_the_database_as_it_was(db, demo, where):
    """A broken record after hundreds of good ones: everything loaded before it is rolled back."""
    document = copy.deepcopy(demo[0])
    records = document["records"]
    if where == "middle":  # a field this schema lacks: the deserializer stops mid-way
        broken = copy.deepcopy(next(r for r in records if r["model"] == "inventory.mlmodel"))
        broken["pk"] = 999_999
        broken["fields"]["no_such_field"] = 1
        records.insert(len(records) // 2, broken)
    else:  # a version of a model that does not exist: the foreign-key check at the end fails
        broken = copy.deepcopy(next(r for r in records if r["model"] == "inventory.modelversion"))
        broken["pk"], broken["fields"]["model"], broken["fields"]["label"] = 999_999, 888_888, "orphan"
        records.append(broken)
    document = rehash(document)
    state = reference_state()

    with pytest.raises(backup.BackupError, match="rolled back and nothing was imported"):
        backup.import_document(document)
    assert reference_state() == state
    assert backup.user_data_counts() == {}


def test_counts_are_checked_after_loading(db, demo):
    """Two records with one primary key load as one row: the count check catches it and rolls back."""
    document = copy.deepcopy(demo[0])
    first_team = next(r for r in document["records"] if r["model"] == "teams.team")
    document["records"].append(copy.deepcopy(first_team))
    document = rehash(document)

    with pytest.raises(backup.BackupError, match=r"teams.team: 4 of 5"):
        backup.import_document(document)
    assert backup.user_data_counts() == {}


def test_commands_round_trip(db, demo, tmp_path):
    path = tmp_path / "org.json"
    backup.write_export(demo[0], path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # password hashes and personal data inside

    call_command("import_org", "--input", str(path), stdout=open_sink())
    assert backup.user_data_counts()["inventory.mlmodel"] == len(demo[1]["inventory.mlmodel"])

    with pytest.raises(CommandError, match="Import refused: The database is not empty"):
        call_command("import_org", "--input", str(path), stdout=open_sink())
    out = tmp_path / "again.json"
    call_command("export_org", "--output", str(out), stdout=open_sink())
    again = json.loads(out.read_text())
    assert again["records"] == demo[0]["records"]  # exporting the restored database gives the same records


def test_unreadable_file_is_refused(tmp_path, db):
    path = tmp_path / "broken.json"
    path.write_text('{"manifest": ')
    with pytest.raises(CommandError, match="is not a JSON export"):
        call_command("import_org", "--input", str(path), stdout=open_sink())
    with pytest.raises(CommandError, match="No export file"):
        call_command("import_org", "--input", str(tmp_path / "missing.json"), stdout=open_sink())


def open_sink():
    import io

    return io.StringIO()
