"""Beat runs the notification scan and the daily digest pass hourly, and retries immediate e-mail every five
minutes; editable in the admin. Created only when absent."""

import json

from django.db import migrations

TASKS = [
    ("Notifications: scan for due, expiring and stale items", "notifications.scan", 60),
    ("Notifications: daily digest (each user's digest hour)", "notifications.digest", 60),
    ("Notifications: send and retry e-mail", "notifications.send_pending", 5),
]


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
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
