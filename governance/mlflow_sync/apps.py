from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MlflowSyncConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance.mlflow_sync"
    verbose_name = _("MLflow sync")
