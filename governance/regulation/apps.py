from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance.regulation"
    verbose_name = _("Regulation")

    def ready(self) -> None:
        """Register the check and the gate rule (as promotions registers its check), and hold the model's
        tier on its classification."""
        from django.db.models.signals import post_save, pre_save

        from governance.inventory.models import MLModel
        from governance.inventory.signals import tier_source

        from . import checks, gate_rules, rows  # noqa: F401 - register regulation.classified and the gate rule
        from .receivers import announce_reasking, hold_tier, tier_held_by

        pre_save.connect(hold_tier, sender=MLModel, dispatch_uid="regulation.hold_tier")
        post_save.connect(announce_reasking, sender=MLModel, dispatch_uid="regulation.announce_reasking")
        tier_source.connect(tier_held_by, dispatch_uid="regulation.tier_held_by")
        rows.register()  # the classification in the API's model rows
