"""Reads of the register. The heat map here is the one the pages and the PDF reports share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.teams import permissions as perms

from .matrix import Level
from .models import Risk, RiskAcceptance, RiskMatrix


def risks_visible_to(*, user: Any) -> QuerySet[Risk]:
    qs = Risk.objects.all()
    if perms.sees_everything(user):
        return qs
    return qs.filter(model__team_id__in=list(perms.team_roles(user)))


def risk_list(*, user: Any) -> QuerySet[Risk]:
    return (
        risks_visible_to(user=user)
        .select_related("model", "model__team", "owner", "matrix")
        .order_by("-residual_level", "-residual_score", "title", "id")
    )


def risk_get_for_view(*, user: Any, pk: int) -> Risk:
    risk = get_object_or_404(Risk.objects.select_related("model", "model__team", "owner", "matrix"), pk=pk)
    if not perms.can_view_team(user, risk.model.team_id):
        raise Http404  # another team's risk answers as a missing one: no probing by status code
    return risk


def risk_get_for_edit(*, user: Any, pk: int) -> Risk:
    risk = risk_get_for_view(user=user, pk=pk)
    if not perms.can_edit_team(user, risk.model.team_id):
        raise PermissionDenied(
            _("Only contributors and maintainers of the model's team may change its risks.")
        )
    return risk


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    level: Level
    count: int


@dataclass(frozen=True)
class HeatMap:
    matrix: RiskMatrix
    basis: str
    rows: list[tuple[str, list[HeatCell]]]  # highest likelihood first, as a heat map is read
    impact_labels: list[str]
    total: int


def heat_map(*, risks: QuerySet[Risk], matrix: RiskMatrix, basis: str = "residual") -> HeatMap:
    """Counts of active risks per likelihood x impact cell of one matrix, in one query."""
    if basis not in ("inherent", "residual"):
        raise ValueError(f"Unknown basis {basis!r}")
    lk, im = f"{basis}_likelihood", f"{basis}_impact"
    counts = {
        (row[lk], row[im]): row["n"]
        for row in risks.filter(matrix=matrix, status=Risk.Status.ACTIVE)
        .order_by()
        .values(lk, im)
        .annotate(n=Count("*"))  # COUNT(*): the cell index answers it without reading rows
    }
    return heat_map_from_counts(matrix=matrix, basis=basis, counts=counts)


def heat_map_from_counts(*, matrix: RiskMatrix, basis: str, counts: dict[tuple[int, int], int]) -> HeatMap:
    levels = matrix.level_objects
    rows = []
    for likelihood in range(len(matrix.likelihood_labels), 0, -1):
        cells = [
            HeatCell(
                likelihood,
                impact,
                levels[matrix.grid[likelihood - 1][impact - 1]],
                counts.get((likelihood, impact), 0),
            )
            for impact in range(1, len(matrix.impact_labels) + 1)
        ]
        rows.append((matrix.likelihood_labels[likelihood - 1], cells))
    return HeatMap(matrix, basis, rows, list(matrix.impact_labels), sum(counts.values()))


def register_summary(*, risks: QuerySet[Risk], today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    # One grouped COUNT(*) over (status, next_review_due): an index-only scan, not a read of every row.
    late = ExpressionWrapper(Q(next_review_due__lt=today), output_field=BooleanField())
    rows = (
        risks.filter(status__in=[Risk.Status.ACTIVE, Risk.Status.DRAFT])
        .order_by()
        .annotate(late=late)
        .values("status", "late")
        .annotate(n=Count("*"))
    )
    summary = {"active": 0, "draft": 0, "overdue": 0}
    for row in rows:
        summary[row["status"]] += row["n"]
        if row["status"] == Risk.Status.ACTIVE and row["late"]:
            summary["overdue"] += row["n"]
    return summary


def risk_detail_parts(*, risk: Risk) -> dict[str, Any]:
    today = timezone.localdate()
    acceptances = list(risk.acceptances.select_related("approver"))
    return {
        "mitigations": risk.mitigations.select_related("owner"),
        "acceptances": [(a, a.is_active(today)) for a in acceptances],
        "has_active_acceptance": any(a.is_active(today) for a in acceptances),
        "reviews": risk.reviews.select_related("reviewed_by")[:20],
        "overdue": risk.is_overdue(today),
    }


def risk_history(*, risk: Risk, limit: int = 100) -> list[Any]:
    from governance.foundation.history import history_entries

    from .models import Mitigation

    return history_entries(
        [
            ("Risk", Risk.history.filter(id=risk.pk)),
            ("Mitigation", Mitigation.history.filter(risk_id=risk.pk)),
            ("Acceptance", RiskAcceptance.history.filter(risk_id=risk.pk)),
        ],
        value_labels=risk_value_labels(),
        limit=limit,
    )


def risk_value_labels() -> dict[str, Any]:
    """A risk's coded fields in the words of its matrix: level names, and ratings with their labels."""
    matrices = {m.pk: m for m in RiskMatrix.objects.all()}

    def level(record: Any, index: int) -> str:
        levels = matrices[record.matrix_id].levels
        return levels[index]["name"] if 0 <= index < len(levels) else f"level {index + 1}"

    def rating(side: str) -> Any:
        def label(record: Any, value: int) -> str:
            labels = getattr(matrices[record.matrix_id], f"{side}_labels")
            return f"{value} · {labels[value - 1]}" if 1 <= value <= len(labels) else str(value)

        return label

    return {
        "inherent_level": level,
        "residual_level": level,
        **{f"{kind}_likelihood": rating("likelihood") for kind in ("inherent", "residual")},
        **{f"{kind}_impact": rating("impact") for kind in ("inherent", "residual")},
    }


def default_matrix_or_none() -> RiskMatrix | None:
    return RiskMatrix.objects.filter(is_default=True).first()


def model_risk_panel(*, user: Any, model) -> dict[str, Any]:
    """What a model's page shows of its risks: the list, both heat maps, and missing standard risks."""
    from .services import STANDARD_RISKS

    risks = Risk.objects.filter(model=model)
    matrix = default_matrix_or_none()
    present = set(risks.exclude(status=Risk.Status.CLOSED).values_list("category", flat=True))
    return {
        "risks": risks.exclude(status=Risk.Status.CLOSED).select_related("owner", "matrix"),
        "heat_inherent": heat_map(risks=risks, matrix=matrix, basis="inherent") if matrix else None,
        "heat_residual": heat_map(risks=risks, matrix=matrix, basis="residual") if matrix else None,
        "missing_standard": [title for category, title in STANDARD_RISKS if category not in present],
        "can_edit_risks": perms.can_edit_team(user, model.team_id) and not model.is_retired,
        "risk_query": f"model={model.pk}",
    }


def highest_residual_by_model(*, model_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each model's highest active residual risk (level, then score): two queries for any number of models."""
    rows = (
        Risk.objects.filter(model_id__in=model_ids, status=Risk.Status.ACTIVE)
        .order_by("model_id", "-residual_level", "-residual_score", "id")
        .values("id", "model_id", "matrix_id", "residual_level", "residual_score")
    )
    top: dict[int, dict[str, Any]] = {}
    for row in rows:
        top.setdefault(row["model_id"], row)
    matrices = {
        m.pk: m.level_objects
        for m in RiskMatrix.objects.filter(pk__in={r["matrix_id"] for r in top.values()})
    }
    return {
        model_id: {
            "level": row["residual_level"],
            "name": matrices[row["matrix_id"]][row["residual_level"]].name,
            "score": row["residual_score"],
            "risk_id": row["id"],
        }
        for model_id, row in top.items()
    }
