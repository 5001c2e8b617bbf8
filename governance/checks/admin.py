"""Admin: the one policy record (no second one, never deleted), runs and results read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin

from .models import CheckPolicy, CheckResult, CheckRun


@admin.register(CheckPolicy)
class CheckPolicyAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["__str__", "fairness_ratio_min", "psi_warn", "psi_fail", "updated_at"]
    fieldsets = [
        (
            _("Fairness"),
            {
                "fields": [
                    "fairness_ratio_min",
                    "equalized_odds_max",
                    "fairness_min_group_size",
                    "decision_threshold",
                    "computed_evidence_tiers",
                ]
            },
        ),
        (
            _("Drift and quality"),
            {
                "fields": [
                    "psi_warn",
                    "psi_fail",
                    "quality_tolerance",
                    "metric_directions",
                    "default_metric_direction",
                    "monitoring_max_age_days",
                ]
            },
        ),
        (
            _("Windows and levels"),
            {"fields": ["consent_warning_days", "assessment_max_age_days", "min_team_level_high_tier"]},
        ),
    ]

    def has_add_permission(self, request) -> bool:
        return not CheckPolicy.objects.exists()


class ReadOnlyAdmin(NoDeleteMixin, admin.ModelAdmin):  # runs and results: evidence of what was checked when
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CheckRun)
class CheckRunAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "scope",
        "team",
        "model",
        "trigger",
        "status",
        "created_at",
        "fail_count",
        "warn_count",
    ]
    list_filter = ["status", "scope", "trigger"]
    list_select_related = ["team", "model"]


@admin.register(CheckResult)
class CheckResultAdmin(ReadOnlyAdmin):
    list_display = ["run", "check_key", "model", "outcome"]
    list_filter = ["outcome", "check_key"]
    search_fields = ["model__name", "detail"]
    list_select_related = ["model", "run"]
    raw_id_fields = ["run", "model"]
