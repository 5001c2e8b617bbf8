from django.apps import AppConfig


class TeamsConfig(AppConfig):
    """Teams, memberships, the site roles and the access rules every domain app asks."""

    name = "governance.teams"
    label = "teams"
    verbose_name = "Teams"
