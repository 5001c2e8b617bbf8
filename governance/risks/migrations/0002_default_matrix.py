"""Ship the default 5x5 matrix (governance/risks/matrix.py holds its definition, copied here frozen)."""

from django.db import migrations

DEFAULT = {
    "name": "Default 5x5",
    "description": "Five likelihoods by five impacts, four levels reviewed every 30, 90, 180 and 365 days.",
    "likelihood_labels": ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
    "impact_labels": ["Negligible", "Minor", "Moderate", "Major", "Severe"],
    "levels": [
        {"name": "Low", "colour": "#2e7d32", "review_days": 365},
        {"name": "Medium", "colour": "#f9a825", "review_days": 180},
        {"name": "High", "colour": "#ef6c00", "review_days": 90},
        {"name": "Critical", "colour": "#b71c1c", "review_days": 30},
    ],
    "grid": [[0, 0, 0, 0, 1], [0, 0, 1, 1, 2], [0, 1, 1, 2, 2], [0, 1, 2, 2, 3], [1, 2, 2, 3, 3]],
}


def create_default(apps, schema_editor):
    RiskMatrix = apps.get_model("risks", "RiskMatrix")
    if not RiskMatrix.objects.filter(name=DEFAULT["name"]).exists():
        RiskMatrix.objects.create(
            is_default=not RiskMatrix.objects.filter(is_default=True).exists(), **DEFAULT
        )


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
