from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """Evidence files attached to records of the domain apps, which register their record kinds."""

    name = "governance.evidence"
    label = "evidence"
    verbose_name = _("Evidence")
