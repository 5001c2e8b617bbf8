"""Korean beside the English on every framework, dimension and question (issue 25).

Adds the *_ko columns and fills them for the versions already stored, from their content modules. Only the
Korean columns are written: the English a version was answered to stays as it was.
"""

from django.db import migrations, models

from assessments.content import released
from assessments.content.loader import translate_stored


def translate(apps, schema_editor):
    models_ = {name: apps.get_model("assessments", name) for name in ("Framework", "Dimension", "Question")}
    for content in released():
        translate_stored(content, **models_)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_load_google_levels_v2")]

    operations = [
        migrations.AddField(
            model_name="framework", name="name_ko", field=models.CharField(blank=True, max_length=120)
        ),
        migrations.AddField(
            model_name="framework", name="description_ko", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="dimension", name="name_ko", field=models.CharField(blank=True, max_length=120)
        ),
        migrations.AddField(
            model_name="dimension", name="description_ko", field=models.TextField(blank=True)
        ),
        migrations.AddField(model_name="question", name="text_ko", field=models.TextField(blank=True)),
        migrations.AddField(model_name="question", name="guidance_ko", field=models.TextField(blank=True)),
        migrations.AddField(
            model_name="question", name="evidence_hint_ko", field=models.CharField(blank=True, max_length=300)
        ),
        migrations.RunPython(translate, migrations.RunPython.noop),
    ]
