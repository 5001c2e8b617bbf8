"""An export made before Team and Membership moved from the inventory app to the teams app still imports.

fixtures/org_export_before_teams_app.json was written by `manage.py export_org` with the code before the
move (two teams, two members, a model, history rows, an auditor group granted team permissions, a user
permission and an admin log entry about a team). Its records say inventory.team, its content-type natural
keys say ["inventory", "team"] and its manifest lacks the teams app's migrations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from governance.inventory.models import MLModel
from governance.portal import backup, backup_upgrades
from governance.teams.models import Membership, Team

FIXTURE = Path(__file__).parent / "fixtures" / "org_export_before_teams_app.json"


def old_document() -> dict:
    return json.loads(FIXTURE.read_text())


def test_the_upgrade_relabels_records_natural_keys_and_migrations():
    document = old_document()
    manifest, records = backup_upgrades.upgrade(document["manifest"], document["records"])

    labels = {r["model"] for r in records}
    assert {"teams.team", "teams.membership", "teams.historicalteam", "teams.historicalmembership"} <= labels
    assert not any(label.startswith("inventory.") and "team" in label for label in labels)
    assert "inventory.mlmodel" in labels  # what did not move keeps its label
    assert manifest["counts"]["teams.team"] == 2 and "inventory.team" not in manifest["counts"]
    assert "0001_initial" in manifest["migrations"]["teams"]
    assert "0004_team_moves_to_teams_app" in manifest["migrations"]["inventory"]
    entry = next(r for r in records if r["model"] == "admin.logentry")
    assert entry["fields"]["content_type"] == ["teams", "team"]
    auditor = next(r for r in records if r["model"] == "auth.group" and r["fields"]["name"] == "auditor")
    assert ["view_team", "teams", "team"] in auditor["fields"]["permissions"]
    # The file itself is left alone (its checksum is over the records as written), and a current export
    # is not touched at all.
    assert document == old_document()
    current = {"migrations": {"teams": ["0001_initial"], "inventory": ["0001_initial"]}, "counts": {}}
    assert backup_upgrades.upgrade(current, [])[0] is current


def _migrate_to_exactly(migrations: dict[str, list[str]]) -> None:
    """Bring the (fully migrated) test database to exactly the export's migrations, as a fresh database
    migrated to them would be. Migrating an app to a name keeps sibling branches applied (a later release may
    branch and merge), so first step back below every migration the export lacks, then forward to its
    leaves."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    below, leaves = [], []
    for app in backup.MIGRATION_APPS:
        exported = {(app, name) for name in migrations.get(app, [])}
        nodes = {key for key in graph.nodes if key[0] == app}
        for extra in nodes - exported:
            parents = [p for p in graph.node_map[extra].parents if p[0] == app]
            below += [p for p in parents if p in exported] or [(app, None)]
        leaves += [n for n in exported if not any(c in exported for c in graph.node_map[n].children)]
    for target in sorted(set(below), key=lambda k: (k[0], k[1] or "")):  # backwards only, one at a time
        executor = MigrationExecutor(connection)
        applied = executor.loader.applied_migrations
        app, name = target
        if (name is None and any(key[0] == app for key in applied)) or target in applied:
            executor.migrate([target])
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_an_export_made_before_the_move_imports_into_a_migrated_database():
    document = old_document()
    manifest, _ = backup_upgrades.upgrade(document["manifest"], document["records"])
    # As docs/backup.md says: migrate the empty database to the export's migrations, import, then migrate.
    try:
        _migrate_to_exactly(manifest["migrations"])
        summary = backup.import_document(document)
    finally:
        call_command("migrate", verbosity=0)

    assert summary.counts["teams.team"] == 2 and summary.counts["teams.membership"] == 2
    credit = Team.objects.get(slug="credit-risk")
    assert credit.description == "Scores loan applications"
    assert set(Membership.objects.filter(team=credit).values_list("user__username", "role")) == {
        ("ana.lead", "maintainer"),
        ("ben.dev", "contributor"),
    }
    assert Team.history.count() == 2 and Membership.history.count() == 2
    assert MLModel.objects.get(name="Credit scorer").team == credit
    assert (
        Group.objects.get(name="auditor")
        .permissions.filter(codename="view_team", content_type__app_label="teams")
        .exists()
    )
    assert get_user_model().objects.get(username="ben.dev").has_perm("teams.change_membership")
    entry = LogEntry.objects.get()
    assert entry.content_type.app_label == "teams" and entry.get_edited_object() == credit
    # And it round-trips: exported again with today's labels, it names no inventory team.
    again = backup.build_export()
    assert (
        again["manifest"]["counts"]["teams.team"] == 2 and "inventory.team" not in again["manifest"]["counts"]
    )
