"""The list filters' labels follow the language of the request that renders them, for every filter set.

django-filter keeps the filters on the class and a filter caches its form field once read; the API schema
reads them on the class. A label then stayed in the language of whatever built it first (issue 25). The
filter sets are discovered: every FilterSet class of the project's modules, and the ones the API's filter
backend builds from a view's `filterset_fields`.
"""

from __future__ import annotations

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django_filters.filterset import BaseFilterSet
from drf_spectacular.generators import SchemaGenerator

from governance.foundation.api.querying import VisibleFilterBackend
from governance.foundation.filtering import LanguageOfTheRequest

pytestmark = pytest.mark.django_db

PROJECT = ("governance.", "assessments.")


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found | {sub for child in found for sub in _subclasses(child)}


def _views(patterns) -> list[type]:
    views = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            views += _views(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)
            if view is not None:
                views.append(view)
    return views


def _declared_filter_sets() -> list[type]:
    """Every filter set class of the project's modules with a model (not the bases in foundation)."""
    get_resolver().url_patterns  # noqa: B018  (imports every view, hence every filter set)
    return sorted(
        (cls for cls in _subclasses(BaseFilterSet) if cls.__module__.startswith(PROJECT) and cls._meta.model),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def _built_filter_sets() -> list[type]:
    """The filter sets the API backend builds from `filterset_fields` (one per view that lists some)."""
    built = []
    for view in {v for v in _views(get_resolver().url_patterns) if getattr(v, "filterset_fields", None)}:
        model = view.serializer_class.Meta.model
        built.append(VisibleFilterBackend().get_filterset_class(view(), model._default_manager.none()))
    return built


def _labels(filter_set) -> dict[str, str]:
    return {bound.name: str(bound.label) for bound in filter_set.form}


def test_every_filter_set_is_discovered_and_derives_from_the_base():
    declared, built = _declared_filter_sets(), _built_filter_sets()
    assert len(declared) >= 10 and len(built) >= 3, (declared, built)
    assert [cls for cls in declared + built if not issubclass(cls, LanguageOfTheRequest)] == []


@pytest.mark.parametrize(("first", "then"), [("en", "ko"), ("ko", "en")])
def test_labels_follow_the_language_that_renders_them(first, then):
    """Built (and its class's filters' fields read, as the schema does) in one language, rendered in the
    other: the labels are those of a filter set built in that other language, and they are translated."""
    untranslated = {}
    for cls in _declared_filter_sets() + _built_filter_sets():
        with translation.override(first):
            for filter_ in cls.base_filters.values():
                filter_.field  # noqa: B018  (what drf-spectacular does: caches a field on the class's filter)
            built_first = cls(data={})
            _labels(built_first)  # the form, built and cached in the first language
            in_first = _labels(cls(data={}))
        with translation.override(then):
            assert _labels(built_first) == _labels(cls(data={})), cls
            in_then = _labels(built_first)
        same = {name: label for name, label in in_then.items() if label == in_first[name]}
        if same:
            untranslated[cls.__qualname__] = same
    assert untranslated == {}, f"labels the same in {first} and {then}"


def test_the_api_schema_leaves_the_pages_labels_in_the_pages_language():
    """The real trigger: the schema generated in English, then a Korean list page's filter labels."""
    from governance.inventory.filters import DataSourceFilter

    with translation.override("en"):
        SchemaGenerator().get_schema(request=None, public=True)
    with translation.override("ko"):
        labels = _labels(DataSourceFilter(data={}))
    assert labels["sensitivity"] == "민감도" and labels["legal_basis"] == "법적 근거", labels
    assert isinstance(DataSourceFilter.base_filters["sensitivity"], django_filters.ChoiceFilter)
