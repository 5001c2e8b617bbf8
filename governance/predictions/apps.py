from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PredictionsConfig(AppConfig):
    name = "governance.predictions"
    label = "predictions"
    verbose_name = _("Prediction sets, fairness and drift")

    def ready(self) -> None:
        # Register the tasks with the Celery app at start-up (see reports/apps.py for why).
        from . import tasks  # noqa: F401
