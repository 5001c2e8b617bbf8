"""Beat asks every minute which connectors are due (each has its own interval); editable in the admin."""

import json

from django.db import migrations

TASK_NAME = "Sync MLflow connectors that are due"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task="mlflow_sync.dispatch_due",
        interval=every,
        args=json.dumps([]),
        kwargs=json.dumps({}),
        enabled=True,
        description="Queues a sync of each enabled MLflow connector whose interval has passed.",
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mlflow_sync", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
