"""The API's filters: the pages' filter sets plus the exact look-ups a pipeline needs (issue 15, item 6).

The extras stay out of the shared filter sets, whose every field the HTML pages render.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model

from ..filters import DataSourceFilter, ModelFilter


class ModelApiFilter(ModelFilter):
    name = django_filters.CharFilter(help_text="Exactly this name; with `team` it finds one model.")
    owner = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text="The accountable owner's user id."
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this time (ISO 8601)."
    )

    class Meta(ModelFilter.Meta):
        fields = [*ModelFilter.Meta.fields, "name", "owner", "updated_since"]


class DataSourceApiFilter(DataSourceFilter):
    name = django_filters.CharFilter(help_text="Exactly this name.")

    class Meta(DataSourceFilter.Meta):
        fields = [*DataSourceFilter.Meta.fields, "name"]
