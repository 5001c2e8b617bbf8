"""Every form field of the project has a translatable label (issue 25).

A field declared on a form without `label=` shows Django's pretty_name of its attribute ("Owner"), English
in every language: a declared field on a ModelForm does not take the model field's verbose name. The forms
are discovered (every Form class of the project's modules); hidden fields show no label."""

from __future__ import annotations

from django import forms
from django.urls import get_resolver
from django.utils import translation

PROJECT = ("governance.", "assessments.")


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found | {sub for child in found for sub in _subclasses(child)}


def project_forms() -> list[type]:
    get_resolver().url_patterns  # noqa: B018  (imports every view, hence every form)
    return sorted(
        (cls for cls in _subclasses(forms.BaseForm) if cls.__module__.startswith(PROJECT)),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def fields_of(cls: type) -> dict[str, forms.Field]:
    """The fields of a form built with no arguments (labels some set in __init__), else its class's."""
    try:
        return cls().fields
    except Exception:  # a form that needs arguments (a team, a user): its declared fields
        return getattr(cls, "base_fields", {})


def test_every_visible_declared_field_has_a_label_of_its_own():
    found = project_forms()
    assert len(found) >= 20, found
    missing = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in found
        for name, field in fields_of(cls).items()
        if field.label is None and not field.widget.is_hidden
    ]
    assert missing == [], "fields that would show their attribute's name in English:\n" + "\n".join(missing)


def test_the_labels_read_in_korean():
    """A label given as a plain English string would stay English: each differs under Korean."""
    same = []
    for cls in project_forms():
        for name, field in fields_of(cls).items():
            if field.label is None or field.widget.is_hidden:
                continue
            with translation.override("en"):
                english = str(field.label)
            with translation.override("ko"):
                korean = str(field.label)
            if english == korean and any(c.isalpha() for c in english) and not english.isupper():  # "URL"
                same.append(f"{cls.__qualname__}.{name}: {english}")
    assert same == [], "labels not translated:\n" + "\n".join(same)
