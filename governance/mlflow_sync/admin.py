"""Connectors are registered and edited here (governance admins), with history; sync records are
evidence and read-only."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin

from .models import MlflowConnector, SyncConflict, SyncRun, UnmappedModel


@admin.register(MlflowConnector)
class MlflowConnectorAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "tracking_uri", "default_team", "interval_minutes", "write_back", "enabled"]
    list_filter = ["enabled", "write_back"]
    list_select_related = ["default_team"]
    fieldsets = [
        (None, {"fields": ["name", "tracking_uri", "enabled"]}),
        (
            _("Credentials (names of environment variables, never their values)"),
            {"fields": ["username_env", "password_env", "token_env"]},
        ),
        (_("Mapping"), {"fields": ["default_team", "default_owner", "team_tag", "owner_tag"]}),
        (_("Schedule and write-back"), {"fields": ["interval_minutes", "write_back"]}),
    ]
    raw_id_fields = ["default_owner"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, said now


class ReadOnly(NoDeleteMixin, admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnly):
    list_display = ["id", "connector", "trigger", "status", "created_at", "created", "updated", "conflicts"]
    list_filter = ["status", "trigger", "connector"]
    list_select_related = ["connector"]


@admin.register(SyncConflict)
class SyncConflictAdmin(ReadOnly):
    list_display = ["run", "kind", "mlflow_name", "mlflow_version", "field", "out_of_policy"]
    list_filter = ["kind", "out_of_policy"]
    list_select_related = ["run__connector"]


@admin.register(UnmappedModel)
class UnmappedModelAdmin(ReadOnly):
    list_display = ["run", "mlflow_name", "reason"]
    list_select_related = ["run__connector"]
