"""Demo prediction sets: histograms of a reference and a live window for one demo model, so its version's
"Fairness and drift" page and the API have something to show. Idempotent; runs after the demo check run."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from governance.inventory.models import ModelVersion

from .histograms import prediction_set_histograms
from .models import PredictionSet

MODEL = "affordability-check"


def seed_demo_predictions(*, today: datetime.date) -> int:
    version = ModelVersion.objects.filter(model__name=MODEL).order_by("-registered_at", "-id").first()
    if version is None or PredictionSet.objects.filter(version=version).exists():
        return 0
    actor = get_user_model().objects.get(username="mina.park")
    edges = [310.0, 420.0, 505.0, 580.0, 650.0, 720.0, 790.0, 860.0, 940.0]
    reference = prediction_set_histograms(
        actor=actor,
        version=version,
        role=PredictionSet.Role.REFERENCE,
        features={
            "monthly_income": {"edges": edges, "counts": [100] * 10},
            "region": {"categories": {"north": 420, "south": 380, "east": 200}},
        },
        groups={"sex": {"female": [300, 160, 60, 230], "male": [200, 40, 30, 80]}},
        labelled=True,
    )
    live = prediction_set_histograms(
        actor=actor,
        version=version,
        role=PredictionSet.Role.LIVE,
        features={
            "monthly_income": {"edges": edges, "counts": [60, 70, 80, 90, 100, 100, 110, 120, 130, 140]},
            "region": {"categories": {"north": 300, "south": 350, "east": 250, "west": 100}},
        },
        groups={"sex": {"female": [330, 120, 70, 180], "male": [150, 50, 20, 80]}},
        labelled=True,
    )
    return int(reference.pk is not None) + int(live.pk is not None)
