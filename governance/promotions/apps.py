from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance.promotions"
    verbose_name = _("Promotion gate")

    def ready(self) -> None:
        """Register the gate's check, and re-judge production after every check run and consent
        withdrawal (signals: the lower apps do not import this one)."""
        from governance.checks.engine import run_finished
        from governance.inventory.services.data import consent_withdrawn
        from governance.inventory.tags import reserved_alias_names

        from . import (
            checks,  # noqa: F401 - registers accountability.in_policy
            rows,
        )
        from .receivers import after_check_run, after_consent_withdrawn, environment_alias_names

        run_finished.connect(after_check_run, dispatch_uid="promotions.after_check_run")
        consent_withdrawn.connect(after_consent_withdrawn, dispatch_uid="promotions.after_consent_withdrawn")
        reserved_alias_names.connect(
            environment_alias_names, dispatch_uid="promotions.environment_alias_names"
        )
        rows.register()  # environments and the out-of-policy flag in the API's model rows
