from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoundationConfig(AppConfig):
    """What every app builds on: history, writes, inputs, dispatch, cache, throttling, security, log-in.

    It imports no domain app (import-linter's layers contract in pyproject.toml keeps it so)."""

    name = "governance.foundation"
    label = "foundation"
    verbose_name = _("Foundation")

    def ready(self) -> None:
        from . import freshness

        freshness.install()
