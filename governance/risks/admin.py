"""Admin for the register. Matrices are validated on save and frozen once risks are rated on them."""

from django.contrib import admin

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin

from .models import Mitigation, Risk, RiskAcceptance, RiskMatrix, RiskReview


@admin.register(RiskMatrix)
class RiskMatrixAdmin(HistoryAdmin):
    list_display = ["name", "is_default", "created_at"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.risks.exists():
            return ["name", "likelihood_labels", "impact_labels", "levels", "grid"]
        return []

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.risks.exists()


class MitigationInline(admin.TabularInline):
    model = Mitigation
    extra = 0
    can_delete = False
    autocomplete_fields = ["owner"]


class AcceptanceInline(admin.TabularInline):
    model = RiskAcceptance
    extra = 0
    can_delete = False
    readonly_fields = ["approver", "justification", "accepted_on", "expires_on"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Risk)
class RiskAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = [
        "title",
        "model",
        "category",
        "status",
        "residual_level",
        "residual_score",
        "next_review_due",
    ]
    list_filter = ["status", "category", "treatment", "residual_level", "matrix"]
    search_fields = ["title", "model__name", "owner__username"]
    autocomplete_fields = ["model", "owner"]
    list_select_related = ["model"]
    readonly_fields = [
        "inherent_level",
        "inherent_score",
        "residual_level",
        "residual_score",
        "last_reviewed_on",
        "next_review_due",
    ]
    inlines = [MitigationInline, AcceptanceInline]

    def has_change_permission(self, request, obj=None) -> bool:
        # Ratings derive levels and review dates: change risks in the register, where the services apply.
        return False


@admin.register(RiskReview)
class RiskReviewAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["risk", "reviewed_by", "reviewed_on", "next_review_due"]
    search_fields = ["risk__title"]
    list_select_related = ["risk", "reviewed_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
