"""Team and Membership leave the inventory app for the teams app (governance/teams).

The tables, rows and constraints stay as they are (state only); the content types move with the models."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("team", "membership", "historicalteam", "historicalmembership")


def move_content_types(apps, schema_editor):
    """Keep each moved model's content type (and so its permissions, group grants and admin log entries)
    by relabelling it, unless the new one already exists."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="teams", model=model).exists():
            ContentType.objects.filter(app_label="inventory", model=model).update(app_label="teams")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="inventory", model=model).exists():
            ContentType.objects.filter(app_label="teams", model=model).update(app_label="inventory")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_team_moves_to_teams_app"),
        ("checks", "0006_team_moves_to_teams_app"),
        ("inventory", "0003_list_indexes"),
        ("reports", "0004_team_moves_to_teams_app"),
        ("teams", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalteam",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="user",
                ),
                migrations.AlterField(
                    model_name="datasource",
                    name="team",
                    field=models.ForeignKey(
                        help_text="The team that stewards it.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="data_sources",
                        to="teams.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="mlmodel",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="models", to="teams.team"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmlmodel",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaldatasource",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The team that stewards it.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="teams.team",
                    ),
                ),
                migrations.DeleteModel(
                    name="HistoricalMembership",
                ),
                migrations.DeleteModel(
                    name="HistoricalTeam",
                ),
                migrations.DeleteModel(
                    name="Membership",
                ),
                migrations.DeleteModel(
                    name="Team",
                ),
            ],
            database_operations=[
                migrations.RunPython(move_content_types, move_content_types_back),
            ],
        )
    ]
