"""Who is who, for pipelines that must name an owner or a steward: `/me/` and `/users/` (issue 15.17).

A user is listed to those who may see one of the user's teams, as memberships are on the team pages;
auditors and governance admins see everyone. Only the memberships of teams the reader may see are shown.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from governance.foundation.api.querying import StrictQueryMixin
from governance.foundation.filtering import FilterSet
from governance.teams import permissions as perms
from governance.teams.models import Membership, Team
from governance.teams.selectors import teams_visible_to

User = get_user_model()


class MembershipRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="team.pk")
    name = serializers.CharField(source="team.name")
    slug = serializers.CharField(source="team.slug")
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class UserSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    teams = MembershipRefSerializer(source="visible_memberships", many=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "teams"]

    def get_name(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class MeSerializer(UserSerializer):
    site_groups = serializers.SerializerMethodField(help_text="e.g. 'Governance admins', 'Auditors'.")

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "site_groups"]

    def get_site_groups(self, obj) -> list[str]:
        return sorted(group.name for group in obj.groups.all())


def users_visible_to(*, user) -> QuerySet:
    teams = teams_visible_to(user=user)
    memberships = Membership.objects.filter(team__in=teams).select_related("team").order_by("team__name")
    qs = User.objects.filter(is_active=True)
    if not perms.sees_everything(user):
        qs = qs.filter(Q(memberships__team__in=teams) | Q(pk=user.pk)).distinct()
    return qs.prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="visible_memberships"))


class UserFilter(FilterSet):
    team = django_filters.ModelChoiceFilter(field_name="memberships__team", queryset=Team.objects.all())
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices, label=_("Role"))

    class Meta:
        model = User
        fields = ["team", "role"]

    def filter_queryset(self, queryset):
        """`team` and `role` together mean "this role in this team"; `role` alone, in any visible team."""
        team, role = self.form.cleaned_data.get("team"), self.form.cleaned_data.get("role")
        if not team and not role:
            return queryset
        memberships = Membership.objects.filter(team__in=self.filters["team"].queryset)
        if team:
            memberships = memberships.filter(team=team)
        if role:
            memberships = memberships.filter(role=role)
        return queryset.filter(pk__in=memberships.values("user_id"))


class UserViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Users who share a team with you (everyone, for auditors and governance admins)."""

    permission_classes = [IsAuthenticated]
    serializer_class = UserSerializer
    filterset_class = UserFilter
    filter_visible = {"team": teams_visible_to}

    def get_queryset(self):
        return users_visible_to(user=self.request.user).order_by("username", "id")


class MeView(StrictQueryMixin, APIView):
    """The user the request acts as: a token's owner, or the signed-in user."""

    permission_classes = [IsAuthenticated]
    action = "retrieve"
    detail = True

    @extend_schema(responses={200: MeSerializer}, operation_id="me_retrieve")
    def get(self, request):
        me = users_visible_to(user=request.user).prefetch_related("groups").get(pk=request.user.pk)
        return Response(MeSerializer(me).data)
