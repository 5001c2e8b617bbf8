"""Setting and removing tags on models and versions, and moving aliases between a model's versions.

The team's contributors and maintainers (and governance admins) may change them, as any other field of the
model. An alias named like a promotion-gate environment is refused: only a promotion moves those.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.foundation.inputs import NUL_MESSAGE
from governance.foundation.writes import validated_save
from governance.teams import permissions as perms

from ..models import MLModel, ModelTag, ModelVersion, VersionAlias, VersionTag
from ..tags import reserved_alias_names


def reserved_aliases() -> set[str]:
    """Lower-cased names no alias may take: the environments the promotion gate announces."""
    names: set[str] = set()
    for _receiver, response in reserved_alias_names.send(sender=VersionAlias):
        names |= {str(n).lower() for n in response or ()}
    return names


def alias_is_reserved(name: str) -> bool:
    return name.strip().lower() in reserved_aliases()


def _refuse_nul(field: str, text: str) -> None:
    """A NUL never reaches a lookup: PostgreSQL refuses it with an error, not an empty answer."""
    if "\x00" in text:
        raise ValidationError({field: [NUL_MESSAGE]})


def _require_editor(actor: Any, team_id: int) -> None:
    if not perms.can_edit_team(actor, team_id):
        raise PermissionDenied(_("You may not change this model's tags or aliases."))


def model_tag_set(*, actor: Any, model: MLModel, key: str, value: str) -> ModelTag:
    _require_editor(actor, model.team_id)
    _refuse_nul("key", key)
    with transaction.atomic():
        tag = ModelTag.objects.select_for_update().filter(model=model, key=key.strip()).first()
        if tag is None:
            tag = ModelTag(model=model, key=key.strip(), value=value)
        elif tag.value == value:
            return tag
        tag.value = value
        validated_save(tag, actor=actor, reason="Tag set")
    return tag


def model_tag_remove(*, actor: Any, model: MLModel, key: str) -> bool:
    _require_editor(actor, model.team_id)
    tag = None if "\x00" in key else ModelTag.objects.filter(model=model, key=key).first()
    if tag is None:
        return False
    tag._history_user = actor
    tag._change_reason = "Tag removed"
    tag.delete()
    return True


def version_tag_set(*, actor: Any, version: ModelVersion, key: str, value: str) -> VersionTag:
    _require_editor(actor, version.model.team_id)
    _refuse_nul("key", key)
    with transaction.atomic():
        tag = VersionTag.objects.select_for_update().filter(version=version, key=key.strip()).first()
        if tag is None:
            tag = VersionTag(version=version, key=key.strip(), value=value)
        elif tag.value == value:
            return tag
        tag.value = value
        validated_save(tag, actor=actor, reason="Tag set")
    return tag


def version_tag_remove(*, actor: Any, version: ModelVersion, key: str) -> bool:
    _require_editor(actor, version.model.team_id)
    tag = None if "\x00" in key else VersionTag.objects.filter(version=version, key=key).first()
    if tag is None:
        return False
    tag._history_user = actor
    tag._change_reason = "Tag removed"
    tag.delete()
    return True


def alias_set(*, actor: Any, version: ModelVersion, name: str) -> VersionAlias:
    """Point the alias at this version, moving it from the version that held it (one per model)."""
    _require_editor(actor, version.model.team_id)
    _refuse_nul("name", name)
    name = name.strip()
    if alias_is_reserved(name):
        raise ValidationError(
            {
                "name": _(
                    "'%(name)s' is a promotion-gate environment, not an ordinary alias: only a promotion "
                    "moves it. Ask for one on the version's gate page, or with POST /api/v1/promotions/."
                )
                % {"name": name}
            }
        )
    with transaction.atomic():
        alias = VersionAlias.objects.select_for_update().filter(model_id=version.model_id, name=name).first()
        if alias is None:
            alias = VersionAlias(model_id=version.model_id, name=name)
        elif alias.version_id == version.pk:
            return alias
        alias.version = version
        validated_save(alias, actor=actor, reason=f"Alias @{name} set to {version.label}")
    return alias


def alias_remove(*, actor: Any, model: MLModel, name: str) -> bool:
    _require_editor(actor, model.team_id)
    alias = None if "\x00" in name else VersionAlias.objects.filter(model=model, name=name).first()
    if alias is None:
        return False
    alias._history_user = actor
    alias._change_reason = "Alias removed"
    alias.delete()
    return True
