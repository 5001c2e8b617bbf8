from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    """Teams, memberships, the site roles and the access rules every domain app asks."""

    name = "governance.teams"
    label = "teams"
    verbose_name = _("Teams")
