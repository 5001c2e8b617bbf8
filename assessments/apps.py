from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Maturity assessments")

    def ready(self) -> None:
        # Register the records that carry evidence (the evidence app, below this one, imports no domain app).
        from .evidence_kinds import register_kinds

        register_kinds()
