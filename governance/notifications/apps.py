from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        """Listen to the lower apps' signals (they never import this app) and register the tasks."""
        from . import receivers, tasks  # noqa: F401

        receivers.connect()
