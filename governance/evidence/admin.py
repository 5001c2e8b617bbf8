"""Evidence in the admin: read only. Files are uploaded where the record's rules apply, never deleted."""

from django.contrib import admin

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin

from .models import EvidenceFile


@admin.register(EvidenceFile)
class EvidenceFileAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = [
        "name",
        "kind",
        "object_id",
        "media_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "superseded_by",
    ]
    list_filter = ["kind", "media_type"]
    search_fields = ["name", "sha256"]
    list_select_related = ["uploaded_by", "superseded_by"]
    readonly_fields = [f.name for f in EvidenceFile._meta.concrete_fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
