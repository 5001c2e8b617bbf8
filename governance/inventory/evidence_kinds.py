"""The inventory's records that carry evidence (governance/evidence/kinds.py): model versions (validation
reports) and consent records (the signed form or the consent text)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from governance.evidence.kinds import EvidenceKind, register
from governance.teams import permissions as perms

from .models import ConsentRecord, MLModel, ModelVersion
from .permissions import can_manage_data_source


def _version_for_view(*, user: Any, pk: int) -> ModelVersion:
    version = get_object_or_404(ModelVersion.objects.select_related("model", "model__team"), pk=pk)
    if not perms.can_view_team(user, version.model.team_id):
        raise Http404
    return version


def _version_can_change(user: Any, version: ModelVersion) -> bool:
    if version.model.stage == MLModel.Stage.RETIRED:
        return perms.is_governance_admin(user)  # a retired model is frozen except for governance admins
    return perms.can_edit_team(user, version.model.team_id)


def _consent_for_view(*, user: Any, pk: int) -> ConsentRecord:
    """Stricter than the consent list: a signed consent form names a person, so its evidence is read by
    those who manage the source, auditors and governance admins only; others get the 404 of a missing one."""
    consent = get_object_or_404(ConsentRecord.objects.select_related("data_source"), pk=pk)
    if not (perms.sees_everything(user) or can_manage_data_source(user, consent.data_source)):
        raise Http404
    return consent


def register_kinds() -> None:
    register(
        EvidenceKind(
            key="version",
            model=ModelVersion,
            label="Model version",
            get_for_view=_version_for_view,
            can_change=_version_can_change,
            url_of=lambda v: reverse("inventory:model_detail", args=[v.model_id]),
            title_of=lambda v: f"{v.model.name} {v.label}",
            refused="Only contributors and maintainers of the model's team may attach evidence to versions.",
        )
    )
    register(
        EvidenceKind(
            key="consent",
            model=ConsentRecord,
            label="Consent record",
            get_for_view=_consent_for_view,
            can_change=lambda user, c: can_manage_data_source(user, c.data_source),
            url_of=lambda c: reverse("inventory:data_source_detail", args=[c.data_source_id]),
            title_of=lambda c: f"{c.data_source.name}: {c.reference}",
            refused="Only the steward, the stewarding team's maintainers and governance admins may attach "
            "evidence to this source's consents.",
        )
    )
