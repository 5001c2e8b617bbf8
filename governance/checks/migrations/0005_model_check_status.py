"""Each model's latest check results kept per model (checks.latest); filled from the finished runs so far."""

import django.db.models.deletion
from django.db import migrations, models

OUTCOMES = ["fail", "warn", "pass", "not_applicable"]
COLUMNS = ["fail_count", "warn_count", "pass_count", "not_applicable_count"]


def backfill(apps, schema_editor):
    """Each model's latest succeeded run that judged it, with its counts by outcome: one upsert per run."""
    status = apps.get_model("checks", "ModelCheckStatus")._meta.db_table
    results = apps.get_model("checks", "CheckResult")._meta.db_table
    counts = ", ".join("SUM(CASE WHEN outcome = %s THEN 1 ELSE 0 END)" for _ in OUTCOMES)
    sql = (
        f"INSERT INTO {status} (model_id, run_id, {', '.join(COLUMNS)}) "  # noqa: S608 - table names only
        f"SELECT model_id, run_id, {counts} FROM {results} WHERE run_id = %s GROUP BY model_id, run_id "
        "ON CONFLICT (model_id) DO UPDATE SET run_id = excluded.run_id, "
        + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS)
        + f" WHERE excluded.run_id > {status}.run_id"
    )
    runs = apps.get_model("checks", "CheckRun").objects.filter(status="succeeded").order_by("pk")
    with schema_editor.connection.cursor() as cursor:
        for run_id in runs.values_list("pk", flat=True):
            cursor.execute(sql, [*OUTCOMES, run_id])


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0004_recovery_schedule"),
        ("inventory", "0003_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ModelCheckStatus",
            fields=[
                (
                    "model",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="check_status",
                        serialize=False,
                        to="inventory.mlmodel",
                    ),
                ),
                ("fail_count", models.PositiveIntegerField(default=0)),
                ("warn_count", models.PositiveIntegerField(default=0)),
                ("pass_count", models.PositiveIntegerField(default=0)),
                ("not_applicable_count", models.PositiveIntegerField(default=0)),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="checks.checkrun"
                    ),
                ),
            ],
            options={
                "verbose_name": "model check status",
                "verbose_name_plural": "model check statuses",
                "indexes": [models.Index(fields=["-fail_count"], name="modelcheckstatus_fail_idx")],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
