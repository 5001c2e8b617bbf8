"""The promotion gate's records: environments, which version holds each, the policy, requests and waivers.

A model's stage beyond development is never typed in: it follows from the environments its versions hold
(services.deployment_move). Every write goes through services.py with the actor in the history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords
from governance.inventory.models import MLModel, ModelVersion


class Environment(models.Model):
    """Where a version may run. Staging and production ship; governance admins add more with a rank."""

    class CountsAs(models.TextChoices):
        STAGING = "staging", _("Staging")
        PRODUCTION = "production", _("Production")

    name = models.CharField(
        max_length=50, unique=True, validators=[MinLengthValidator(2)], verbose_name=_("name")
    )
    slug = models.SlugField(max_length=50, unique=True, verbose_name=_("slug"))
    rank = models.PositiveSmallIntegerField(
        unique=True,
        help_text=_("Higher is closer to production; the model's stage follows the highest held."),
        verbose_name=_("rank"),
    )
    counts_as = models.CharField(
        max_length=20,
        choices=CountsAs.choices,
        default=CountsAs.STAGING,
        help_text=_("The model stage a version in this environment gives its model."),
        verbose_name=_("counts as"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("environment")
        verbose_name_plural = _("environments")
        ordering = ["-rank"]

    def __str__(self) -> str:
        return self.name


class Deployment(models.Model):
    """The version that holds one environment of one model now (like an MLflow alias): at most one."""

    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, related_name="deployments", verbose_name=_("model")
    )
    environment = models.ForeignKey(
        Environment, on_delete=models.PROTECT, related_name="deployments", verbose_name=_("environment")
    )
    version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, related_name="deployments", verbose_name=_("version")
    )
    previous_version = models.ForeignKey(
        ModelVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous version"),
    )
    since = models.DateTimeField(verbose_name=_("since"))
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promoted by"),
    )
    request = models.ForeignKey(
        "PromotionRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    # Recomputed by the out-of-policy pass (services.out_of_policy_pass), never typed in.
    out_of_policy = models.BooleanField(default=False, editable=False, verbose_name=_("out of policy"))
    policy_reasons = models.JSONField(
        default=list, blank=True, editable=False, verbose_name=_("policy reasons")
    )
    # The same reasons as messages ({"rule": key, "reason": foundation.lazytext JSON}), read in the viewer's
    # language; policy_reasons stays the English text the webhooks and notifications carry.
    policy_messages = models.JSONField(
        default=list, blank=True, editable=False, verbose_name=_("policy reasons as messages")
    )
    policy_checked_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("policy checked at")
    )
    history = HistoricalRecords(
        excluded_fields=["out_of_policy", "policy_reasons", "policy_messages", "policy_checked_at"]
    )

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["model", "-environment__rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "environment"],
                name="deployment_one_version_per_environment",
                violation_error_message=_("Another version already holds this environment."),
            )
        ]
        indexes = [models.Index(fields=["environment", "out_of_policy"])]

    def __str__(self) -> str:
        return f"{self.version} in {self.environment}"


class GateRuleSet(models.Model):
    """One rule set of the gate policy. Every set matching a promotion applies; the strictest value wins.

    A set matches by EU AI Act tier and, when given, business criticality and environment. Empty or off
    parameters switch a rule off; the unacceptable-tier rule is always on and cannot be waived.
    """

    class Tier(models.TextChoices):
        ANY = "", _("Any tier")
        UNACCEPTABLE = "unacceptable", _("Unacceptable")
        HIGH = "high", _("High")
        LIMITED = "limited", _("Limited")
        MINIMAL = "minimal", _("Minimal")

    class Criticality(models.TextChoices):
        ANY = "", _("Any criticality")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Severity(models.TextChoices):
        OFF = "", _("Off")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    name = models.CharField(
        max_length=100, unique=True, validators=[MinLengthValidator(2)], verbose_name=_("name")
    )
    tier = models.CharField(_("EU AI Act tier"), max_length=20, choices=Tier.choices, blank=True)
    business_criticality = models.CharField(
        max_length=20, choices=Criticality.choices, blank=True, verbose_name=_("business criticality")
    )
    environment = models.ForeignKey(
        Environment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: every environment."),
        verbose_name=_("environment"),
    )
    active = models.BooleanField(default=True, verbose_name=_("active"))
    check_max_age_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The model's latest check results may be at most this old. Empty: rule off."),
        verbose_name=_("check max age days"),
    )
    failing_checks = models.JSONField(
        default=list,
        blank=True,
        help_text=_('Check keys that may not fail, e.g. ["data.consent_valid"]; ["*"] means every check.'),
        verbose_name=_("failing checks"),
    )
    untreated_severity = models.CharField(
        max_length=10,
        choices=Severity.choices,
        blank=True,
        help_text=_("No active risk of this severity class or above may be untreated."),
        verbose_name=_("untreated severity"),
    )
    require_consent = models.BooleanField(
        default=True,
        help_text=_("Every training and evaluation data use is covered by consent or needs none."),
        verbose_name=_("require consent"),
    )
    require_active_people = models.BooleanField(
        default=True,
        help_text=_("The accountable owner and the oversight contact are active users."),
        verbose_name=_("require active people"),
    )
    model_card_fields = models.JSONField(
        default=list,
        blank=True,
        help_text=_('Model fields that must be filled in, e.g. ["intended_use"].'),
        verbose_name=_("model card fields"),
    )
    min_mlops_level = models.PositiveSmallIntegerField(
        _("minimum Google MLOps level"), null=True, blank=True, help_text=_("Empty: rule off.")
    )
    require_fairness_evaluation = models.BooleanField(
        default=False,
        help_text=_("The version has an evaluation with per-group figures."),
        verbose_name=_("require fairness evaluation"),
    )
    maintainer_approvals = models.PositiveSmallIntegerField(default=1, verbose_name=_("maintainer approvals"))
    admin_approvals = models.PositiveSmallIntegerField(_("governance-admin approvals"), default=0)
    independent_approver = models.BooleanField(
        default=False,
        help_text=_("At least one approver is neither the requester nor the accountable owner."),
        verbose_name=_("independent approver"),
    )
    rollback_maintainer_approvals = models.PositiveSmallIntegerField(
        default=1, verbose_name=_("rollback maintainer approvals")
    )
    rollback_admin_approvals = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("rollback admin approvals")
    )
    request_ttl_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("An open request expires after this."),
        verbose_name=_("request ttl days"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("gate rule sets")
        ordering = ["tier", "business_criticality", "name"]
        verbose_name = _("gate rule set")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .policy import validate_rule_set

        validate_rule_set(self)


class PromotionRequest(models.Model):
    class Kind(models.TextChoices):
        PROMOTE = "promote", _("Promotion")
        ROLLBACK = "rollback", _("Rollback")
        DEMOTE = "demote", _("Demotion")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")

    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, related_name="promotion_requests", verbose_name=_("model")
    )
    version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, related_name="promotion_requests", verbose_name=_("version")
    )
    environment = models.ForeignKey(
        Environment, on_delete=models.PROTECT, related_name="requests", verbose_name=_("environment")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PROMOTE, verbose_name=_("kind"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    justification = models.TextField(validators=[MinLengthValidator(4)], verbose_name=_("justification"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    replaces_version = models.ForeignKey(
        ModelVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaces version"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(blank=True, verbose_name=_("decision reason"))
    gate_at_request = models.JSONField(default=dict, blank=True, verbose_name=_("gate at request"))
    gate_at_decision = models.JSONField(default=dict, blank=True, verbose_name=_("gate at decision"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("promotion request")
        verbose_name_plural = _("promotion requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "environment"],
                condition=Q(status="open"),
                name="promotion_one_open_per_version_environment",
                violation_error_message=_("An open request for this version and environment already exists."),
            )
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["model", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.version} to {self.environment}"


class Approval(models.Model):
    class Role(models.TextChoices):
        MAINTAINER = "maintainer", _("Team maintainer")
        GOVERNANCE_ADMIN = "governance_admin", _("Governance admin")

    request = models.ForeignKey(
        PromotionRequest, on_delete=models.PROTECT, related_name="approvals", verbose_name=_("request")
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("approver")
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name=_("role"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "approver"],
                name="approval_one_per_approver",
                violation_error_message=_("You have already approved this request."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.approver} approved {self.request}"


class Waiver(models.Model):
    """A governance admin lets named failing rules pass for one version and environment until a date."""

    request = models.ForeignKey(
        PromotionRequest, on_delete=models.PROTECT, related_name="waivers", verbose_name=_("request")
    )
    version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, related_name="waivers", verbose_name=_("version")
    )
    environment = models.ForeignKey(
        Environment, on_delete=models.PROTECT, related_name="+", verbose_name=_("environment")
    )
    rules = models.JSONField(help_text=_("Keys of the rules waived."), verbose_name=_("rules"))
    reason = models.TextField(validators=[MinLengthValidator(4)], verbose_name=_("reason"))
    expires_on = models.DateField(verbose_name=_("expires on"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["version", "environment", "expires_on"])]

    def __str__(self) -> str:
        return f"Waiver of {', '.join(self.rules)} for {self.version} until {self.expires_on}"
