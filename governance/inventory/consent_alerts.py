"""Consents that need someone's attention, on the sources the given models still use. The dashboard counts
them and the data-source list filters by them, so both use these definitions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import ConsentRecord, DataSource, DataSourceUse, MLModel

EXPIRING, WITHDRAWN_IN_USE = "expiring", "withdrawn_in_use"


def _in_use(*, models: QuerySet[MLModel]) -> Exists:
    """The consent's source is used by one of the models that is not retired (checked per consent)."""
    live = models.exclude(stage=MLModel.Stage.RETIRED).values("pk")
    return Exists(DataSourceUse.objects.filter(data_source_id=OuterRef("data_source_id"), model__in=live))


def _expiring_q(*, today: datetime.date, days: int) -> Q:
    """In force today and ending within `days` days."""
    return Q(
        withdrawn_at__isnull=True,
        obtained_on__lte=today,
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=days),
    )


WITHDRAWN_Q = Q(withdrawn_at__isnull=False)


def consents_expiring(
    *, models: QuerySet[MLModel], today: datetime.date, days: int
) -> QuerySet[ConsentRecord]:
    """Consents in force that end within `days` days, on sources the models still use; soonest first."""
    return (
        ConsentRecord.objects.filter(_expiring_q(today=today, days=days))
        .filter(_in_use(models=models))
        .order_by("expires_on", "id")
    )


def consents_withdrawn_in_use(*, models: QuerySet[MLModel]) -> QuerySet[ConsentRecord]:
    """Withdrawn consents whose source the models still use (a use may rest on them); latest first."""
    return (
        ConsentRecord.objects.filter(WITHDRAWN_Q)
        .filter(_in_use(models=models))
        .order_by("-withdrawn_at", "-id")
    )


@dataclass(frozen=True)
class ConsentAlert:
    id: int
    reference: str
    purpose: str
    expires_on: datetime.date | None
    withdrawn_at: datetime.datetime | None
    data_source_id: int
    data_source_name: str


def alerts(
    *, models: QuerySet[MLModel], today: datetime.date, days: int, shown: int
) -> tuple[list[ConsentAlert], int, list[ConsentAlert], int]:
    """Expiring (soonest first) and withdrawn (latest first) consents in use: the first `shown` of each and
    how many in all, from one query of plain rows (the in-use test is the costly part, so it runs once)."""
    rows = [
        ConsentAlert(*row)
        for row in ConsentRecord.objects.filter(_expiring_q(today=today, days=days) | WITHDRAWN_Q)
        .filter(_in_use(models=models))
        .order_by()
        .values_list(
            "id", "reference", "purpose", "expires_on", "withdrawn_at", "data_source_id", "data_source__name"
        )
    ]
    expiring = sorted((c for c in rows if c.withdrawn_at is None), key=lambda c: (c.expires_on, c.id))
    withdrawn = sorted((c for c in rows if c.withdrawn_at is not None), key=lambda c: (c.withdrawn_at, c.id))
    withdrawn.reverse()
    return expiring[:shown], len(expiring), withdrawn[:shown], len(withdrawn)


def sources_with(
    *, sources: QuerySet[DataSource], alert: str, models: QuerySet[MLModel], today: datetime.date, days: int
) -> QuerySet[DataSource]:
    consents = (
        consents_expiring(models=models, today=today, days=days)
        if alert == EXPIRING
        else consents_withdrawn_in_use(models=models)
    )
    return sources.filter(pk__in=consents.order_by().values("data_source_id"))
