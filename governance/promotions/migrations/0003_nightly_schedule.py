"""The nightly pass (03:30, after the checks): expire open requests, re-judge production for expiries."""

import json

from django.db import migrations

TASK_NAME = "Nightly promotion-gate pass"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task="promotions.nightly",
        crontab=crontab,
        args=json.dumps([]),
        kwargs=json.dumps({}),
        enabled=True,
        description="Expires open promotion requests and flags production versions out of policy.",
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("promotions", "0002_default_environments_policy_and_carry_over"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
