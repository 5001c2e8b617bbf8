from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top of the house: pages and commands that gather several apps (dashboard, team pages, system
    status, backup, demo and benchmark data). Nothing below imports it."""

    name = "governance.portal"
    label = "portal"
    verbose_name = _("Portal")
