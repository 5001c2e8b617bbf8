"""'Waiting for me': what a person should act on, across the gate and the risk register.

Kept here for now; the integrator may move it to the cross-app pages package (governance/portal)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import DateTimeField, Exists, F, OuterRef, QuerySet, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from governance.foundation import freshness
from governance.risks.models import Risk, RiskAcceptance
from governance.risks.treatment import acceptance_in_force_q
from governance.teams import permissions as perms

from .models import Approval, PromotionRequest
from .selectors import decidable_q, requests_visible_to

DECIDED_WINDOW_DAYS = 30
LIMIT = 50


def requests_to_decide(*, user: Any) -> QuerySet[PromotionRequest]:
    mine = Approval.objects.filter(request=OuterRef("pk"), approver=user)
    return (
        requests_visible_to(user=user)
        .filter(decidable_q(user=user))
        .exclude(Exists(mine))
        .order_by("expires_at")
    )


def risks_to_accept(*, user: Any, today: datetime.date) -> QuerySet[Risk]:
    """Risks whose treatment is 'accept' with no acceptance in force, for those who may accept them."""
    in_force = RiskAcceptance.objects.filter(acceptance_in_force_q(today=today), risk=OuterRef("pk"))
    risks = Risk.objects.filter(status=Risk.Status.ACTIVE, treatment=Risk.Treatment.ACCEPT).exclude(
        Exists(in_force)
    )
    if not perms.is_governance_admin(user):
        maintained = [t for t, role in perms.team_roles(user).items() if role == "maintainer"]
        risks = risks.filter(model__team_id__in=maintained)
    return risks.exclude(owner=user).select_related("model").order_by("-residual_level", "title")


def my_overdue_reviews(*, user: Any, today: datetime.date) -> QuerySet[Risk]:
    return (
        Risk.objects.filter(owner=user, status=Risk.Status.ACTIVE, next_review_due__lt=today)
        .select_related("model")
        .order_by("next_review_due")
    )


def my_decided_requests(*, user: Any) -> QuerySet[PromotionRequest]:
    since = timezone.now() - datetime.timedelta(days=DECIDED_WINDOW_DAYS)
    return (
        requests_visible_to(user=user)
        .filter(requested_by=user, decided_at__gte=since)
        .exclude(status=PromotionRequest.Status.OPEN)
        .order_by("-decided_at")
    )


@dataclass
class Inbox:
    to_decide: list[PromotionRequest]
    to_accept: list[Risk]
    overdue: list[Risk]
    decided: list[PromotionRequest]
    counts: dict[str, int]

    @property
    def waiting(self) -> int:
        return self.counts["to_decide"] + self.counts["to_accept"] + self.counts["overdue"]


def inbox_for(*, user: Any) -> Inbox:
    today = timezone.localdate()
    parts = {
        "to_decide": requests_to_decide(user=user),
        "to_accept": risks_to_accept(user=user, today=today),
        "overdue": my_overdue_reviews(user=user, today=today),
        "decided": my_decided_requests(user=user),
    }
    lists = {name: list(qs[:LIMIT]) for name, qs in parts.items()}
    counts = {name: len(lists[name]) if len(lists[name]) < LIMIT else parts[name].count() for name in parts}
    return Inbox(**lists, counts=counts)


def waiting_count(*, user: Any) -> int:
    """The header's number: requests to decide, risks to accept, my overdue reviews. Cached per user until
    a write commits, the day changes or the first counted request expires (foundation.freshness); one
    query when cold."""
    if not user.is_authenticated:
        return 0
    count, _ = freshness.cached(
        name="inbox", user_id=user.pk, compute=lambda: _waiting(user=user), until=lambda found: found[1]
    )
    return count


def _waiting(*, user: Any) -> tuple[int, datetime.datetime | None]:
    """How many items wait for the user, and when the first counted request expires: one query."""
    today = timezone.localdate()
    no_expiry = Value(None, output_field=DateTimeField())
    parts = [
        requests_to_decide(user=user).annotate(waiting_expires=F("expires_at")),
        risks_to_accept(user=user, today=today).annotate(waiting_expires=no_expiry),
        my_overdue_reviews(user=user, today=today).annotate(waiting_expires=no_expiry),
    ]
    rows = [qs.select_related(None).order_by().values_list("pk", "waiting_expires") for qs in parts]
    sql, params = rows[0].union(*rows[1:], all=True).query.sql_with_params()
    with connection.cursor() as cursor:
        # Django's own SQL and parameters, wrapped: a union allows no aggregate but COUNT in the ORM.
        cursor.execute(f'SELECT COUNT(*), MIN("waiting_expires") FROM ({sql}) AS "waiting"', params)  # noqa: S608
        count, first_expiry = cursor.fetchone()
    return count, _aware(first_expiry)


def _aware(value: Any) -> datetime.datetime | None:
    """MIN over a union comes back untyped on SQLite (text); PostgreSQL gives an aware datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value
