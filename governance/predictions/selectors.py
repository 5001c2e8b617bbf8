"""Reads of prediction sets and their results, shared by the page, the API and the PDF dossier."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from governance.inventory.models import ModelVersion
from governance.teams import permissions as perms

from .models import PredictionSet

LIST_FIELDS_DEFERRED = ("profile", "results", "histograms", "schema")


def current_reference(*, version: ModelVersion) -> PredictionSet | None:
    """The version's newest computed reference set that no newer one superseded."""
    return (
        PredictionSet.objects.filter(
            version=version,
            role=PredictionSet.Role.REFERENCE,
            status=PredictionSet.Status.COMPUTED,
            superseded_by__isnull=True,
        )
        .order_by("-computed_at", "-id")
        .first()
    )


def visible_sets(*, user: Any) -> QuerySet[PredictionSet]:
    """Sets of the teams the user may see (everything for auditors and governance admins)."""
    queryset = PredictionSet.objects.select_related("version__model", "uploaded_by")
    if perms.sees_everything(user):
        return queryset
    return queryset.filter(version__model__team_id__in=list(perms.team_roles(user)))


def version_sets(*, version: ModelVersion) -> QuerySet[PredictionSet]:
    return (
        PredictionSet.objects.filter(version=version)
        .defer(*LIST_FIELDS_DEFERRED)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")
    )


def can_download_team(*, user: Any, team_id: int) -> bool:
    """Rows may hold personal data: only the team's maintainers, governance admins and auditors."""
    return perms.can_maintain_team(user, team_id) or perms.is_auditor(user)


def can_download(*, user: Any, prediction_set: PredictionSet) -> bool:
    return can_download_team(user=user, team_id=prediction_set.version.model.team_id)


def live_history(*, version: ModelVersion, limit: int = 24) -> list[PredictionSet]:
    """The newest computed live windows, oldest first (for the over-time table and chart)."""
    rows = list(
        PredictionSet.objects.filter(
            version=version, role=PredictionSet.Role.LIVE, status=PredictionSet.Status.COMPUTED
        )
        .defer("profile", "histograms", "schema")
        .order_by("-computed_at", "-id")[:limit]
    )
    return rows[::-1]


def worst_ratio(results: dict[str, Any]) -> tuple[str, float] | None:
    """The attribute with the lowest demographic-parity ratio among judged groups, and that ratio."""
    ratios = [
        (key, a["demographic_parity_ratio"])
        for key, a in (results.get("fairness", {}).get("attributes") or {}).items()
        if a.get("demographic_parity_ratio") is not None
    ]
    return min(ratios, key=lambda kv: kv[1]) if ratios else None


def fairness_page(*, version: ModelVersion) -> dict[str, Any]:
    """Everything the version's fairness-and-drift page and the dossier section show, in 3 queries."""
    reference = current_reference(version=version)
    history = live_history(version=version)
    latest_live = history[-1] if history else None
    windows = []
    for live in history:
        worst = worst_ratio(live.results)
        drift = live.results.get("drift", {})
        psis = [d["psi"] for d in drift.values() if d.get("psi") is not None]
        windows.append(
            {
                "set": live,
                "rows": live.row_count,
                "worst_attribute": worst[0] if worst else None,
                "worst_ratio": worst[1] if worst else None,
                "max_psi": max(psis) if psis else None,
            }
        )
    return {
        "version": version,
        "reference": reference,
        "latest_live": latest_live,
        "windows": windows,
    }
