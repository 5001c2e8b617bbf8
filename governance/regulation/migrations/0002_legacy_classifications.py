"""Every existing model gets a "legacy, unverified" EU AI Act classification carried over from its hand-set
tier, so nothing falls out of policy the day classification lands (the check only warns on it during the
grace period, REGULATION_LEGACY_GRACE_DAYS)."""

from django.db import migrations
from django.utils import timezone


def forward(apps, schema_editor):
    from governance.regulation.services import legacy_classification

    MLModel = apps.get_model("inventory", "MLModel")
    Classification = apps.get_model("regulation", "Classification")
    now = timezone.now()
    have = set(Classification.objects.filter(framework="eu_ai_act").values_list("model_id", flat=True))
    batch = []
    for model in MLModel.objects.only("id", "ai_act_tier", "purpose").iterator(chunk_size=2000):
        if model.pk not in have:
            batch.append(legacy_classification(Classification=Classification, model=model, now=now))
        if len(batch) >= 2000:
            Classification.objects.bulk_create(batch)
            batch = []
    Classification.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("regulation", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
