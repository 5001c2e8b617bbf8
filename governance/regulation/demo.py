"""Demo data: the demo models get what the data migration gives existing models, a "legacy, unverified"
classification from their hand-set tier (the check warns on it during the grace period). Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from governance.inventory.models import MLModel

from .models import Classification, Framework
from .services import legacy_classification


def seed_demo_regulation(*, today: datetime.date) -> int:
    have = set(
        Classification.objects.filter(framework=Framework.EU_AI_ACT).values_list("model_id", flat=True)
    )
    now = timezone.now()
    rows = [
        legacy_classification(Classification=Classification, model=model, now=now)
        for model in MLModel.objects.only("id", "ai_act_tier", "purpose")
        if model.pk not in have
    ]
    Classification.objects.bulk_create(rows)
    return len(rows)
