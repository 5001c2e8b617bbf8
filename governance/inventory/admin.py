"""Admin pages for the inventory, with history on every record.

Records that carry evidence (teams, models, versions, data sources, consents, uses, metrics) cannot be
deleted here: models are retired and consents withdrawn instead, so the history stays whole. Memberships can
be removed (they grant access, they are not evidence); the history keeps a "deleted" record naming who
removed one.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.core.admin_rules import NoDeleteMixin

from .models import (
    ConsentRecord,
    DataSource,
    DataSourceUse,
    Evaluation,
    Membership,
    MLModel,
    ModelVersion,
    MonitoringSnapshot,
    Team,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team"]
    search_fields = ["user__username", "user__email", "team__name"]
    autocomplete_fields = ["user", "team"]
    list_select_related = ["user", "team"]


class VersionInline(admin.TabularInline):
    model = ModelVersion
    extra = 0
    fields = ["label", "status", "registered_by", "registered_at", "deployed_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MLModel)
class MLModelAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "team", "owner", "stage", "ai_act_tier", "business_criticality", "updated_at"]
    list_filter = ["stage", "ai_act_tier", "business_criticality", "team"]
    search_fields = ["name", "purpose", "owner__username", "team__name"]
    autocomplete_fields = ["team", "owner", "human_oversight_contact"]
    list_select_related = ["team", "owner"]
    inlines = [VersionInline]
    readonly_fields = [
        "stage"
    ]  # follows from deployments (governance.promotions); retire from the model page


@admin.register(ModelVersion)
class ModelVersionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "registered_by", "registered_at", "deployed_at"]
    list_filter = ["status"]
    search_fields = ["label", "model__name", "code_reference"]
    autocomplete_fields = ["model", "registered_by"]
    list_select_related = ["model", "registered_by"]
    readonly_fields = ["status", "deployed_at"]  # follow from the environments the version holds


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    fields = ["reference", "purpose", "obtained_on", "expires_on", "withdrawn_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DataSource)
class DataSourceAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "team", "steward", "contains_personal_data", "sensitivity", "legal_basis"]
    list_filter = ["contains_personal_data", "sensitivity", "legal_basis", "team"]
    search_fields = ["name", "description", "location"]
    autocomplete_fields = ["team", "steward"]
    list_select_related = ["team", "steward"]
    inlines = [ConsentInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["reference", "data_source", "purpose", "obtained_on", "expires_on", "withdrawn_at"]
    list_filter = ["purpose", ("withdrawn_at", admin.EmptyFieldListFilter), "expires_on"]
    search_fields = ["reference", "purpose", "data_source__name", "evidence_reference"]
    autocomplete_fields = ["data_source", "recorded_by", "withdrawn_by"]
    list_select_related = ["data_source"]


@admin.register(DataSourceUse)
class DataSourceUseAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["model", "version", "data_source", "role", "purpose"]
    list_filter = ["role"]
    search_fields = ["model__name", "data_source__name", "purpose"]
    autocomplete_fields = ["model", "version", "data_source", "created_by"]
    list_select_related = ["model", "version", "data_source"]


@admin.register(Evaluation)
class EvaluationAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["version", "metric_name", "quality", "evaluated_at"]
    search_fields = ["version__model__name", "version__label"]
    autocomplete_fields = ["version", "data_source", "recorded_by"]
    list_select_related = ["version__model"]


@admin.register(MonitoringSnapshot)
class MonitoringSnapshotAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["version", "metric_name", "live_quality", "taken_at"]
    search_fields = ["version__model__name", "version__label"]
    autocomplete_fields = ["version", "recorded_by"]
    list_select_related = ["version__model"]
