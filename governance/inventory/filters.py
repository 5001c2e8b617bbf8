"""Filter sets shared by the HTML list views and the API, so both filter the same way."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.checks import latest
from governance.foundation.api.querying import RawYesNoSelect, StrictBooleanFilter
from governance.foundation.filtering import FilterSet
from governance.promotions import flags
from governance.teams.models import Team

from . import consent_alerts
from .models import ConsentRecord, DataSource, MLModel, ModelVersion
from .tag_filters import TagFilter, version_tag_filter


class ModelFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), empty_label=_("All teams"))
    stage = django_filters.ChoiceFilter(choices=MLModel.Stage.choices, empty_label=_("All stages"))
    ai_act_tier = django_filters.ChoiceFilter(
        choices=MLModel.AIActTier.choices, empty_label=_("All tiers"), label=_("EU AI Act tier")
    )
    # Each model's latest check results (governance.checks.latest); retired models are no longer checked.
    checks = django_filters.ChoiceFilter(
        choices=latest.STATE_CHOICES,
        method="filter_checks",
        empty_label=_("Any check result"),
        label=_("Latest checks"),
    )
    # The promotion gate's flag (governance.promotions): production versions that no longer meet their gate.
    policy = django_filters.ChoiceFilter(
        choices=flags.CHOICES,
        method="filter_policy",
        empty_label=_("In or out of policy"),
        label=_("Gate policy"),
    )
    tag = TagFilter()

    class Meta:
        model = MLModel
        fields = ["q", "team", "stage", "ai_act_tier", "checks", "policy", "tag"]

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

    def filter_checks(self, queryset: QuerySet[MLModel], name: str, value: str) -> QuerySet[MLModel]:
        return (
            queryset.exclude(stage=MLModel.Stage.RETIRED).filter(latest.state_q(value)) if value else queryset
        )

    def filter_policy(self, queryset: QuerySet[MLModel], name: str, value: str) -> QuerySet[MLModel]:
        return queryset.filter(flags.policy_q(value)) if value else queryset


class DataSourceFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), empty_label=_("All teams"))
    contains_personal_data = StrictBooleanFilter(label=_("Personal data"), widget=RawYesNoSelect)
    sensitivity = django_filters.ChoiceFilter(
        choices=DataSource.Sensitivity.choices, empty_label=_("Any sensitivity")
    )
    legal_basis = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in DataSource.LegalBasis.choices if v]
        + [("none", _("Not recorded"))],
        method="filter_basis",
        empty_label=_("Any legal basis"),
    )
    consent = django_filters.ChoiceFilter(
        choices=[
            (consent_alerts.EXPIRING, _("Consent expiring soon (in use)")),
            (consent_alerts.WITHDRAWN_IN_USE, _("Consent withdrawn, still in use")),
        ],
        method="filter_consent",
        empty_label=_("Any consent state"),
        label=_("Consent"),
    )

    scope = django_filters.ChoiceFilter(
        choices=[("mine", _("Your teams' sources (theirs or used by their models)"))],
        method="filter_scope",
        empty_label=_("The whole catalogue"),
        label=_("Scope"),
    )

    class Meta:
        model = DataSource
        fields = ["q", "team", "contains_personal_data", "sensitivity", "legal_basis", "consent", "scope"]

    def __init__(
        self, *args, models: QuerySet[MLModel] | None = None, user: Any | None = None, **kwargs
    ) -> None:
        """`models`: whose uses count as "in use" (the models the user may see); every model by default.
        `user`: whose teams the "mine" scope means (no narrowing without one)."""
        super().__init__(*args, **kwargs)
        self.models = models if models is not None else MLModel.objects.all()
        self.user = user

    def filter_scope(self, queryset: QuerySet[DataSource], name: str, value: str) -> QuerySet[DataSource]:
        if value != "mine" or self.user is None:
            return queryset
        from .selectors import data_sources_of_teams

        return data_sources_of_teams(sources=queryset, user=self.user)

    def search(self, queryset: QuerySet[DataSource], name: str, value: str) -> QuerySet[DataSource]:
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_basis(self, queryset: QuerySet[DataSource], name: str, value: str) -> QuerySet[DataSource]:
        return queryset.filter(legal_basis="" if value == "none" else value)

    def filter_consent(self, queryset: QuerySet[DataSource], name: str, value: str) -> QuerySet[DataSource]:
        """Sources with a consent needing attention: expiring within the check policy's warning window."""
        if not value:
            return queryset
        from governance.checks.models import CheckPolicy

        return consent_alerts.sources_with(
            sources=queryset,
            alert=value,
            models=self.models,
            today=timezone.localdate(),
            days=CheckPolicy.current().consent_warning_days,
        )


class VersionFilter(FilterSet):
    model = django_filters.ModelChoiceFilter(queryset=MLModel.objects.all())
    status = django_filters.ChoiceFilter(choices=ModelVersion.Status.choices)
    label = django_filters.CharFilter()
    tag = version_tag_filter()

    class Meta:
        model = ModelVersion
        fields = ["model", "status", "label", "tag"]


class ConsentFilter(FilterSet):
    data_source = django_filters.ModelChoiceFilter(queryset=DataSource.objects.all())
    purpose = django_filters.CharFilter(lookup_expr="iexact")
    withdrawn = StrictBooleanFilter(field_name="withdrawn_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = ConsentRecord
        fields = ["data_source", "purpose", "withdrawn"]
