from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "governance.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Register the build task with the Celery app at start-up, not at the first request: a shared task
        # imported after the app was closed (celery_app.close() deregisters it) would never be registered.
        from . import tasks  # noqa: F401
