"""Reads about teams: which a person may see, and who belongs to one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from . import permissions as perms
from .models import Membership, Team


def teams_visible_to(*, user: Any) -> QuerySet[Team]:
    if perms.sees_everything(user):
        return Team.objects.all()
    return Team.objects.filter(pk__in=list(perms.team_roles(user)))


def team_members(*, team: Team) -> QuerySet[Membership]:
    return team.memberships.select_related("user").order_by("role", "user__username")


def user_language(*, user: Any) -> str:
    """The saved language, or '' (then the browser's Accept-Language, then LANGUAGE_CODE, decide)."""
    pref = getattr(user, "preference", None) if getattr(user, "is_authenticated", False) else None
    return pref.language if pref else ""


def user_time_zone(*, user: Any) -> str:
    """The saved time zone, else the site's (settings.TIME_ZONE, from the environment)."""
    from django.conf import settings

    pref = getattr(user, "preference", None) if getattr(user, "is_authenticated", False) else None
    return (pref.time_zone if pref else "") or settings.TIME_ZONE
