"""Admin pages for teams and memberships, with history.

A team carries evidence (models, risks and assessments name it) and cannot be deleted here. Memberships can
be removed (they grant access, they are not evidence); the history keeps a "deleted" record naming who
removed one.
"""

from django.contrib import admin

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin

from .models import Membership, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team"]
    search_fields = ["user__username", "user__email", "team__name"]
    autocomplete_fields = ["user", "team"]
    list_select_related = ["user", "team"]
