from django import template

from governance.teams import permissions as perms

register = template.Library()


@register.filter
def can_run_team_checks(user, team_id: int) -> bool:
    """Team contributors and maintainers (and governance admins) may start a run for the team."""
    return perms.can_edit_team(user, team_id)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
