"""Key/value tags on models and versions, and named aliases on versions (issue 20).

Tags are free-form labels, as MLflow's: at most one value per key. An alias names one version of a model
(`champion`, `candidate`); at most one version holds an alias per model. The promotion gate's environments
(staging, production and those admins add) are not ordinary aliases: only a promotion moves them, so an
alias named like an environment is refused here (see `reserved_alias_names`).
"""

from __future__ import annotations

from django.core.validators import MinLengthValidator, RegexValidator
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords

# The gate's environments announce their names through this signal (received in governance.promotions),
# so the inventory, a lower layer, never imports the gate. Receivers return an iterable of names.
reserved_alias_names = Signal()

TAG_KEY_MAX = 250  # MLflow's own limit on a tag key
TAG_VALUE_MAX = 500  # longer upstream values are cut, and the cut is reported (docs/mlflow.md)
ALIAS_MAX = 100

# Printable text without control characters; MLflow accepts more, the sync reports what it skips.
printable = RegexValidator(r"^[^\x00-\x1f\x7f]*\Z", "Use printable characters only (no control characters).")
alias_name = RegexValidator(
    r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\Z",
    "Use letters, digits, '_', '-' and '.', starting with a letter or digit.",
)


class ModelTag(models.Model):
    model = models.ForeignKey(
        "inventory.MLModel", on_delete=models.CASCADE, related_name="tags", verbose_name=_("model")
    )
    key = models.CharField(
        max_length=TAG_KEY_MAX, validators=[MinLengthValidator(1), printable], verbose_name=_("key")
    )
    value = models.CharField(
        max_length=TAG_VALUE_MAX, blank=True, validators=[printable], verbose_name=_("value")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model tag")
        verbose_name_plural = _("model tags")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "key"],
                name="modeltag_key_unique_per_model",
                violation_error_message=_("This model already has a tag with that key."),
            )
        ]
        indexes = [models.Index(fields=["key", "value"], name="modeltag_key_value_idx")]

    def __str__(self) -> str:
        return f"{self.key}:{self.value}"


class VersionTag(models.Model):
    version = models.ForeignKey(
        "inventory.ModelVersion", on_delete=models.CASCADE, related_name="tags", verbose_name=_("version")
    )
    key = models.CharField(
        max_length=TAG_KEY_MAX, validators=[MinLengthValidator(1), printable], verbose_name=_("key")
    )
    value = models.CharField(
        max_length=TAG_VALUE_MAX, blank=True, validators=[printable], verbose_name=_("value")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("version tag")
        verbose_name_plural = _("version tags")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                name="versiontag_key_unique_per_version",
                violation_error_message=_("This version already has a tag with that key."),
            )
        ]
        indexes = [models.Index(fields=["key", "value"], name="versiontag_key_value_idx")]

    def __str__(self) -> str:
        return f"{self.key}:{self.value}"


class VersionAlias(models.Model):
    """A name for one version of a model; moving it to another version is an update of this row."""

    model = models.ForeignKey(
        "inventory.MLModel", on_delete=models.CASCADE, related_name="aliases", verbose_name=_("model")
    )
    version = models.ForeignKey(
        "inventory.ModelVersion", on_delete=models.CASCADE, related_name="aliases", verbose_name=_("version")
    )
    name = models.CharField(
        max_length=ALIAS_MAX, validators=[MinLengthValidator(1), alias_name], verbose_name=_("name")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("version alias")
        verbose_name_plural = _("version aliases")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "name"],
                name="versionalias_one_version_per_alias",
                violation_error_message=_("Another version of this model already holds that alias."),
            )
        ]

    def __str__(self) -> str:
        return f"@{self.name}"
