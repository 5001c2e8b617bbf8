"""Every matrix level gets a severity class. Levels named after a class keep that class; others take the
class of their place (lowest low, highest critical), which a governance admin may then correct."""

from django.db import migrations

CLASSES = ("low", "medium", "high", "critical")


def add_classes(apps, schema_editor):
    RiskMatrix = apps.get_model("risks", "RiskMatrix")
    for matrix in RiskMatrix.objects.all():
        count = len(matrix.levels)
        for index, level in enumerate(matrix.levels):
            if level.get("severity") in CLASSES:
                continue
            name = str(level.get("name", "")).strip().casefold()
            by_place = CLASSES[-1] if count <= 1 else CLASSES[round(index * 3 / (count - 1))]
            level["severity"] = name if name in CLASSES else by_place
        # Never let a class fall as levels rise, whatever the names said.
        ranks = [CLASSES.index(level["severity"]) for level in matrix.levels]
        for index in range(1, count):
            ranks[index] = max(ranks[index], ranks[index - 1])
            matrix.levels[index]["severity"] = CLASSES[ranks[index]]
        matrix.save(update_fields=["levels"])


class Migration(migrations.Migration):
    dependencies = [("risks", "0003_risk_active_cells_index")]

    operations = [migrations.RunPython(add_classes, migrations.RunPython.noop)]
