"""The two steps every service write shares: apply allowed changes, then validate and save with history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def validated_save(instance: Any, *, actor: Any, reason: str = "") -> None:
    """Validate every field and constraint, then save with the actor recorded in the history."""
    instance.full_clean()
    instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a concurrent writer won the race full_clean could not see
        raise ValidationError(f"This change conflicts with another record: {exc}") from exc


def apply_changes(instance: Any, changes: dict[str, Any], allowed: frozenset[str]) -> list[str]:
    """Set the allowed fields that differ; refuse any other field. Returns the names that changed."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    changed = []
    for field, value in changes.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed
