from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "governance.predictions"
    label = "predictions"
    verbose_name = "Prediction sets, fairness and drift"

    def ready(self) -> None:
        # Register the tasks with the Celery app at start-up (see reports/apps.py for why).
        from . import tasks  # noqa: F401
