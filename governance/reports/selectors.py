"""Reads of reports, and who may see what: a report is visible to whoever may see its subject's pages.

A dossier is visible to everyone who may see its model, a team report to everyone who may see the team,
whoever requested it (an auditor's dossier of a model is its owner's to read too). Organisation and check-run
reports cover every team: governance admins and auditors see them, and so does their requester.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from governance.teams import permissions as perms

from .models import Report


def reports_visible_to(*, user: Any) -> QuerySet[Report]:
    """Governance admins and auditors see every report; others the reports on models and teams they may see,
    and the organisation-wide ones they requested themselves."""
    qs = Report.objects.select_related("model", "model__team", "team", "check_run", "requested_by")
    if perms.sees_everything(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    teams = list(perms.team_roles(user))
    return qs.filter(
        Q(kind__in=(Report.Kind.MODEL_DOSSIER, Report.Kind.TECHNICAL_DOCUMENTATION), model__team_id__in=teams)
        | Q(kind=Report.Kind.TEAM_MATURITY, team_id__in=teams)
        | Q(kind__in=(Report.Kind.ORGANISATION, Report.Kind.CHECK_RUN), requested_by=user)
    )


def report_get_for_view(*, user: Any, pk: int) -> Report:
    """404 rather than 403 for a report the user may not see: its existence says nothing to them."""
    return get_object_or_404(reports_visible_to(user=user), pk=pk)
