"""The project's FilterSet bases: filter labels in the language of the request that renders them.

django-filter keeps a FilterSet's filters on the class (`base_filters`) and deep-copies them per instance, and
a filter caches its form field the first time anything reads `filter.field`. drf-spectacular reads it on the
class's own filters while it builds the API schema, so every later page copied that cached field, built in
whichever language was active then, with no label (a label from a model field stayed English in Korean).
A label django-filter derives from the model's verbose name is also a plain string, fixed when first read.
These bases drop the copied field and make the derived labels lazy, for every FilterSet of the project.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.functional import lazy
from django_filters import rest_framework
from django_filters.utils import label_for_filter

# The label django-filter would derive from the model field's verbose name, resolved when rendered.
lazy_label_for_filter = lazy(label_for_filter, str)


class LanguageOfTheRequest:
    """The mixin: a filter set's labels in the language active when it renders, whichever built it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self.queryset.model
        for filter_ in self.filters.values():
            # A form field cached on the shared class filter came along with the copy: drop it, so that this
            # filter set builds its own (its label, choices and queryset as of this request).
            filter_.__dict__.pop("_field", None)
            if filter_._label is None:
                filter_.label = lazy_label_for_filter(
                    model, filter_.field_name, filter_.lookup_expr, filter_.exclude
                )


class FilterSet(LanguageOfTheRequest, django_filters.FilterSet):
    """Every declared FilterSet of the project derives from this (tests/i18n checks that they all do)."""


class ApiFilterSet(LanguageOfTheRequest, rest_framework.FilterSet):
    """The base of the filter sets the API's filter backend builds from a view's `filterset_fields`."""
