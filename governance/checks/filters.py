"""Filters of check results, shared by the API (and usable by pages)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from governance.foundation.filtering import FilterSet
from governance.inventory.models import MLModel
from governance.teams.models import Team

from .models import CheckResult, CheckRun, Outcome
from .registry import all_checks


class CheckResultFilter(FilterSet):
    run = django_filters.ModelChoiceFilter(queryset=CheckRun.objects.all())
    check = django_filters.ChoiceFilter(
        field_name="check_key", choices=lambda: [(c.key, c.title) for c in all_checks()], label=_("Check")
    )
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)
    model = django_filters.ModelChoiceFilter(queryset=MLModel.objects.all())
    team = django_filters.ModelChoiceFilter(field_name="model__team", queryset=Team.objects.all())

    class Meta:
        model = CheckResult
        fields = ["run", "check", "outcome", "model", "team"]


class CheckRunFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=CheckRun.Status.choices)
    scope = django_filters.ChoiceFilter(choices=CheckRun.Scope.choices)
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all())
    model = django_filters.ModelChoiceFilter(queryset=MLModel.objects.all())

    class Meta:
        model = CheckRun
        fields = ["status", "scope", "team", "model"]
