"""Reads: a user's notices and bell count, their preferences, and who receives each kind of event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q, QuerySet

from governance.teams.models import GOVERNANCE_ADMIN_GROUP, Membership

from .kinds import Kind, default_delivery
from .models import MailFailure, Notification, NotificationPreference
from .services import unread_cache_key

# Counts are kept right by the writes (incremented on each new notice, dropped when read); the expiry only
# bounds staleness where the cache is per process (local memory, no REDIS_URL) and a worker made the notice.
UNREAD_CACHE_SECONDS = 300


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    """The bell's number: cached per user, forgotten whenever one of their notices is created or read."""
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def preferences_for(*, user: Any) -> dict[str, str]:
    """Every kind with the user's choice (the default where they made none)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind) or default_delivery(kind) for kind in Kind.values}


def governance_admin_ids() -> set[int]:
    users = get_user_model().objects.filter(is_active=True)
    return set(
        users.filter(Q(is_superuser=True) | Q(groups__name=GOVERNANCE_ADMIN_GROUP)).values_list(
            "pk", flat=True
        )
    )


def maintainer_ids(*, team_ids: set[int]) -> dict[int, set[int]]:
    """Active maintainers of each team, by team id (one query)."""
    found: dict[int, set[int]] = {tid: set() for tid in team_ids}
    rows = Membership.objects.filter(
        team_id__in=team_ids, role=Membership.Role.MAINTAINER, user__is_active=True
    ).values_list("team_id", "user_id")
    for team_id, user_id in rows:
        found[team_id].add(user_id)
    return found


def recent_mail_failures(*, limit: int = 5) -> list[MailFailure]:
    return list(MailFailure.objects.all()[:limit])


def mail_backlog() -> dict[str, int]:
    """How many notices wait for e-mail, are being retried or were given up, and how many are in a digest
    being sent (a count that stays up means a worker died; the five-minute pass sends it again)."""
    states = [
        Notification.Mail.PENDING,
        Notification.Mail.FAILED,
        Notification.Mail.GAVE_UP,
        Notification.Mail.DIGESTING,
    ]
    counts = dict.fromkeys(states, 0)
    for state in states:
        counts[state] = Notification.objects.filter(mail=state).count()
    return counts
