"""'Waiting for me': what a person should act on, across the gate and the risk register.

Kept here for now; the integrator may move it to the cross-app pages package (governance/portal)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

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
    """The header's number: requests to decide, risks to accept, my overdue reviews, in one query."""
    if not user.is_authenticated:
        return 0
    today = timezone.localdate()
    parts = [
        requests_to_decide(user=user),
        risks_to_accept(user=user, today=today),
        my_overdue_reviews(user=user, today=today),
    ]
    ids = [qs.select_related(None).order_by().values_list("pk", flat=True) for qs in parts]
    return ids[0].union(*ids[1:], all=True).count()
