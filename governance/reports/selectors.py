"""Reads of reports, and who may see what: a report is visible to whoever may see its subject's pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from governance.teams import permissions as perms

from .models import Report


def reports_visible_to(*, user: Any) -> QuerySet[Report]:
    """Governance admins and auditors see every report; others their own, on subjects they may still see."""
    qs = Report.objects.select_related("model", "model__team", "team", "check_run", "requested_by")
    if perms.sees_everything(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    teams = list(perms.team_roles(user))
    return qs.filter(requested_by=user).filter(
        Q(kind=Report.Kind.MODEL_DOSSIER, model__team_id__in=teams)
        | Q(kind=Report.Kind.TEAM_MATURITY, team_id__in=teams)
    )


def report_get_for_view(*, user: Any, pk: int) -> Report:
    """404 rather than 403 for a report the user may not see: its existence says nothing to them."""
    return get_object_or_404(reports_visible_to(user=user), pk=pk)
