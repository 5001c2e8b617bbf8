"""Strict query strings: an unknown parameter, a bad boolean or an unknown ordering is a 400 that names it.

A filter the API silently ignores returns the whole list, which a pipeline takes for an answer (issue 15,
items 5, 7 and 9). Filters apply to lists only: a detail view finds any object the reader may see, whatever
a list's default filter hides (issue 17, item 12).
"""

from __future__ import annotations

import functools

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters, serializers

from governance.foundation.filtering import ApiFilterSet

TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})
BOOLEAN_HELP = gettext_lazy("true or false (also 1/0 and yes/no, in any case)")


class StrictBooleanField(forms.Field):
    """true/false/1/0/yes/no in any case; empty means "not filtered"; anything else is an error."""

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError(
            _("Use %(BOOLEAN_HELP)s.") % {"BOOLEAN_HELP": BOOLEAN_HELP}, code="invalid"
        )


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class RawYesNoSelect(forms.Select):
    """A yes/no select for the HTML filter forms that hands the raw value to StrictBooleanField, so the API's
    `?x=1` is read as true instead of Django's NullBooleanSelect quietly reading it as "any"."""

    def __init__(
        self,
        attrs=None,
        *,
        any_label: str = gettext_lazy("Any"),
        yes: str = gettext_lazy("Yes"),
        no: str = gettext_lazy("No"),
        any_value: str = "unknown",
    ) -> None:
        super().__init__(attrs, choices=[(any_value, any_label), ("true", yes), ("false", no)])
        self.any_value = any_value

    def format_value(self, value):
        if value in (True, False):
            return ["true" if value else "false"]
        word = str(value).strip().lower() if value is not None else ""
        if word in TRUE_WORDS:
            return ["true"]
        return ["false"] if word in FALSE_WORDS else [self.any_value]

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return None if value in (None, "unknown") else value


class StrictOrderingFilter(filters.OrderingFilter):
    """`?ordering=` takes only the listed fields (`-` for descending); the schema lists them as an enum."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        allowed = set(_ordering_choices(view))
        bad = [term for term in terms if term not in allowed]
        if bad or not terms:
            raise serializers.ValidationError(
                {
                    self.ordering_param: [
                        _("Unknown ordering %(value)s; use one of: %(value2)s.")
                        % {"value": ", ".join(bad) or "(empty)", "value2": ", ".join(_ordering_choices(view))}
                    ]
                }
            )
        return terms

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "string", "enum": _ordering_choices(view)}
        return parameters


def _ordering_choices(view) -> list[str]:
    fields = list(getattr(view, "ordering_fields", None) or [])
    return [term for name in fields for term in (name, f"-{name}")]


def filter_param_names(view) -> frozenset[str]:
    """Every query parameter the view's filter backends read (fixed per view class: computed once)."""
    return _filter_param_names(type(view), view)


_PARAM_NAMES: dict[tuple, frozenset[str]] = {}


def _filter_param_names(view_class: type, view) -> frozenset[str]:
    key = (view_class, getattr(view, "action", None))
    if key in _PARAM_NAMES:
        return _PARAM_NAMES[key]
    names: set[str] = set()
    for backend_class in getattr(view, "filter_backends", []):
        backend = backend_class()
        if isinstance(backend, DjangoFilterBackend):
            filterset_class = backend.get_filterset_class(view, view.get_queryset())
            names |= filterset_param_names(filterset_class)
        elif isinstance(backend, filters.OrderingFilter):
            names.add(backend.ordering_param)
        elif isinstance(backend, filters.SearchFilter):
            names.add(backend.search_param)
    _PARAM_NAMES[key] = frozenset(names)
    return _PARAM_NAMES[key]


@functools.cache
def filterset_param_names(filterset_class) -> frozenset[str]:
    names: set[str] = set()
    for name, filter_ in (filterset_class.base_filters if filterset_class else {}).items():
        # From the widget class: touching filter_.field would cache a form field on the shared filter.
        widget = filter_.extra.get("widget") or filter_.field_class.widget
        suffixes = getattr(widget, "suffixes", None)
        names |= {f"{name}_{s}" if s else name for s in suffixes} if suffixes else {name}
    return frozenset(names)


def applies_nothing_unasked(filterset_class) -> bool:
    """Whether the filter set filters by what was sent only (django-filter's own `qs`), so a request that
    sends none of its parameters can skip building it: no default that hides rows."""
    return (
        filterset_class.qs is django_filters.FilterSet.qs
        and filterset_class.filter_queryset is django_filters.FilterSet.filter_queryset
    )


class VisibleFilterBackend(DjangoFilterBackend):
    """django-filter, with a filter's choices limited to what the reader may see.

    `view.filter_visible` maps a filter to a selector (`teams_visible_to`...): `?team=<another team's id>`
    is then the same 400 as an id that does not exist, not an empty page that confirms it exists.
    `view.filterset_extra_kwargs()` passes the reader's scope to a filter set that takes one (the data
    sources' consent filters count uses by the models the reader may see, as the page does).
    """

    filterset_base = ApiFilterSet  # the filter sets built from `filterset_fields`: labels per request

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "filterset_extra_kwargs", None)
        return {**kwargs, **extra()} if extra else kwargs

    def filter_queryset(self, request, queryset, view):
        """A list asked for no filter skips building the filter set and its form (a millisecond of a 100-row
        page) when the set has no default of its own (tests/foundation: the same query either way)."""
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            filterset_class is not None
            and applies_nothing_unasked(filterset_class)
            and not (filterset_param_names(filterset_class) & request.query_params.keys())
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for name, visible in getattr(view, "filter_visible", {}).items():
                filterset.filters[name].queryset = visible(user=request.user)
        return filterset


class StrictQueryMixin:
    """For every API viewset: unknown query parameters are a 400, and detail views ignore list filters.

    `list_actions` names the nested lists (detail routes that return a page); `action_query_params`
    adds the parameters an action reads itself.
    """

    list_actions: frozenset[str] = frozenset()
    action_query_params: dict[str, frozenset[str]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        allowed = self.allowed_query_params()
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            takes = ", ".join(sorted(allowed)) or "no query parameters"
            raise serializers.ValidationError(
                {
                    name: [_("Unknown query parameter; this endpoint takes: %(takes)s.") % {"takes": takes}]
                    for name in unknown
                }
            )
        # `?status=` is not "any status" in an API: a pipeline that sent it meant a value it did not have.
        empty = sorted(name for name, values in request.query_params.lists() if "" in values)
        if empty:
            raise serializers.ValidationError(
                {name: [_("Give a value, or leave the parameter out.")] for name in empty}
            )

    def allowed_query_params(self) -> set[str]:
        names = set(self.action_query_params.get(self.action, ()))
        paginated = self.action == "list" or self.action in self.list_actions
        if paginated and getattr(self, "pagination_class", None) is not None:
            paginator = self.pagination_class()
            names |= {paginator.page_query_param, paginator.page_size_query_param}
            if self.action == "list":  # keyset cursors page the main list only
                names |= set(getattr(paginator, "extra_query_params", ()))
        if self.action in {"list", "retrieve"}:
            # A detail view accepts the list's filters (an old client may send them) and ignores them.
            names |= filter_param_names(self)
        return names

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)
