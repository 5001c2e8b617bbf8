"""Filter sets shared by the HTML list views and the API, so both filter the same way."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from .models import ConsentRecord, DataSource, MLModel, ModelVersion, Team


class ModelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), empty_label="All teams")
    stage = django_filters.ChoiceFilter(choices=MLModel.Stage.choices, empty_label="All stages")
    ai_act_tier = django_filters.ChoiceFilter(
        choices=MLModel.AIActTier.choices, empty_label="All tiers", label="EU AI Act tier"
    )

    class Meta:
        model = MLModel
        fields = ["q", "team", "stage", "ai_act_tier"]

    def __init__(self, *args, teams: QuerySet[Team] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.filters["team"].queryset = teams

    def search(self, queryset: QuerySet[MLModel], name: str, value: str) -> QuerySet[MLModel]:
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(purpose__icontains=value) | Q(owner__username__icontains=value)
        )


class DataSourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), empty_label="All teams")
    contains_personal_data = django_filters.BooleanFilter(label="Personal data")
    sensitivity = django_filters.ChoiceFilter(
        choices=DataSource.Sensitivity.choices, empty_label="Any sensitivity"
    )
    legal_basis = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in DataSource.LegalBasis.choices if v] + [("none", "Not recorded")],
        method="filter_basis",
        empty_label="Any legal basis",
    )

    class Meta:
        model = DataSource
        fields = ["q", "team", "contains_personal_data", "sensitivity", "legal_basis"]

    def search(self, queryset: QuerySet[DataSource], name: str, value: str) -> QuerySet[DataSource]:
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_basis(self, queryset: QuerySet[DataSource], name: str, value: str) -> QuerySet[DataSource]:
        return queryset.filter(legal_basis="" if value == "none" else value)


class VersionFilter(django_filters.FilterSet):
    model = django_filters.ModelChoiceFilter(queryset=MLModel.objects.all())
    status = django_filters.ChoiceFilter(choices=ModelVersion.Status.choices)
    label = django_filters.CharFilter()

    class Meta:
        model = ModelVersion
        fields = ["model", "status", "label"]


class ConsentFilter(django_filters.FilterSet):
    data_source = django_filters.ModelChoiceFilter(queryset=DataSource.objects.all())
    purpose = django_filters.CharFilter(lookup_expr="iexact")
    withdrawn = django_filters.BooleanFilter(field_name="withdrawn_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = ConsentRecord
        fields = ["data_source", "purpose", "withdrawn"]
