"""Who may change the data-source catalogue, on top of the team rules (governance/teams/permissions.py).

Data sources are a shared catalogue that every signed-in user reads; the steward, the stewarding team's
maintainers and governance admins change them and their consent records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from governance.teams.models import Membership
from governance.teams.permissions import editable_team_ids, is_governance_admin, team_roles

from .models import DataSource

if TYPE_CHECKING:
    from governance.teams.permissions import AnyUser


def can_create_data_source(user: AnyUser) -> bool:
    return editable_team_ids(user) != set()


def can_manage_data_source(user: AnyUser, source: DataSource) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        is_governance_admin(user)
        or source.steward_id == user.pk
        or team_roles(user).get(source.team_id) == Membership.Role.MAINTAINER
    )
