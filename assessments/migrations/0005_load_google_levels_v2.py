"""Load Google MLOps levels v2 (issue 16): questions where Google's text places them, the missing
capabilities, extensions labelled. Loading it makes v1 inactive for new assessments; v1 assessments and
their answers stay as they were."""

from django.db import migrations

from assessments.content import google_levels_v2
from assessments.content.loader import load_framework


def load(apps, schema_editor):
    models = {name: apps.get_model("assessments", name) for name in ("Framework", "Dimension", "Question")}
    load_framework(google_levels_v2.FRAMEWORK, **models)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_question_is_extension")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
