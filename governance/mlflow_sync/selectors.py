"""Reads for the connector pages: a fixed number of queries per page, whatever the number of runs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from governance.teams import permissions as perms

from .models import MlflowConnector, SyncConflict, SyncRun, UnmappedModel


def require_reader(*, user: Any) -> None:
    """Connectors are site-wide: governance admins and auditors read them."""
    if not perms.sees_everything(user):
        raise PermissionDenied(_("Only governance admins and auditors see the MLflow connectors."))


def connector_list(*, user: Any) -> QuerySet[MlflowConnector]:
    require_reader(user=user)
    return MlflowConnector.objects.select_related("default_team").order_by("name")


def connector_get(*, user: Any, pk: int) -> MlflowConnector:
    require_reader(user=user)
    connector = MlflowConnector.objects.select_related("default_team", "default_owner").filter(pk=pk).first()
    if connector is None:
        raise Http404("No such connector.")
    return connector


def connector_runs(*, connector: MlflowConnector) -> QuerySet[SyncRun]:
    return connector.runs.select_related("requested_by").order_by("-created_at", "-id")


def latest_finished_run(*, connector: MlflowConnector) -> SyncRun | None:
    return (
        connector.runs.filter(status__in=[SyncRun.Status.SUCCEEDED, SyncRun.Status.FAILED])
        .order_by("-created_at", "-id")
        .first()
    )


def run_get(*, user: Any, pk: int) -> SyncRun:
    require_reader(user=user)
    run = SyncRun.objects.select_related("connector", "requested_by").filter(pk=pk).first()
    if run is None:
        raise Http404("No such sync.")
    return run


def run_conflicts(*, run: SyncRun) -> QuerySet[SyncConflict]:
    return run.conflict_records.order_by("mlflow_name", "mlflow_version", "id")


def run_unmapped(*, run: SyncRun) -> QuerySet[UnmappedModel]:
    return run.unmapped_records.order_by("mlflow_name", "id")
