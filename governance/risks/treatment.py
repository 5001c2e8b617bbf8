"""What "treated" and "at or above a severity class" mean, defined once for every rule that reads them.

A risk is treated when an acceptance is in force, or a mitigation is done, or one is in progress and not
overdue (no due date, or due today or later). Planned, cancelled and overdue mitigations do not count. The
high-treated check, the promotion gate and the pages all filter with these expressions (docs/decisions.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from .models import Mitigation, Risk, RiskAcceptance, RiskMatrix


def acceptance_in_force_q(*, today: datetime.date, prefix: str = "") -> Q:
    """Acceptances in force on `today`: given on or before it, expiring after it."""
    return Q(**{f"{prefix}accepted_on__lte": today, f"{prefix}expires_on__gt": today})


def mitigation_counts_q(*, today: datetime.date, prefix: str = "") -> Q:
    """Mitigations that treat their risk: done, or in progress and not overdue."""
    return Q(**{f"{prefix}status": Mitigation.Status.DONE}) | (
        Q(**{f"{prefix}status": Mitigation.Status.IN_PROGRESS})
        & (Q(**{f"{prefix}due_date__isnull": True}) | Q(**{f"{prefix}due_date__gte": today}))
    )


def treated_q(*, today: datetime.date) -> Q:
    """A filter on Risk: the risk is treated on `today` (subqueries, so no join multiplies rows)."""
    accepted = RiskAcceptance.objects.filter(acceptance_in_force_q(today=today), risk_id=OuterRef("pk"))
    mitigated = Mitigation.objects.filter(mitigation_counts_q(today=today), risk_id=OuterRef("pk"))
    return Q(Exists(accepted)) | Q(Exists(mitigated))


def severity_at_least_q(*, severity: str, matrices: Iterable[RiskMatrix] | None = None) -> Q:
    """A filter on Risk: its residual level's class is `severity` or above, on whichever matrix rates it."""
    matrices = RiskMatrix.objects.only("id", "levels") if matrices is None else matrices
    q = Q(pk__in=[])
    for matrix in matrices:
        lowest = matrix.lowest_level_at_least(severity)
        if lowest is not None:
            q |= Q(matrix_id=matrix.pk, residual_level__gte=lowest)
    return q


def untreated_risks(
    *,
    model_ids: Iterable[int],
    severity: str,
    today: datetime.date,
    matrices: Iterable[RiskMatrix] | None = None,
):
    """Active risks of these models at or above the class and not treated: one query."""
    return (
        Risk.objects.filter(model_id__in=list(model_ids), status=Risk.Status.ACTIVE)
        .filter(severity_at_least_q(severity=severity, matrices=matrices))
        .exclude(treated_q(today=today))
    )


def treated_risk_ids(*, risk_ids: Iterable[int], today: datetime.date) -> set[int]:
    return set(
        Risk.objects.filter(pk__in=list(risk_ids)).filter(treated_q(today=today)).values_list("pk", flat=True)
    )
