"""Moving Team and Membership from the inventory app to the teams app keeps every table and row.

The database is put back where the code before the move left it, rows are written there through the old
models (teams, members, their history, a model, a permission granted on teams), and migrating forward must
find every one of them through the new models, under the same content type. On PostgreSQL the same was done
to a seed_demo database made with the old code (docs/decisions.md, "Where things live").
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from governance.inventory.models import MLModel
from governance.teams.models import Membership, Team

BEFORE_THE_MOVE = [
    ("inventory", "0003_list_indexes"),
    ("teams", None),
    ("assessments", "0002_load_frameworks"),
    ("checks", "0005_model_check_status"),
    ("reports", "0003_recovery_schedule"),
]


@pytest.mark.django_db(transaction=True)
def test_migrating_an_existing_database_keeps_teams_members_history_and_permissions(django_user_model):
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE_THE_MOVE)
        # The old models from the graph at those nodes: the state migrate() returns after unapplying is built
        # along the whole plan's order and may still hold models of later, unapplied migrations.
        old = executor.loader.project_state([node for node in BEFORE_THE_MOVE if node[1]], at_end=True).apps
        OldTeam, OldMembership = old.get_model("inventory", "Team"), old.get_model("inventory", "Membership")
        OldHistoricalTeam = old.get_model("inventory", "HistoricalTeam")
        ContentType = old.get_model("contenttypes", "ContentType")
        OldPermission, OldGroup = old.get_model("auth", "Permission"), old.get_model("auth", "Group")
        user = old.get_model("auth", "User").objects.create(username="ana.lead")
        team = OldTeam.objects.create(name="Credit risk", slug="credit-risk")
        OldMembership.objects.create(user=user, team=team, role="maintainer")
        OldHistoricalTeam.objects.create(
            id=team.pk,
            name=team.name,
            slug=team.slug,
            description="",
            created_at=team.created_at,
            history_date=team.created_at,
            history_type="+",
        )
        old.get_model("inventory", "MLModel").objects.create(
            name="Credit scorer", team=team, owner=user, purpose="Scores applications"
        )
        team_type, _ = ContentType.objects.get_or_create(app_label="inventory", model="team")
        permission, _ = OldPermission.objects.get_or_create(
            content_type=team_type, codename="view_team", defaults={"name": "Can view team"}
        )
        OldGroup.objects.get_or_create(name="auditor")[0].permissions.add(permission)
    finally:
        call_command("migrate", verbosity=0)

    team = Team.objects.get(slug="credit-risk")
    assert Membership.objects.get(team=team).user.username == "ana.lead"
    assert Team.history.filter(id=team.pk, history_type="+").count() == 1
    assert MLModel.objects.get(name="Credit scorer").team == team
    granted = Group.objects.get(name="auditor").permissions.get(codename="view_team")
    assert granted.content_type.app_label == "teams" and granted.content_type.model_class() is Team
    assert Permission.objects.filter(codename="view_team").count() == 1  # moved, not duplicated
