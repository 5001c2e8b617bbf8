"""Admin pages: read-mostly, since the category is derived by the questionnaire and overrides go through the
service (with a justification); nothing is deleted."""

from django.contrib import admin

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin

from .models import Attestation, Classification


@admin.register(Classification)
class ClassificationAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["model", "framework", "status", "derived_category", "override_category", "answered_at"]
    list_filter = ["framework", "status", "derived_category", "override_category"]
    search_fields = ["model__name"]
    list_select_related = ["model"]
    readonly_fields = [
        "model",
        "framework",
        "questionnaire_version",
        "status",
        "answers",
        "derived_category",
        "flags",
        "reasons",
        "role",
        "purpose_snapshot",
        "answered_by",
        "answered_at",
        "override_category",
        "override_justification",
        "overridden_by",
        "overridden_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Attestation)
class AttestationAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["model", "obligation", "status", "attested_by", "expires_on", "withdrawn_at"]
    list_filter = ["obligation", "status"]
    search_fields = ["model__name", "note"]
    list_select_related = ["model", "attested_by"]
    readonly_fields = [
        "model",
        "obligation",
        "status",
        "evidence_url",
        "attested_by",
        "attested_at",
        "withdrawn_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False
