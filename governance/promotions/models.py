"""The promotion gate's records: environments, which version holds each, the policy, requests and waivers.

A model's stage beyond development is never typed in: it follows from the environments its versions hold
(services.deployment_move). Every write goes through services.py with the actor in the history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from governance.inventory.models import MLModel, ModelVersion


class Environment(models.Model):
    """Where a version may run. Staging and production ship; governance admins add more with a rank."""

    class CountsAs(models.TextChoices):
        STAGING = "staging", "Staging"
        PRODUCTION = "production", "Production"

    name = models.CharField(max_length=50, unique=True, validators=[MinLengthValidator(2)])
    slug = models.SlugField(max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField(
        unique=True, help_text="Higher is closer to production; the model's stage follows the highest held."
    )
    counts_as = models.CharField(
        max_length=20,
        choices=CountsAs.choices,
        default=CountsAs.STAGING,
        help_text="The model stage a version in this environment gives its model.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-rank"]

    def __str__(self) -> str:
        return self.name


class Deployment(models.Model):
    """The version that holds one environment of one model now (like an MLflow alias): at most one."""

    model = models.ForeignKey(MLModel, on_delete=models.PROTECT, related_name="deployments")
    environment = models.ForeignKey(Environment, on_delete=models.PROTECT, related_name="deployments")
    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="deployments")
    previous_version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    since = models.DateTimeField()
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    request = models.ForeignKey(
        "PromotionRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Recomputed by the out-of-policy pass (services.out_of_policy_pass), never typed in.
    out_of_policy = models.BooleanField(default=False, editable=False)
    policy_reasons = models.JSONField(default=list, blank=True, editable=False)
    policy_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["out_of_policy", "policy_reasons", "policy_checked_at"])

    class Meta:
        ordering = ["model", "-environment__rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "environment"],
                name="deployment_one_version_per_environment",
                violation_error_message="Another version already holds this environment.",
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
        ANY = "", "Any tier"
        UNACCEPTABLE = "unacceptable", "Unacceptable"
        HIGH = "high", "High"
        LIMITED = "limited", "Limited"
        MINIMAL = "minimal", "Minimal"

    class Criticality(models.TextChoices):
        ANY = "", "Any criticality"
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    class Severity(models.TextChoices):
        OFF = "", "Off"
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    name = models.CharField(max_length=100, unique=True, validators=[MinLengthValidator(2)])
    tier = models.CharField("EU AI Act tier", max_length=20, choices=Tier.choices, blank=True)
    business_criticality = models.CharField(max_length=20, choices=Criticality.choices, blank=True)
    environment = models.ForeignKey(
        Environment, on_delete=models.PROTECT, null=True, blank=True, help_text="Empty: every environment."
    )
    active = models.BooleanField(default=True)
    check_max_age_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The model's latest check results may be at most this old. Empty: rule off.",
    )
    failing_checks = models.JSONField(
        default=list,
        blank=True,
        help_text='Check keys that may not fail, e.g. ["data.consent_valid"]; ["*"] means every check.',
    )
    untreated_severity = models.CharField(
        max_length=10,
        choices=Severity.choices,
        blank=True,
        help_text="No active risk of this severity class or above may be untreated.",
    )
    require_consent = models.BooleanField(
        default=True, help_text="Every training and evaluation data use is covered by consent or needs none."
    )
    require_active_people = models.BooleanField(
        default=True, help_text="The accountable owner and the oversight contact are active users."
    )
    model_card_fields = models.JSONField(
        default=list, blank=True, help_text='Model fields that must be filled in, e.g. ["intended_use"].'
    )
    min_mlops_level = models.PositiveSmallIntegerField(
        "minimum Google MLOps level", null=True, blank=True, help_text="Empty: rule off."
    )
    require_fairness_evaluation = models.BooleanField(
        default=False, help_text="The version has an evaluation with per-group figures."
    )
    maintainer_approvals = models.PositiveSmallIntegerField(default=1)
    admin_approvals = models.PositiveSmallIntegerField("governance-admin approvals", default=0)
    independent_approver = models.BooleanField(
        default=False,
        help_text="At least one approver is neither the requester nor the accountable owner.",
    )
    rollback_maintainer_approvals = models.PositiveSmallIntegerField(default=1)
    rollback_admin_approvals = models.PositiveSmallIntegerField(default=0)
    request_ttl_days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1)], help_text="An open request expires after this."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tier", "business_criticality", "name"]
        verbose_name = "gate rule set"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .policy import validate_rule_set

        validate_rule_set(self)


class PromotionRequest(models.Model):
    class Kind(models.TextChoices):
        PROMOTE = "promote", "Promotion"
        ROLLBACK = "rollback", "Rollback"
        DEMOTE = "demote", "Demotion"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"

    model = models.ForeignKey(MLModel, on_delete=models.PROTECT, related_name="promotion_requests")
    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="promotion_requests")
    environment = models.ForeignKey(Environment, on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PROMOTE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    justification = models.TextField(validators=[MinLengthValidator(4)])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaces_version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    gate_at_request = models.JSONField(default=dict, blank=True)
    gate_at_decision = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "environment"],
                condition=Q(status="open"),
                name="promotion_one_open_per_version_environment",
                violation_error_message="An open request for this version and environment already exists.",
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
        MAINTAINER = "maintainer", "Team maintainer"
        GOVERNANCE_ADMIN = "governance_admin", "Governance admin"

    request = models.ForeignKey(PromotionRequest, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "approver"],
                name="approval_one_per_approver",
                violation_error_message="You have already approved this request.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.approver} approved {self.request}"


class Waiver(models.Model):
    """A governance admin lets named failing rules pass for one version and environment until a date."""

    request = models.ForeignKey(PromotionRequest, on_delete=models.PROTECT, related_name="waivers")
    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="waivers")
    environment = models.ForeignKey(Environment, on_delete=models.PROTECT, related_name="+")
    rules = models.JSONField(help_text="Keys of the rules waived.")
    reason = models.TextField(validators=[MinLengthValidator(4)])
    expires_on = models.DateField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["version", "environment", "expires_on"])]

    def __str__(self) -> str:
        return f"Waiver of {', '.join(self.rules)} for {self.version} until {self.expires_on}"
