"""Filter sets for the assessments API (the HTML pages list per team and need none yet)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from governance.foundation.api.querying import StrictBooleanFilter
from governance.foundation.filtering import FilterSet
from governance.teams.models import Team

from .models import Assessment, Framework


class FrameworkFilter(FilterSet):
    key = django_filters.CharFilter()
    kind = django_filters.ChoiceFilter(choices=Framework.Kind.choices)
    is_active = StrictBooleanFilter()

    class Meta:
        model = Framework
        fields = ["key", "kind", "is_active"]


class AssessmentFilter(FilterSet):
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all())
    framework = django_filters.ModelChoiceFilter(queryset=Framework.objects.all())
    framework_key = django_filters.CharFilter(field_name="framework__key", label=_("Framework key"))
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)

    class Meta:
        model = Assessment
        fields = ["team", "framework", "framework_key", "status"]
