"""The two steps every service write shares: apply allowed changes, then validate and save with history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .inputs import NUL_MESSAGE, nul_paths


def validated_save(instance: Any, *, actor: Any, reason: str = "") -> None:
    """Validate every field and constraint, then save with the actor recorded in the history."""
    refuse_nul_characters(instance)
    instance.full_clean()
    instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a concurrent writer won the race full_clean could not see
        raise ValidationError(_("This change conflicts with another record: %(exc)s") % {"exc": exc}) from exc


def refuse_nul_characters(instance: Any) -> None:
    """The last guard before the database: PostgreSQL refuses NUL in text and jsonb with an error (a 500),
    whatever path the value came by. Forms and the API's parser refuse it earlier with a clearer message."""
    errors = {
        field.attname: [NUL_MESSAGE]
        for field in instance._meta.concrete_fields
        if isinstance(getattr(instance, field.attname), str | dict | list)
        and nul_paths(getattr(instance, field.attname))
    }
    if errors:
        raise ValidationError(errors)


def apply_changes(instance: Any, changes: dict[str, Any], allowed: frozenset[str]) -> list[str]:
    """Set the allowed fields that differ; refuse any other field. Returns the names that changed."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(value)s.") % {"value": ", ".join(sorted(unknown))}
        )
    changed = []
    for field, value in changes.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed
