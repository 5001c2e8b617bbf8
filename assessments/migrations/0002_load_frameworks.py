"""Load the two released frameworks: Google MLOps levels v1 and the ML Test Score v1.

The content modules are frozen once released (a changed questionnaire is a new version with its own module
and migration), so importing them here keeps this migration reproducible. Re-running adds nothing.
"""

from django.db import migrations

from assessments.content import google_levels_v1, ml_test_score_v1
from assessments.content.loader import load_framework


def load(apps, schema_editor):
    models = {name: apps.get_model("assessments", name) for name in ("Framework", "Dimension", "Question")}
    for content in (google_levels_v1.FRAMEWORK, ml_test_score_v1.FRAMEWORK):
        load_framework(content, **models)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
