"""Admin for frameworks (read-mostly: loaded by migrations) and assessments (submitted ones read-only).

Frameworks are content that answers point at, so they are not added, edited or deleted here; only whether a
version is offered for new assessments can change. Assessments are never deleted, and a submitted one is
shown read-only with its answers.
"""

from django.contrib import admin
from django.utils import timezone

from governance.foundation.admin_rules import HistoryAdmin

from .models import Answer, Assessment, Dimension, Framework, Question


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DimensionInline(ReadOnlyMixin, admin.TabularInline):
    model = Dimension
    fields = ["order", "key", "name", "description"]
    readonly_fields = fields
    show_change_link = True
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "version", "kind", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    readonly_fields = ["key", "version", "kind", "name", "description", "source", "created_at"]
    fields = [*readonly_fields, "is_active"]
    inlines = [DimensionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class QuestionInline(ReadOnlyMixin, admin.TabularInline):
    model = Question
    fields = ["order", "key", "level", "text"]
    readonly_fields = fields
    show_change_link = True
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "framework", "key", "order"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["key", "text", "level", "dimension"]
    list_filter = ["dimension__framework", "level", "dimension"]
    search_fields = ["key", "text", "guidance"]
    list_select_related = ["dimension", "dimension__framework"]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "value", "evidence", "answered_by", "answered_at"]
    readonly_fields = ["answered_by", "answered_at"]
    raw_id_fields = ["question"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is not None and not obj.is_submitted and super().has_change_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "answered_by")


@admin.register(Assessment)
class AssessmentAdmin(HistoryAdmin):
    list_display = [
        "__str__",
        "team",
        "framework",
        "status",
        "overall_level",
        "overall_score",
        "submitted_at",
    ]
    list_filter = ["status", "framework", "team"]
    search_fields = ["team__name", "framework__name"]
    list_select_related = ["team", "framework"]
    readonly_fields = [
        "team",
        "framework",
        "status",
        "started_by",
        "started_at",
        "assessor",
        "submitted_at",
        "overall_level",
        "overall_score",
        "result",
    ]
    inlines = [AnswerInline]

    def has_add_permission(self, request) -> bool:
        return False  # started through the web UI or the services, which enforce one open draft

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_submitted:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_formset(self, request, form, formset, change) -> None:
        """An answer changed here is recorded as answered by the admin, now."""
        for answer in formset.save(commit=False):
            answer.answered_by, answer.answered_at = request.user, timezone.now()
            answer.save()
