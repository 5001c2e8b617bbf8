"""The register's filters, shared by the HTML list and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from governance.inventory.models import MLModel
from governance.teams.models import Team

from .models import Risk, RiskMatrix

# Level indices with the default matrix's names; other matrices share the indices, lowest first.
LEVEL_CHOICES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Critical"),
    ("4", "Level 5"),
    ("5", "Level 6"),
]


class RiskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    team = django_filters.ModelChoiceFilter(
        field_name="model__team", queryset=Team.objects.all(), empty_label="All teams", label="Team"
    )
    model = django_filters.ModelChoiceFilter(queryset=MLModel.objects.all(), empty_label="All models")
    category = django_filters.ChoiceFilter(choices=Risk.Category.choices, empty_label="All categories")
    level = django_filters.ChoiceFilter(
        field_name="residual_level",
        choices=LEVEL_CHOICES,
        empty_label="Any residual level",
        label="Residual level",
    )
    treatment = django_filters.ChoiceFilter(choices=Risk.Treatment.choices, empty_label="Any treatment")
    status = django_filters.ChoiceFilter(
        choices=Risk.Status.choices, empty_label="Open (draft or active)", method="filter_status"
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "Overdue only"), ("false", "Not overdue")],
        method="filter_overdue",
        label="Review",
        empty_label="Any review date",
    )
    matrix = django_filters.ModelChoiceFilter(queryset=RiskMatrix.objects.all(), empty_label="Any matrix")
    basis = django_filters.ChoiceFilter(
        choices=[("inherent", "Inherent"), ("residual", "Residual")], method="noop", empty_label="Residual"
    )
    likelihood = django_filters.NumberFilter(method="filter_cell", min_value=1, max_value=6)
    impact = django_filters.NumberFilter(method="filter_cell", min_value=1, max_value=6)

    class Meta:
        model = Risk
        fields = ["q", "team", "model", "category", "level", "treatment", "status", "overdue", "matrix"]

    def __init__(
        self, *args, teams: QuerySet[Team] | None = None, models: QuerySet[MLModel] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.filters["team"].queryset = teams
        if models is not None:
            self.filters["model"].queryset = models

    @property
    def qs(self) -> QuerySet[Risk]:
        """Closed risks stay out of the register unless asked for by status; here rather than in
        filter_queryset, which django-filter skips when nothing was asked (the bare register page)."""
        queryset = super().qs
        asked = self.is_bound and self.form.cleaned_data.get("status")
        return queryset if asked else queryset.exclude(status=Risk.Status.CLOSED)

    def search(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        value = value.strip()[:100]
        return (
            queryset.filter(Q(title__icontains=value) | Q(model__name__icontains=value))
            if value
            else queryset
        )

    def filter_status(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        return queryset.filter(status=value) if value else queryset

    def filter_overdue(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        if not value:
            return queryset
        overdue = Q(status=Risk.Status.ACTIVE, next_review_due__lt=timezone.localdate())
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def noop(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        return queryset

    def filter_cell(self, queryset: QuerySet[Risk], name: str, value) -> QuerySet[Risk]:
        if value is None:
            return queryset
        basis = "inherent" if self.form.cleaned_data.get("basis") == "inherent" else "residual"
        return queryset.filter(**{f"{basis}_{name}": int(value)})
