"""Create the one check policy with its defaults and the nightly run (03:00) as a beat periodic task.

Both are editable in the admin; this migration only creates them when absent.
"""

import json

from django.db import migrations

TASK_NAME = "Nightly responsible-AI checks"


def create(apps, schema_editor):
    CheckPolicy = apps.get_model("checks", "CheckPolicy")
    if not CheckPolicy.objects.exists():
        CheckPolicy.objects.create()
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task="checks.run_scheduled",
        crontab=crontab,
        args=json.dumps([]),
        kwargs=json.dumps({}),
        enabled=True,
        description="Runs every check over every model that is not retired. Change the time here.",
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
