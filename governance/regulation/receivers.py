"""Keep MLModel.ai_act_tier on its classification, and say when a purpose change means asking again."""

from __future__ import annotations

from typing import Any

from .models import Classification, Framework
from .signals import classification_needs_reasking


def hold_tier(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """pre_save of MLModel: an answered classification is the tier's source; a hand edit cannot change it."""
    if raw or instance.pk is None or getattr(instance, "_regulation_mirror", False):
        return
    from .services import TIER_FOR_EU

    instance._regulation_reask = []
    for classification in Classification.objects.filter(model_id=instance.pk, status="answered"):
        if classification.framework == Framework.EU_AI_ACT:
            instance.ai_act_tier = TIER_FOR_EU[classification.category]
        if classification.purpose_changed(instance.purpose):
            instance._regulation_reask.append(classification)


def tier_held_by(sender: Any, model: Any, **kwargs: Any) -> str | None:
    """Answers inventory's tier_source: an answered EU classification sets the tier, not a hand edit."""
    classification = Classification.objects.filter(
        model_id=model.pk, framework=Framework.EU_AI_ACT, status="answered"
    ).first()
    if classification is None:
        return None
    return f"its answered EU AI Act classification ({classification.category})"


def announce_reasking(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    for classification in getattr(instance, "_regulation_reask", []):
        classification_needs_reasking.send(
            sender=Classification, model=instance, classification=classification
        )
    instance._regulation_reask = []
