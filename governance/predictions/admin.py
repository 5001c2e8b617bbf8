"""Admin: prediction sets read-only and never deleted (they are evidence; rows go by the retention purge)."""

from django.contrib import admin

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin

from .models import PredictionSet


@admin.register(PredictionSet)
class PredictionSetAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["id", "version", "role", "kind", "status", "row_count", "uploaded_at", "purged_at"]
    list_filter = ["role", "kind", "status"]
    list_select_related = ["version__model"]
    search_fields = ["sha256", "version__model__name"]
    exclude = ["profile", "results"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
