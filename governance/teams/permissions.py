"""Who may see and change what. Access is decided per team; two site-wide groups see everything.

Roles: a team viewer reads the team's models; a contributor also registers and edits them; a maintainer also
transfers ownership. Auditors read everything; governance admins do everything. Rules that need a domain
model (data-source stewardship) live with their app and build on these (governance/inventory/permissions.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .models import AUDITOR_GROUP, GOVERNANCE_ADMIN_GROUP, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

EDIT_ROLES = frozenset({Membership.Role.CONTRIBUTOR, Membership.Role.MAINTAINER})


def _group_names(user: AnyUser) -> frozenset[str]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_governance_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._governance_groups = cached
    return cached


def team_roles(user: AnyUser) -> dict[int, str]:
    """The user's role in each team, by team id; cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_governance_team_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("team_id", "role"))
        user._governance_team_roles = cached
    return cached


def prime_cached_roles(users: Iterable[Any]) -> None:
    """Fill the groups and team-roles caches of many users in two queries, for code that checks the rights of
    hundreds of users at once (an MLflow sync mapping owners), instead of two queries per user."""
    from django.contrib.auth import get_user_model

    users = [u for u in users if getattr(u, "pk", None) is not None]
    ids = [u.pk for u in users]
    if not ids:
        return
    groups: dict[int, set[str]] = {pk: set() for pk in ids}
    through = get_user_model().groups.through
    for user_id, name in through.objects.filter(user_id__in=ids).values_list("user_id", "group__name"):
        groups[user_id].add(name)
    roles: dict[int, dict[int, str]] = {pk: {} for pk in ids}
    for user_id, team_id, role in Membership.objects.filter(user_id__in=ids).values_list(
        "user_id", "team_id", "role"
    ):
        roles[user_id][team_id] = role
    for user in users:
        user._governance_groups = frozenset(groups[user.pk])
        user._governance_team_roles = roles[user.pk]


def forget_cached_roles(user: AnyUser) -> None:
    for attr in ("_governance_groups", "_governance_team_roles"):
        if hasattr(user, attr):
            delattr(user, attr)


def is_governance_admin(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or GOVERNANCE_ADMIN_GROUP in _group_names(user)


def is_auditor(user: AnyUser) -> bool:
    return AUDITOR_GROUP in _group_names(user)


def sees_everything(user: AnyUser) -> bool:
    return is_governance_admin(user) or is_auditor(user)


def can_view_team(user: AnyUser, team_id: int) -> bool:
    return sees_everything(user) or team_id in team_roles(user)


def can_edit_team(user: AnyUser, team_id: int) -> bool:
    return is_governance_admin(user) or team_roles(user).get(team_id) in EDIT_ROLES


def can_maintain_team(user: AnyUser, team_id: int) -> bool:
    return is_governance_admin(user) or team_roles(user).get(team_id) == Membership.Role.MAINTAINER


def editable_team_ids(user: AnyUser) -> set[int] | None:
    """Ids of teams whose models the user may change; None means every team."""
    if is_governance_admin(user):
        return None
    return {team_id for team_id, role in team_roles(user).items() if role in EDIT_ROLES}
