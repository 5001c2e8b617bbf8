"""Beat purges expired prediction-set rows daily and sends again sets whose work was lost, every 15
minutes (both editable in the admin). Created only when absent."""

import json

from django.db import migrations

TASKS = (
    ("Purge expired prediction-set rows", "predictions.purge", 24 * 60),
    ("Recover lost prediction-set computations", "predictions.recover", 15),
)


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minutes in TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        every, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.create(
            name=name, task=task, interval=every, args=json.dumps([]), kwargs=json.dumps({}), enabled=True
        )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[t[0] for t in TASKS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0001_prediction_sets"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
