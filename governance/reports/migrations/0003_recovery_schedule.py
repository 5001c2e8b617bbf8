"""Reports recorded before dispatch was tracked count as sent when created; beat sends lost report builds
again every five minutes (reports.recover), editable in the admin. Created only when absent."""

import json

from django.db import migrations
from django.db.models import F

TASK_NAME = "Recover lost reports"


def create(apps, schema_editor):
    apps.get_model("reports", "Report").objects.filter(dispatched_at__isnull=True).update(
        dispatched_at=F("created_at")
    )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    every, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task="reports.recover",
        interval=every,
        args=json.dumps([]),
        kwargs=json.dumps({}),
        enabled=True,
        description="Sends again report builds the task queue lost or never took (RECOVERY_STALE_SECONDS).",
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_report_dispatch"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
