from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "governance.risks"
    label = "risks"
    verbose_name = _("Risk register")

    def ready(self) -> None:
        # Register the records that carry evidence (the evidence app, below this one, imports no domain app).
        from .evidence_kinds import register_kinds

        register_kinds()

        from . import rows

        rows.register()  # the highest residual risk in the API's model rows
