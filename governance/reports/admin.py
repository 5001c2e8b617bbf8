from django.contrib import admin

from governance.foundation.admin_rules import NoDeleteMixin

from .models import Report


@admin.register(Report)
class ReportAdmin(NoDeleteMixin, admin.ModelAdmin):  # a filed report is evidence
    list_display = ("id", "kind", "status", "requested_by", "created_at", "page_count", "sha256")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
