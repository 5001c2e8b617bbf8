from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecksConfig(AppConfig):
    name = "governance.checks"
    label = "checks"
    verbose_name = _("Responsible-AI checks")

    def ready(self) -> None:
        # Importing the catalogue registers every check with the registry.
        # Register the tasks at start-up: services queue them by name (foundation.dispatch.task_sender).
        from . import (
            catalogue,  # noqa: F401
            tasks,  # noqa: F401
        )
