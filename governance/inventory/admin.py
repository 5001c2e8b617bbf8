"""Admin pages for the inventory, with history on every record.

Records that carry evidence (models, versions, data sources, consents, uses, metrics) cannot be deleted
here: models are retired and consents withdrawn instead, so the history stays whole. Teams and memberships
have their pages in governance/teams/admin.py. Who recorded something and a consent's withdrawal are
read-only, no history is reverted (governance.foundation.admin_rules.HistoryAdmin), and evaluations and
monitoring snapshots are read-only: they are posted through the product and corrected by newer ones.
"""

from django.contrib import admin

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin, ViewOnlyMixin

from .models import (
    ConsentRecord,
    DataSource,
    DataSourceUse,
    Evaluation,
    MLModel,
    ModelVersion,
    MonitoringSnapshot,
)


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
class MLModelAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "team", "owner", "stage", "ai_act_tier", "business_criticality", "updated_at"]
    list_filter = ["stage", "ai_act_tier", "business_criticality", "team"]
    search_fields = ["name", "purpose", "owner__username", "team__name"]
    autocomplete_fields = ["team", "owner", "human_oversight_contact"]
    list_select_related = ["team", "owner"]
    inlines = [VersionInline]


@admin.register(ModelVersion)
class ModelVersionAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["__str__", "status", "registered_by", "registered_at", "deployed_at"]
    list_filter = ["status"]
    search_fields = ["label", "model__name", "code_reference"]
    autocomplete_fields = ["model"]
    list_select_related = ["model", "registered_by"]
    actor_fields = ("registered_by",)


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
class DataSourceAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "team", "steward", "contains_personal_data", "sensitivity", "legal_basis"]
    list_filter = ["contains_personal_data", "sensitivity", "legal_basis", "team"]
    search_fields = ["name", "description", "location"]
    autocomplete_fields = ["team", "steward"]
    list_select_related = ["team", "steward"]
    inlines = [ConsentInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["reference", "data_source", "purpose", "obtained_on", "expires_on", "withdrawn_at"]
    list_filter = ["purpose", ("withdrawn_at", admin.EmptyFieldListFilter), "expires_on"]
    search_fields = ["reference", "purpose", "data_source__name", "evidence_reference"]
    autocomplete_fields = ["data_source"]
    list_select_related = ["data_source"]
    actor_fields = ("recorded_by",)
    # Withdrawal is recorded through the product (who, when, why) and is final: never cleared here.
    evidence_fields = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")


@admin.register(DataSourceUse)
class DataSourceUseAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["model", "version", "data_source", "role", "purpose"]
    list_filter = ["role"]
    search_fields = ["model__name", "data_source__name", "purpose"]
    autocomplete_fields = ["model", "version", "data_source"]
    list_select_related = ["model", "version", "data_source"]
    actor_fields = ("created_by",)


@admin.register(Evaluation)
class EvaluationAdmin(ViewOnlyMixin, NoDeleteMixin, HistoryAdmin):
    list_display = ["version", "metric_name", "quality", "evaluated_at", "recorded_by"]
    search_fields = ["version__model__name", "version__label"]
    list_select_related = ["version__model", "recorded_by"]


@admin.register(MonitoringSnapshot)
class MonitoringSnapshotAdmin(ViewOnlyMixin, NoDeleteMixin, HistoryAdmin):
    list_display = ["version", "metric_name", "live_quality", "taken_at", "recorded_by"]
    search_fields = ["version__model__name", "version__label"]
    list_select_related = ["version__model", "recorded_by"]
