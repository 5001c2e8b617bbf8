from django.apps import AppConfig


class MlflowSyncConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance.mlflow_sync"
    verbose_name = "MLflow sync"
