"""The gate policy and environments are edited here, with history; requests, approvals, waivers and
deployments are evidence and read-only (they change only through the services)."""

from django.contrib import admin

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin

from .models import Approval, Deployment, Environment, GateRuleSet, PromotionRequest, Waiver


@admin.register(Environment)
class EnvironmentAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "slug", "rank", "counts_as"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GateRuleSet)
class GateRuleSetAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "tier", "business_criticality", "environment", "active", "updated_at"]
    list_filter = ["active", "tier", "business_criticality"]


class ReadOnlyAdmin(NoDeleteMixin, HistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        extra_context = {**(extra_context or {}), "revert_disabled": True}
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Deployment)
class DeploymentAdmin(ReadOnlyAdmin):
    list_display = ["model", "environment", "version", "since", "out_of_policy"]
    list_filter = ["environment", "out_of_policy"]
    list_select_related = ["model", "environment", "version"]


@admin.register(PromotionRequest)
class PromotionRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "status", "requested_by", "created_at", "decided_by"]
    list_filter = ["status", "kind", "environment"]
    list_select_related = ["version__model", "environment", "requested_by", "decided_by"]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ["request", "approver", "role", "created_at"]


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    list_display = ["version", "environment", "rules", "expires_on", "granted_by"]
