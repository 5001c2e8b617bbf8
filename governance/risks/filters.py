"""The register's filters, shared by the HTML list and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from governance.foundation.api.querying import RawYesNoSelect, StrictBooleanFilter
from governance.foundation.filtering import FilterSet
from governance.inventory.models import MLModel
from governance.teams.models import Team

from .models import Risk, RiskMatrix


def level_choices() -> list[tuple[str, str]]:
    """The residual-level filter's choices in the matrices' own names: one choice per level index that some
    matrix has (indices are shared, lowest first), labelled with every name that index carries, default
    matrix first ("High" on one matrix, "High / Severe" when two matrices name it differently). One query."""
    names: list[list[str]] = []
    for levels in RiskMatrix.objects.order_by("-is_default", "name").values_list("levels", flat=True):
        for index, level in enumerate(levels if isinstance(levels, list) else []):
            if index == len(names):
                names.append([])
            name = str(level.get("name", "")).strip() if isinstance(level, dict) else ""
            if name and name not in names[index]:
                names[index].append(name)
    return [(str(i), " / ".join(n) or f"Level {i + 1}") for i, n in enumerate(names)]


# A matrix has at most six levels (validated with the grid); the choices come from the matrices in use.
@extend_schema_field({"type": "integer", "minimum": 0, "maximum": 5})
class IntegerChoiceFilter(django_filters.ChoiceFilter):
    """A level index (0 lowest): an integer in the schema, read from the query string as text."""


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 6})
class RatingFilter(django_filters.NumberFilter):
    """A likelihood or impact rating, 1 to 6."""

    field_class = forms.IntegerField


class RiskFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    team = django_filters.ModelChoiceFilter(
        field_name="model__team", queryset=Team.objects.all(), empty_label=_("All teams"), label=_("Team")
    )
    model = django_filters.ModelChoiceFilter(queryset=MLModel.objects.all(), empty_label=_("All models"))
    category = django_filters.ChoiceFilter(choices=Risk.Category.choices, empty_label=_("All categories"))
    level = IntegerChoiceFilter(
        field_name="residual_level",
        choices=level_choices,  # callable: the API schema lists the matrices' names; instances fix them
        empty_label=_("Any residual level"),
        label=_("Residual level"),
    )
    treatment = django_filters.ChoiceFilter(choices=Risk.Treatment.choices, empty_label=_("Any treatment"))
    status = django_filters.ChoiceFilter(
        choices=Risk.Status.choices, empty_label=_("Open (draft or active)"), method="filter_status"
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        label=_("Review"),
        widget=RawYesNoSelect(
            any_label=_("Any review date"), yes=_("Overdue only"), no=_("Not overdue"), any_value=""
        ),
    )
    matrix = django_filters.ModelChoiceFilter(queryset=RiskMatrix.objects.all(), empty_label=_("Any matrix"))
    basis = django_filters.ChoiceFilter(
        choices=[("inherent", _("Inherent")), ("residual", _("Residual"))],
        method="noop",
        empty_label=_("Residual"),
        label=_("Rating basis"),
    )
    likelihood = RatingFilter(method="filter_cell", min_value=1, max_value=6, label=_("Likelihood"))
    impact = RatingFilter(method="filter_cell", min_value=1, max_value=6, label=_("Impact"))

    class Meta:
        model = Risk
        fields = ["q", "team", "model", "category", "level", "treatment", "status", "overdue", "matrix"]

    def __init__(
        self,
        *args,
        teams: QuerySet[Team] | None = None,
        models: QuerySet[MLModel] | None = None,
        levels: list[tuple[str, str]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.filters["level"].extra["choices"] = level_choices() if levels is None else levels
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

    def filter_overdue(self, queryset: QuerySet[Risk], name: str, value: bool | None) -> QuerySet[Risk]:
        if value is None:
            return queryset
        overdue = Q(status=Risk.Status.ACTIVE, next_review_due__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def noop(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        return queryset

    def filter_cell(self, queryset: QuerySet[Risk], name: str, value) -> QuerySet[Risk]:
        if value is None:
            return queryset
        basis = "inherent" if self.form.cleaned_data.get("basis") == "inherent" else "residual"
        return queryset.filter(**{f"{basis}_{name}": int(value)})
